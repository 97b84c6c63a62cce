import type { CurrentUser, Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { invalid, notFound } from '../errors.js';
import { readonlyInState } from '../workflows/workflows.service.js';
import { findWorkflow } from '../workflows/workflows.repository.js';
import type { Expression, SqlBool } from 'kysely';
import { compileFilter, type Filter, type FilterContext, type FilterField } from '../filter/index.js';
import { type FormModel, recordTable } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { selectRows } from '../records/record-table.js';
import type { RecordOut } from '../records/records.repository.js';
import { type FormAccess, formAccess, need, userGrants, visibleFilterFields } from './access.js';
import { maskValue } from './mask.js';
import type { Action, Grant } from './permissions.schema.js';

/** What a caller may read of a related form: nothing (null), or what `where` matches (all without one). */
export type TargetRead = { where?: Expression<SqlBool> } | null;

/** Everything a records route needs to know about the caller on one form. */
export interface RecordContext {
  model: FormModel;
  access: FormAccess;
  /** Full filter context: scopes compile in it. */
  scopeContext: FilterContext;
  /**
   * What the caller's own filters, sorts, groups and searches may use: no hidden fields, and the
   * fields they see masked marked `exactOnly`. Lists, counts, exports, aggregates, dashboards and
   * views all check against it.
   */
  fctx: FilterContext;
  /**
   * Fields whose values come from a sensitive field: the field itself, a lookup of one (also
   * through formulas or lookups on the related form), a formula or rollup over one. Masked in
   * lists, and in details unless the caller sees sensitive fields in full.
   */
  sensitive: Set<string>;
  /**
   * The caller's read right on a related form (by id), for relation writes and what links show;
   * read through `db`, the handle or transaction of the moment (a SQLite transaction holds the
   * only connection).
   */
  readOf(db: Db, formId: string): Promise<TargetRead>;
}

export function filterContext(model: FormModel, user: CurrentUser, deps: Deps): FilterContext {
  return {
    fields: model.filterFields,
    userId: user.id,
    departmentIds: user.departmentIds,
    now: deps.clock.now(),
    timeZone: deps.config.timeZone,
    engine: deps.engine,
  };
}

/** The caller whose facts are resolved, and the handle they are read with. */
interface Who {
  db: Db;
  deps: Deps;
  user: CurrentUser;
  grants: Grant[] | undefined;
}

type Memo = Map<string, Promise<Facts>>;

interface Facts {
  model: FormModel;
  access: FormAccess;
  scopeContext: FilterContext;
  sensitive: Set<string>;
  /**
   * Lookups through a relation to records the caller may not all read: shown computed from the
   * readable ones only (`presentAll`), but their stored values mix in the others, so they may not
   * filter, sort, group or be searched.
   */
  scoped: Set<string>;
}

/**
 * The caller's access to a form with what computed fields inherit: a lookup or rollup of a field
 * the caller may not see on the related form (or of a form they may not read) is hidden, a
 * lookup of a sensitive one is sensitive; a rollup over records the caller may not all read is
 * hidden (its count or sum would tell about them), and so is a formula over a lookup of such
 * records; then every field computed from a hidden field is hidden and from a sensitive one
 * sensitive (`ModelField.sources`). For a caller who sees sensitive fields masked, a sensitive
 * formula or rollup is hidden: a number or a derived text cannot be masked. `visiting` cuts
 * relation cycles (lookups through one are hidden).
 */
async function formFacts(who: Who, model: FormModel, visiting: Set<string>, memo: Memo): Promise<Facts> {
  const { db, deps, user, grants } = who;
  const scopeContext = filterContext(model, user, deps);
  const access = await formAccess(db, user, model, scopeContext, grants);
  const sensitive = new Set(model.fields.filter((f) => f.def.sensitive).map((f) => f.def.key));
  const scoped = new Set<string>();
  if (access.isAdmin) return { model, access, scopeContext, sensitive, scoped };
  const inner = new Set(visiting).add(model.def.id);
  for (const f of model.derived) {
    const th = f.through!;
    const targetId = th.targetForm.id;
    if (access.hidden.has(f.def.key)) continue;
    if (visiting.has(targetId)) {
      access.hidden.add(f.def.key);
      continue;
    }
    const t = await factsOf(who, targetId, inner, memo);
    if (!t.access.actions.has('read') || t.access.hidden.has(th.target.key)) access.hidden.add(f.def.key);
    else if (f.def.type === 'rollup' && t.access.scope.read) access.hidden.add(f.def.key);
    else {
      if (t.access.scope.read) scoped.add(f.def.key);
      if (t.sensitive.has(th.target.key)) sensitive.add(f.def.key);
    }
  }
  for (const f of model.fields) {
    const fromHidden = f.sources.some((k) => access.hidden.has(k) || (!f.through && scoped.has(k)));
    if (fromHidden) access.hidden.add(f.def.key);
    else if (f.sources.some((k) => sensitive.has(k))) sensitive.add(f.def.key);
  }
  if (!access.sensitiveFull)
    for (const f of model.fields)
      if (sensitive.has(f.def.key) && (f.formula || f.def.type === 'rollup')) access.hidden.add(f.def.key);
  return { model, access, scopeContext, sensitive, scoped };
}

function factsOf(who: Who, formId: string, visiting: Set<string>, memo: Memo): Promise<Facts> {
  // By the path too: lookups back into a form on the path are cut (hidden).
  const memoKey = `${formId}<${[...visiting].sort().join(',')}`;
  let facts = memo.get(memoKey);
  if (!facts) {
    facts = loadModel(who.db, formId).then((m) => formFacts(who, m, visiting, memo));
    memo.set(memoKey, facts);
  }
  return facts;
}

/**
 * What one reader may see of a form without checking any action (for notifications written for
 * them): their access, hidden fields with what inherits hiding, and the fields sensitive for them.
 */
export async function readerView(
  db: Db,
  deps: Deps,
  user: CurrentUser,
  formId: string,
): Promise<{ access: FormAccess; sensitive: Set<string> }> {
  const grants = user.isAdmin ? undefined : await userGrants(db, user);
  const { access, sensitive } = await factsOf({ db, deps, user, grants }, formId, new Set(), new Map());
  return { access, sensitive };
}

/**
 * Loads the form, resolves the caller's rights on it and checks `action` (403 when the caller has
 * no such right at all; without `action`, nothing is checked). Lookups, rollups and formulas inherit hiding and masking from what they
 * are computed from (see `formFacts`), so nothing leaks through a relation or a formula.
 */
export async function recordContext(
  db: Db,
  deps: Deps,
  user: CurrentUser,
  formId: string,
  action?: Action,
): Promise<RecordContext> {
  const who: Who = { db, deps, user, grants: user.isAdmin ? undefined : await userGrants(db, user) };
  const memo: Memo = new Map();
  const { model, access, scopeContext, sensitive, scoped } = await factsOf(who, formId, new Set(), memo);
  if (action) need(access, action);
  const masked = access.isAdmin || access.sensitiveFull ? new Set<string>() : sensitive;
  const fields = new Map<string, FilterField>();
  for (const [k, f] of visibleFilterFields(scopeContext.fields, access))
    if (!scoped.has(k)) fields.set(k, masked.has(k) ? { ...f, exactOnly: true } : f);
  const reads = new Map<string, Promise<TargetRead>>();
  const readOf = (on: Db, target: string): Promise<TargetRead> => {
    if (access.isAdmin) return Promise.resolve({});
    let r = reads.get(target);
    if (!r) {
      r = factsOf({ ...who, db: on }, target, new Set(), memo).then((t) => {
        if (!t.access.actions.has('read')) return null;
        const scope = t.access.scope.read;
        return scope ? { where: compileFilter(scope, t.scopeContext) } : {};
      });
      reads.set(target, r);
    }
    return r;
  };
  return { model, access, scopeContext, fctx: { ...scopeContext, fields }, sensitive, readOf };
}

/** 404 unless the record exists and lies within the caller's scope for `action`. */
export async function assertInScope(
  db: Db,
  rc: RecordContext,
  id: string,
  action: Action,
  withDeleted = false,
): Promise<void> {
  const scope: Filter | undefined = rc.access.scope[action];
  let q = selectRows(db, rc.model, { withDeleted }).select('id').where('id', '=', id);
  if (scope) q = q.where(compileFilter(scope, rc.scopeContext));
  if (!(await q.executeTakeFirst())) throw notFound('Record');
}

/**
 * The record as this caller may see it: hidden fields absent; sensitive fields (and what is
 * computed from them) masked in lists, and in details unless the caller may see them in full.
 */
export function present(rc: RecordContext, rec: RecordOut, mode: 'list' | 'detail'): RecordOut {
  const { access } = rc;
  const full = access.isAdmin || (mode === 'detail' && access.sensitiveFull);
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec.fields)) {
    if (access.hidden.has(k)) continue;
    fields[k] = rc.sensitive.has(k) && !full ? maskValue(v) : v;
  }
  return { ...rec, fields };
}

