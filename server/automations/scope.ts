import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { invalid } from '../errors.js';
import { checkFilter, type Filter, type FilterContext, matchesFilter } from '../filter/index.js';
import type { FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { findRows, type RecordOut, rowsToRecords } from '../records/records.repository.js';
import type { Automation } from './automations.schema.js';
import type { TriggerInfo } from './runs.repository.js';
import { render, type TemplateScope } from './template.js';

/** How many related records per relation field a template can read. */
const relatedLimit = 20;

/** A record as templates and in-memory filters see it: field keys plus system keys. */
export function flatRecord(r: RecordOut): Record<string, unknown> {
  return { ...r.fields, id: r.id, formId: r.formId, version: r.version, state: r.state, ownerId: r.ownerId, departmentId: r.departmentId, createdAt: r.createdAt, createdBy: r.createdBy, updatedAt: r.updatedAt, updatedBy: r.updatedBy };
}

/** The filter context of an automation on a form: `$me` is the automation's author. */
export function automationFilterContext(deps: Deps, model: FormModel, automation: Pick<Automation, 'createdBy'>): FilterContext {
  return { fields: model.filterFields, userId: automation.createdBy ?? undefined, departmentIds: [], now: deps.clock.now(), timeZone: deps.config.timeZone, engine: deps.engine };
}

/** Renders a filter's template values and checks it against the form (422 when it no longer fits). */
export function renderFilter(filter: Filter, scope: TemplateScope, fctx: FilterContext, path: string): Filter {
  const rendered = render(filter, scope) as Filter;
  const errors = checkFilter(rendered, fctx, path);
  if (errors.length) throw invalid(`${path}: ${errors[0].message}`, errors);
  return rendered;
}

export interface RunScope {
  scope: TemplateScope;
  model?: FormModel;
  record?: RecordOut;
}

/** Loads the trigger record (also from the recycle bin) and its related records into a template scope. */
export async function loadScope(deps: Deps, db: Db, run: { formId: string | null; recordId: string | null; trigger: TriggerInfo; outputs: unknown[] }): Promise<RunScope> {
  const now = deps.clock.now();
  const scope: TemplateScope = { now, timeZone: deps.config.timeZone, steps: run.outputs, payload: run.trigger.payload ?? null, trigger: { event: run.trigger.event, from: run.trigger.from ?? null, to: run.trigger.to ?? null, state: run.trigger.state ?? null, comment: run.trigger.comment ?? null } };
  if (!run.formId) return { scope };
  const model = await loadModel(db, run.formId);
  if (!run.recordId) return { scope, model };
  const [row] = await findRows(db, model, [run.recordId], true);
  if (!row) return { scope, model };
  const [record] = await rowsToRecords(db, model, [row]);
  scope.record = flatRecord(record);
  scope.old = { ...scope.record, ...Object.fromEntries(Object.entries(run.trigger.changes ?? {}).map(([k, c]) => [k, c.before])) };
  scope.related = {};
  for (const f of model.fields) {
    const ids = f.link ? ((record.fields[f.def.key] as string[] | null) ?? []).slice(0, relatedLimit) : [];
    if (!f.link || !ids.length) continue;
    const target = f.link.targetFormId === model.def.id ? model : await loadModel(db, f.link.targetFormId);
    const rows = await findRows(db, target, ids);
    const order = new Map(ids.map((id, i) => [id, i]));
    scope.related[f.def.key] = (await rowsToRecords(db, target, rows)).sort((a, b) => order.get(a.id)! - order.get(b.id)!).map(flatRecord);
  }
  return { scope, model, record };
}

/** Whether the trigger record matches a condition (true when there is no condition). */
export function recordMatches(deps: Deps, rs: RunScope, automation: Automation, filter: Filter | undefined, path: string): boolean {
  if (!filter) return true;
  if (!rs.model || !rs.scope.record) throw invalid(`${path}: there is no trigger record to test`);
  const fctx = automationFilterContext(deps, rs.model, automation);
  return matchesFilter(renderFilter(filter, rs.scope, fctx, path), rs.scope.record, fctx);
}
