import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { invalid } from '../errors.js';
import { checkFilter, type Filter, type FilterContext, matchesFilter } from '../filter/index.js';
import type { FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { findRows, type RecordOut, rowsToRecords } from '../records/records.repository.js';
import type { AccessView } from './author.js';
import type { Automation } from './automations.schema.js';
import type { TriggerInfo } from './runs.repository.js';
import { render, type TemplateScope } from './template.js';

/** How many related records per relation field a template can read. */
const relatedLimit = 20;

/** A record as templates and in-memory filters see it: field keys plus system keys. */
export function flatRecord(r: RecordOut): Record<string, unknown> {
  return {
    ...r.fields,
    id: r.id,
    formId: r.formId,
    version: r.version,
    state: r.state,
    ownerId: r.ownerId,
    departmentId: r.departmentId,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}

/** The filter context of an automation on a form: `$me` is the automation's author. */
export function automationFilterContext(
  deps: Deps,
  model: FormModel,
  automation: Pick<Automation, 'createdBy'>,
): FilterContext {
  return {
    fields: model.filterFields,
    userId: automation.createdBy ?? undefined,
    departmentIds: [],
    now: deps.clock.now(),
    timeZone: deps.config.timeZone,
    engine: deps.engine,
  };
}

/** Renders a filter's template values and checks it against the form (422 when it no longer fits). */
export function renderFilter(
  filter: Filter,
  scope: TemplateScope,
  fctx: FilterContext,
  path: string,
): Filter {
  const rendered = render(filter, scope) as Filter;
  const errors = checkFilter(rendered, fctx, path);
  if (errors.length) throw invalid(`${path}: ${errors[0].message}`, errors);
  return rendered;
}

export interface RunScope {
  scope: TemplateScope;
  model?: FormModel;
  record?: RecordOut;
  /** The trigger record exists but lies outside what the automation's readers may see: it was left out. */
  outOfScope?: boolean;
}

/** What a run's scope is made from: its form and record, its trigger and earlier results. */
export interface ScopeSource {
  formId: string | null;
  recordId: string | null;
  trigger: TriggerInfo;
  outputs: unknown[];
}

/** The scope without the record: time, earlier results, the payload and the event. */
function baseScope(deps: Deps, run: ScopeSource, now = deps.clock.now()): TemplateScope {
  const t = run.trigger;
  return {
    now,
    timeZone: deps.config.timeZone,
    steps: run.outputs,
    payload: t.payload ?? null,
    trigger: {
      event: t.event,
      from: t.from ?? null,
      to: t.to ?? null,
      state: t.state ?? null,
      comment: t.comment ?? null,
    },
  };
}

/** Puts the record (and, for updates, its values before the change) into a scope. */
function withRecord(scope: TemplateScope, record: RecordOut, trigger: TriggerInfo): void {
  scope.record = flatRecord(record);
  const changes = Object.entries(trigger.changes ?? {});
  // Templates only read a scope, so without changes `old` can be the record itself.
  scope.old = changes.length
    ? { ...scope.record, ...Object.fromEntries(changes.map(([k, c]) => [k, c.before])) }
    : scope.record;
  scope.related = {};
}

/**
 * A scope as the readers of `view` see it: a trigger record outside their read scope is left out
 * (`outOfScope`), as are related records outside it; hidden fields are absent, sensitive ones
 * masked. The one gate every record an automation reads passes through.
 */
export async function seenBy(db: Db, view: AccessView, rs: RunScope): Promise<RunScope> {
  const s = rs.scope;
  if (view.all || !rs.model || !rs.record || !s.record) return rs;
  const fv = await view.form(db, rs.model);
  if (!fv.sees(s.record))
    return { scope: { ...s, record: null, old: null, related: {} }, model: rs.model, outOfScope: true };
  const related: NonNullable<TemplateScope['related']> = {};
  for (const [key, records] of Object.entries(s.related ?? {})) {
    const target = rs.model.byKey.get(key)?.link?.targetFormId;
    if (!target) continue;
    const tv = await view.form(db, target === rs.model.def.id ? rs.model : await loadModel(db, target));
    related[key] = records.filter((r) => tv.sees(r)).map((r) => tv.show(r));
  }
  const record = fv.show(s.record);
  const old = s.old === s.record ? record : s.old && fv.show(s.old);
  return {
    scope: { ...s, record, old, related },
    model: rs.model,
    record: { ...rs.record, fields: fv.show(rs.record.fields) },
  };
}

/**
 * Loads the trigger record (also from the recycle bin) and its related records into a template
 * scope, as `view` lets the automation see them (`null`: unfiltered, for callers that apply
 * views themselves with `seenBy`).
 */
export async function loadScope(
  deps: Deps,
  db: Db,
  run: ScopeSource,
  view: AccessView | null,
): Promise<RunScope> {
  const rs = await loadRawScope(deps, db, run);
  return view ? seenBy(db, view, rs) : rs;
}

async function loadRawScope(deps: Deps, db: Db, run: ScopeSource): Promise<RunScope> {
  const scope = baseScope(deps, run);
  if (!run.formId) return { scope };
  const model = await loadModel(db, run.formId);
  if (!run.recordId) return { scope, model };
  const [row] = await findRows(db, model, [run.recordId], true);
  if (!row) return { scope, model };
  const [record] = await rowsToRecords(db, model, [row]);
  withRecord(scope, record, run.trigger);
  for (const f of model.fields) {
    const ids = f.link ? ((record.fields[f.def.key] as string[] | null) ?? []).slice(0, relatedLimit) : [];
    if (!f.link || !ids.length) continue;
    const target = f.link.targetFormId === model.def.id ? model : await loadModel(db, f.link.targetFormId);
    const rows = await findRows(db, target, ids);
    const order = new Map(ids.map((id, i) => [id, i]));
    scope.related![f.def.key] = (await rowsToRecords(db, target, rows))
      .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
      .map(flatRecord);
  }
  return { scope, model, record };
}

/** Whether templates of a definition read through a relation (`{{record.customer.name}}`): only then are related records loaded. */
export const readsRelated = (value: unknown): boolean =>
  /\{\{\s*record\.[A-Za-z0-9_$]+\./.test(JSON.stringify(value ?? null));

/**
 * `loadScope` for many runs of one form at once: one query for the records (and one for their
 * links) instead of two per run. With `related`, each run's related records are loaded as
 * `loadScope` does. The view's access is resolved once per form, not per record.
 */
export async function loadScopes(
  deps: Deps,
  db: Db,
  runs: ScopeSource[],
  related: boolean,
  view: AccessView | null,
): Promise<RunScope[]> {
  if (related) {
    const out: RunScope[] = [];
    for (const r of runs) out.push(await loadScope(deps, db, r, view));
    return out;
  }
  const models = new Map<string, FormModel>();
  for (const formId of new Set(runs.map((r) => r.formId).filter((f): f is string => !!f)))
    models.set(formId, await loadModel(db, formId));
  const records = new Map<string, RecordOut>();
  for (const [formId, model] of models) {
    const ids = [...new Set(runs.filter((r) => r.formId === formId && r.recordId).map((r) => r.recordId!))];
    for (let i = 0; i < ids.length; i += 500)
      for (const rec of await rowsToRecords(
        db,
        model,
        await findRows(db, model, ids.slice(i, i + 500), true),
      ))
        records.set(`${formId}:${rec.id}`, rec);
  }
  const now = deps.clock.now();
  const raw = runs.map((r): RunScope => {
    const scope = baseScope(deps, r, now);
    const model = r.formId ? models.get(r.formId) : undefined;
    const record = r.recordId ? records.get(`${r.formId}:${r.recordId}`) : undefined;
    if (record) withRecord(scope, record, r.trigger);
    return { scope, model, ...(record ? { record } : {}) };
  });
  if (!view || view.all) return raw;
  const out: RunScope[] = [];
  for (const rs of raw) out.push(await seenBy(db, view, rs));
  return out;
}

/** Whether the trigger record matches a condition (true when there is no condition). */
export function recordMatches(
  deps: Deps,
  rs: RunScope,
  automation: Automation,
  filter: Filter | undefined,
  path: string,
): boolean {
  if (!filter) return true;
  if (!rs.model || !rs.scope.record) throw invalid(`${path}: there is no trigger record to test`);
  const fctx = automationFilterContext(deps, rs.model, automation);
  return matchesFilter(renderFilter(filter, rs.scope, fctx, path), rs.scope.record, fctx);
}