/**
 * Records as this caller may see them: links to related records they may not read left out
 * (also from reverse relations), lookups computed from the linked records they may read only
 * (one query per related form and page), then `present`.
 */
export async function presentAll(
  db: Db,
  rc: RecordContext,
  recs: RecordOut[],
  mode: 'list' | 'detail',
): Promise<RecordOut[]> {
  const out = await readableLinks(db, rc, recs);
  return out.map((r) => present(rc, r, mode));
}

/**
 * The rows of related records (by id) the caller may read, with `columns`; undefined when they
 * may read every record of that form (nothing to leave out). One query per 1,000 ids.
 */
async function readableRows(
  db: Db,
  rc: RecordContext,
  targetId: string,
  ids: string[],
  columns: string[] = [],
): Promise<Map<string, Record<string, unknown>> | undefined> {
  const read = await rc.readOf(db, targetId);
  if (read && !read.where) return undefined;
  const rows = new Map<string, Record<string, unknown>>();
  for (let i = 0; read && i < ids.length; i += 1000) {
    const q = selectRows(db, recordTable(targetId), { withDeleted: true })
      .select(['id', 'deleted_at', ...columns])
      .where('id', 'in', ids.slice(i, i + 1000))
      .where(read.where!);
    for (const row of (await q.execute()) as Record<string, unknown>[]) rows.set(row.id as string, row);
  }
  return rows;
}

