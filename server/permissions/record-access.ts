import type { CurrentUser, Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { invalid, notFound } from '../errors.js';
import { readonlyInState } from '../workflows/workflows.service.js';
import { findWorkflow } from '../workflows/workflows.repository.js';
import { compileFilter, type Filter, type FilterContext } from '../filter/index.js';
import type { FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { dyn, type RecordOut } from '../records/records.repository.js';
import { type FormAccess, formAccess, need, userGrants, visibleFilterFields } from './access.js';
import { maskValue } from './mask.js';
import type { Action, Grant } from './permissions.schema.js';

/** Everything a records route needs to know about the caller on one form. */
export interface RecordContext {
  model: FormModel;
  access: FormAccess;
  /** Full filter context: scopes compile in it. */
  scopeContext: FilterContext;
  /** What the caller's own filters may use (no hidden fields). */
  fctx: FilterContext;
}

export function filterContext(model: FormModel, user: CurrentUser, deps: Deps): FilterContext {
  return { fields: model.filterFields, userId: user.id, departmentIds: user.departmentIds, now: deps.clock.now(), timeZone: deps.config.timeZone, engine: deps.engine };
}

/**
 * Loads the form, resolves the caller's rights on it and checks `action` (403 when the caller has
 * no such right at all; without `action`, nothing is checked). Lookups and rollups over a field the caller may not see on the related
 * form are hidden too, so nothing leaks through a relation.
 */
export async function recordContext(db: Db, deps: Deps, user: CurrentUser, formId: string, action?: Action): Promise<RecordContext> {
  const model = await loadModel(db, formId);
  const scopeContext = filterContext(model, user, deps);
  let grants: Grant[] | undefined;
  if (!user.isAdmin) grants = await userGrants(db, user);
  const access = await formAccess(db, user, model, scopeContext, grants);
  if (action) need(access, action);
  if (!user.isAdmin)
    for (const f of model.derived) {
      if (access.hidden.has(f.def.key) || !f.through) continue;
      const target = f.through.targetForm.id === model.def.id ? model : await loadModel(db, f.through.targetForm.id);
      const ta = await formAccess(db, user, target, filterContext(target, user, deps), grants);
      if (!ta.actions.has('read') || ta.hidden.has(f.through.target.key)) access.hidden.add(f.def.key);
    }
  return { model, access, scopeContext, fctx: { ...scopeContext, fields: visibleFilterFields(scopeContext.fields, access) } };
}

/** 404 unless the record exists and lies within the caller's scope for `action`. */
export async function assertInScope(db: Db, rc: RecordContext, id: string, action: Action, withDeleted = false): Promise<void> {
  const scope: Filter | undefined = rc.access.scope[action];
  let q = dyn(db).selectFrom(rc.model.table).select('id').where('id', '=', id);
  if (!withDeleted) q = q.where('deleted_at', 'is', null);
  if (scope) q = q.where(compileFilter(scope, rc.scopeContext));
  if (!(await q.executeTakeFirst())) throw notFound('Record');
}

/**
 * The record as this caller may see it: hidden fields absent; sensitive fields masked in lists,
 * and in details unless the caller may see them in full.
 */
export function present(rc: RecordContext, rec: RecordOut, mode: 'list' | 'detail'): RecordOut {
  const { access, model } = rc;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec.fields)) {
    if (access.hidden.has(k)) continue;
    const f = model.byKey.get(k);
    const full = access.isAdmin || (mode === 'detail' && access.sensitiveFull);
    fields[k] = f?.def.sensitive && !full ? maskValue(v) : v;
  }
  return { ...rec, fields };
}

/** Whether a detail answer showed sensitive values in full (to be recorded in the audit log). */
export function revealedSensitive(rc: RecordContext, rec: RecordOut): string[] {
  if (rc.access.isAdmin || !rc.access.sensitiveFull) return [];
  return rc.model.fields.filter((f) => f.def.sensitive && !rc.access.hidden.has(f.def.key) && rec.fields[f.def.key] != null).map((f) => f.def.key);
}

/** History entries without hidden fields, sensitive values masked unless seen in full. */
export function presentHistory<T extends { changes: Array<{ key: string; before: unknown; after: unknown }> }>(rc: RecordContext, items: T[]): T[] {
  const full = rc.access.isAdmin || rc.access.sensitiveFull;
  return items.map((h) => ({
    ...h,
    changes: h.changes
      .filter((ch) => !rc.access.hidden.has(ch.key))
      .map((ch) => (rc.model.byKey.get(ch.key)?.def.sensitive && !full ? { ...ch, before: maskValue(ch.before), after: maskValue(ch.after) } : ch)),
  }));
}

/** Fields frozen in the record's current workflow state cannot change (422 naming them). */
export async function checkWritableInState(db: Db, rc: RecordContext, recordId: string, fields: unknown): Promise<void> {
  if (!fields || typeof fields !== 'object') return;
  const wf = await findWorkflow(db, rc.model.def.id);
  if (!wf) return;
  const row = (await dyn(db).selectFrom(rc.model.table).select('state').where('id', '=', recordId).executeTakeFirst()) as { state: string | null } | undefined;
  const frozen = readonlyInState(wf, row?.state ?? null);
  const bad = Object.keys(fields).filter((k) => frozen.includes(k));
  const label = wf.states.find((s) => s.key === row?.state)?.label ?? row?.state;
  if (bad.length) throw invalid(`${bad.join(', ')} cannot change while the record is 「${label}」`, bad.map((k) => ({ path: `/fields/${k}`, message: `is read-only in state ${label}` })));
}