async function readableLinks(db: Db, rc: RecordContext, recs: RecordOut[]): Promise<RecordOut[]> {
  if (rc.access.isAdmin || !recs.length) return recs;
  const { model, access } = rc;
  const relations = model.fields.filter((f) => f.link && !access.hidden.has(f.def.key));
  if (!relations.length) return recs;
  const fields = recs.map((r) => ({ ...r.fields }));
  const byTarget = new Map<string, typeof relations>();
  for (const f of relations) {
    const target = f.link!.targetFormId;
    byTarget.set(target, [...(byTarget.get(target) ?? []), f]);
  }
  const linkIds = (v: Record<string, unknown>, key: string) => (v[key] as string[] | undefined) ?? [];
  for (const [targetId, rels] of byTarget) {
    const relKeys = new Set(rels.map((f) => f.def.key));
    const lookups = model.derived.filter(
      (f) => f.def.type === 'lookup' && !access.hidden.has(f.def.key) && relKeys.has(f.through!.relation.key),
    );
    const column = (f: (typeof lookups)[number]) => `f_${f.through!.target.id}`;
    const ids = [...new Set(fields.flatMap((v) => rels.flatMap((f) => linkIds(v, f.def.key))))];
    const rows = await readableRows(db, rc, targetId, ids, [...new Set(lookups.map(column))]);
    if (!rows) continue;
    for (const v of fields) {
      for (const f of rels) v[f.def.key] = linkIds(v, f.def.key).filter((id) => rows.has(id));
      for (const f of lookups) {
        // As stored lookups are computed: in link order, live records only, no empty values in a list.
        const live = linkIds(v, f.through!.relation.key)
          .map((id) => rows.get(id)!)
          .filter((row) => !row.deleted_at);
        const raw = live.map((row) => row[column(f)] ?? null);
        v[f.def.key] = f.through!.link.multiple
          ? f.read(raw.filter((x) => x !== null))
          : f.read(raw[0] ?? null);
      }
    }
  }
  return recs.map((r, i) => ({ ...r, fields: fields[i] }));
}

/** Whether a detail answer showed sensitive values in full (to be recorded in the audit log). */
export function revealedSensitive(rc: RecordContext, rec: RecordOut): string[] {
  if (rc.access.isAdmin || !rc.access.sensitiveFull) return [];
  return [...rc.sensitive].filter((k) => !rc.access.hidden.has(k) && rec.fields[k] != null);
}

/** One field's change in a history entry (`$ownerId`, `$departmentId` for moves). */
type Change = { fieldId: string; key: string; before: unknown; after: unknown };

/**
 * History entries as the caller may see them: only changes of fields the form still has and the
 * caller sees (never a removed field's, a hidden one's, or one computed from a hidden field),
 * owner and department moves, sensitive values masked unless seen in full, and of links only
 * the related records the caller may read.
 */
export async function presentHistory<T extends { changes: Change[] }>(
  db: Db,
  rc: RecordContext,
  items: T[],
): Promise<T[]> {
  const full = rc.access.isAdmin || rc.access.sensitiveFull;
  const shown = (ch: Change) =>
    ch.fieldId.startsWith('$') ||
    (rc.model.byId.get(ch.fieldId)?.def.key === ch.key && !rc.access.hidden.has(ch.key));
  const mask = (ch: Change) =>
    rc.sensitive.has(ch.key) && !full
      ? { ...ch, before: maskValue(ch.before), after: maskValue(ch.after) }
      : ch;
  const out = items.map((h) => ({ ...h, changes: h.changes.filter(shown).map(mask) }));
  if (rc.access.isAdmin) return out;
  const linked = new Map<string, Set<string>>();
  const target = (fieldId: string) => rc.model.byId.get(fieldId)?.link?.targetFormId;
  const idsOf = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  for (const h of out)
    for (const ch of h.changes) {
      const t = target(ch.fieldId);
      if (!t) continue;
      const seen = linked.get(t) ?? new Set<string>();
      for (const id of [...idsOf(ch.before), ...idsOf(ch.after)]) seen.add(id);
      linked.set(t, seen);
    }
  const readable = new Map<string, Map<string, unknown> | undefined>();
  for (const [t, ids] of linked) readable.set(t, await readableRows(db, rc, t, [...ids]));
  const keep = (t: string, v: unknown) => {
    const rows = readable.get(t);
    return rows && Array.isArray(v) ? idsOf(v).filter((id) => rows.has(id)) : v;
  };
  return out.map((h) => ({
    ...h,
    changes: h.changes.map((ch) => {
      const t = target(ch.fieldId);
      return t ? { ...ch, before: keep(t, ch.before), after: keep(t, ch.after) } : ch;
    }),
  }));
}

/** Fields frozen in the record's current workflow state cannot change (422 naming them). */
export async function checkWritableInState(
  db: Db,
  rc: RecordContext,
  recordId: string,
  fields: unknown,
): Promise<void> {
  if (!fields || typeof fields !== 'object') return;
  const wf = await findWorkflow(db, rc.model.def.id);
  if (!wf) return;
  const row = (await selectRows(db, rc.model, { withDeleted: true })
    .select('state')
    .where('id', '=', recordId)
    .executeTakeFirst()) as { state: string | null } | undefined;
  const frozen = readonlyInState(wf, row?.state ?? null);
  const bad = Object.keys(fields).filter((k) => frozen.includes(k));
  const label = wf.states.find((s) => s.key === row?.state)?.label ?? row?.state;
  if (bad.length)
    throw invalid(
      `${bad.join(', ')} cannot change while the record is 「${label}」`,
      bad.map((k) => ({ path: `/fields/${k}`, message: `is read-only in state ${label}` })),
    );
}
