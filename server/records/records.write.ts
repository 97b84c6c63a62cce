import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { AppError, conflict, invalid, notFound, type ErrorDetail } from '../errors.js';
import type { FormModel, ModelField } from '../forms/form-model.js';
import { iso } from '../shared/clock.js';
import { localDay } from '../shared/time.js';
import { newId } from '../shared/ids.js';
import { findWorkflow } from '../workflows/workflows.repository.js';
import { attachFiles } from '../files/file-attach.js';
import { linkFiles } from '../files/file-links.js';
import { nextAutonumbers, takeCounter } from './autonumber.js';
import { computeFormulas } from './derived.js';
import { updateRows, updateVersioned } from './record-table.js';
import {
  findRows,
  insertRows,
  loadLinks,
  type RecordOut,
  type RecordRow,
  replaceLinks,
  rowsToRecords,
  systemColumns,
  toRecord,
} from './records.repository.js';
import { type HistoryEntry, linkedRecords, recordWrites, refreshAfterWrite } from './side-effects.js';
import {
  checkReferences,
  checkUnique,
  type LinkReads,
  type ParseMemo,
  parseValues,
  type Values,
} from './values.js';

/** Who writes, and where in an automation chain. */
export interface Actor {
  userId: string | null;
  departmentId: string | null;
  depth?: number;
  /** For a write by no person (an automation): whose rights decide which files it may attach. */
  onBehalfOf?: string | null;
}

export interface NewRecordInput {
  fields: unknown;
  ownerId?: string | null;
  departmentId?: string | null;
}

/** An API value for a field's column: empty stays NULL (never 0 or false). */
const toColumn = (f: ModelField, v: unknown) =>
  v === null || v === undefined ? null : f.type.toDb(v, f.def);

async function checkPeople(
  db: Db,
  owner: Array<{ ownerId?: string | null; departmentId?: string | null; prefix: string }>,
): Promise<ErrorDetail[]> {
  const users = [...new Set(owner.map((o) => o.ownerId).filter(Boolean))] as string[];
  const deps = [...new Set(owner.map((o) => o.departmentId).filter(Boolean))] as string[];
  const u = new Set(
    users.length
      ? (await db.selectFrom('users').select('id').where('id', 'in', users).execute()).map((r) => r.id)
      : [],
  );
  const d = new Set(
    deps.length
      ? (await db.selectFrom('departments').select('id').where('id', 'in', deps).execute()).map((r) => r.id)
      : [],
  );
  const errors: ErrorDetail[] = [];
  for (const o of owner) {
    if (o.ownerId && !u.has(o.ownerId))
      errors.push({ path: o.prefix.replace(/\/fields$/, '/ownerId'), message: 'no such user' });
    if (o.departmentId && !d.has(o.departmentId))
      errors.push({ path: o.prefix.replace(/\/fields$/, '/departmentId'), message: 'no such department' });
  }
  return errors;
}

/**
 * Creates records, all or nothing, in one transaction: rows, links, computed values, history and
 * outbox events. `prefix(i)` names where record i's fields sit in the request (for error paths);
 * `readOf` limits the records a relation may link to those the writer may read.
 */
export async function createRecords(
  deps: Deps,
  db: Db,
  model: FormModel,
  inputs: NewRecordInput[],
  actor: Actor,
  prefix: (i: number) => string,
  readOf?: LinkReads,
): Promise<RecordOut[]> {
  const now = deps.clock.now();
  const dctx = {
    userId: actor.userId,
    departmentId: actor.departmentId,
    today: localDay(now, deps.config.timeZone),
    now: iso(now),
  };
  const memo: ParseMemo = new Map();
  const parsed = inputs.map((input, i) => {
    const at = prefix(i);
    const r = parseValues(model, input.fields, 'create', at, dctx, memo);
    return { values: r.values, errors: r.errors, prefix: at };
  });
  let errors = parsed.flatMap((p) => p.errors);
  if (!errors.length) {
    errors = [
      ...(await checkReferences(db, model, parsed, readOf)),
      ...(await checkUnique(db, model, parsed)),
      ...(await checkPeople(
        db,
        inputs.map((x, i) => ({
          ownerId: x.ownerId,
          departmentId: x.departmentId,
          prefix: parsed[i].prefix,
        })),
      )),
    ];
  }
  if (errors.length)
    throw invalid(
      inputs.length > 1
        ? `Record ${errors[0].path.split('/')[2]} is invalid: ${errors[0].message}`
        : errors[0].message,
      errors,
    );
  return insertRecords(
    deps,
    db,
    model,
    parsed.map((p, i) => ({
      values: p.values,
      ownerId: inputs[i].ownerId,
      departmentId: inputs[i].departmentId,
      prefix: p.prefix,
    })),
    actor,
    { now },
  );
}

/** A new record whose values passed parseValues and the database checks. */
export interface CheckedRecord {
  values: Values;
  /** Where its fields sit in the request, for error paths (`/records/<i>/fields` when not told). */
  prefix?: string;
  ownerId?: string | null;
  departmentId?: string | null;
}

/**
 * Writes new records that passed every check (createRecords does them; an import does them for a
 * whole chunk itself): rows, links, computed values, history and outbox events, in the caller's
 * transaction. Answers the records as the API shows them, in input order (none with `answer: false`).
 */
export async function insertRecords(
  deps: Deps,
  db: Db,
  model: FormModel,
  records: CheckedRecord[],
  actor: Actor,
  opts: { now?: Date; answer?: boolean } = {},
): Promise<RecordOut[]> {
  if (!records.length) return [];
  const now = opts.now ?? deps.clock.now();
  const at = iso(now);
  const values = records.map((r) => r.values);
  // Only files the writer may use get attached (server/files); ids become their metadata.
  await attachFiles(
    deps,
    db,
    model,
    records.map((r, i) => ({ values: r.values, prefix: r.prefix ?? `/records/${i}/fields` })),
    actor,
  );
  const n = records.length;
  for (const f of model.fields) {
    if (f.def.type !== 'autonumber') continue;
    const numbers = await nextAutonumbers(db, f, n, now, deps.config.timeZone);
    values.forEach((v, i) => v.set(f.def.key, numbers[i]));
  }
  const firstSeq = await takeCounter(db, model.def.id, '', n);
  const initialState = (await findWorkflow(db, model.def.id))?.initial ?? null;
  const ectx = { now, timeZone: deps.config.timeZone };
  const stored = model.fields.filter((f) => f.column);
  const rows = values.map((v, i) => {
    const row: RecordRow = {
      id: newId('rec'),
      seq: firstSeq + i,
      version: 1,
      state: initialState,
      state_entered_at: initialState ? at : null,
      owner_id: records[i].ownerId ?? actor.userId,
      department_id: records[i].departmentId ?? actor.departmentId,
      created_at: at,
      created_by: actor.userId,
      updated_at: at,
      updated_by: actor.userId,
      deleted_at: null,
    };
    if (model.formulas.length)
      for (const [k, fv] of Object.entries(computeFormulas(model, Object.fromEntries(v), ectx))) v.set(k, fv);
    for (const f of stored) row[f.column!] = toColumn(f, v.get(f.def.key));
    return row;
  });
  await insertRows(db, model.table, rows, [...systemColumns, ...stored.map((f) => f.column!)]);
  const links: Record<string, unknown>[] = [];
  for (const f of model.fields) {
    if (!f.link) continue;
    const { linkFieldId, mySide, otherSide } = f.link;
    values.forEach((v, i) =>
      ((v.get(f.def.key) as string[] | null) ?? []).forEach((other, position) =>
        links.push({ field_id: linkFieldId, [mySide]: rows[i].id, [otherSide]: other, position }),
      ),
    );
  }
  await insertRows(db, 'record_links', links);
  await linkFiles(
    db,
    model,
    rows.map((r, i) => ({ recordId: r.id, values: values[i] })),
  );
  const ids = rows.map((r) => r.id);
  const rewritten = await refreshAfterWrite(db, deps.engine, model, ids, new Map(), ectx);

  await recordWrites(
    db,
    model,
    values.map((v, i) => ({
      recordId: ids[i],
      version: 1,
      action: 'create',
      changes: createdFields(model, v),
    })),
    { userId: actor.userId, at, depth: actor.depth ?? 0 },
  );
  if (opts.answer === false) return [];
  // The rows as written are the answer, unless lookups, rollups or segments were computed into them.
  if (!rewritten) return rows.map((row, i) => toRecord(model, row, linksOf(model, values[i])));
  const out = await rowsToRecords(db, model, await findRows(db, model, ids));
  const order = new Map(ids.map((id, i) => [id, i]));
  return out.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/** A new record's links per relation field, as loadLinks answers them. */
function linksOf(model: FormModel, v: Values): Map<string, string[]> | undefined {
  let out: Map<string, string[]> | undefined;
  for (const f of model.fields) {
    const ids = f.link ? (v.get(f.def.key) as string[] | null | undefined) : undefined;
    if (ids?.length) (out ??= new Map()).set(f.def.id, [...ids]);
  }
  return out;
}

/** The changes of a new record: every field with a value, from null. */
function createdFields(model: FormModel, after: Values): HistoryEntry['changes'] {
  const out: HistoryEntry['changes'] = {};
  for (const [key, v] of after) {
    if (v === null || v === undefined) continue;
    const f = model.byKey.get(key);
    if (f) out[f.def.id] = { before: null, after: v };
  }
  return out;
}

/** Field changes keyed by field id, with API values before and after. */
function changesOf(model: FormModel, before: Map<string, unknown>, after: Values): HistoryEntry['changes'] {
  const out: HistoryEntry['changes'] = {};
  for (const [key, v] of after) {
    const f = model.byKey.get(key);
    if (!f) continue;
    const b = before.get(key) ?? null;
    if (JSON.stringify(b) !== JSON.stringify(v ?? null)) out[f.def.id] = { before: b, after: v ?? null };
  }
  return out;
}

export interface PatchInput {
  fields?: unknown;
  version: number;
  ownerId?: string | null;
  departmentId?: string | null;
}

/** Loads a live record or answers 404. */
export async function loadRecord(
  db: Db,
  model: FormModel,
  id: string,
  withDeleted = false,
): Promise<RecordOut> {
  const [row] = await findRows(db, model, [id], withDeleted);
  if (!row) throw notFound('Record');
  const links = await loadLinks(db, model, [id]);
  return toRecord(model, row, links.get(id));
}

/**
 * Changes fields of one record if `version` is still current (else 409 with the current version);
 * `readOf` limits the records a relation may link to those the writer may read.
 */
export async function patchRecord(
  deps: Deps,
  db: Db,
  model: FormModel,
  id: string,
  input: PatchInput,
  actor: Actor,
  readOf?: LinkReads,
): Promise<RecordOut> {
  const current = await loadRecord(db, model, id);
  if (current.version !== input.version)
    throw new AppError(
      'conflict',
      `The record was changed by someone else (now version ${current.version}, yours ${input.version}); reload it`,
      [{ path: '/version', message: `current version is ${current.version}` }],
    );
  const now = deps.clock.now();
  const at = iso(now);
  const dctx = {
    userId: actor.userId,
    departmentId: actor.departmentId,
    today: localDay(now, deps.config.timeZone),
    now: at,
  };
  const { values, errors } = parseValues(model, input.fields ?? {}, 'patch', '/fields', dctx);
  const batch = [{ values, prefix: '/fields', id }];
  if (!errors.length)
    errors.push(
      ...(await checkReferences(db, model, batch, readOf)),
      ...(await checkUnique(db, model, batch)),
      ...(await checkPeople(db, [
        { ownerId: input.ownerId, departmentId: input.departmentId, prefix: '/fields' },
      ])),
    );
  if (errors.length) throw invalid(errors[0].message, errors);
  await attachFiles(deps, db, model, [{ values, prefix: '/fields', current: current.fields }], actor);

  const before = new Map(Object.entries(current.fields));
  const merged = { ...current.fields, ...Object.fromEntries(values) };
  const ectx = { now, timeZone: deps.config.timeZone };
  if (model.formulas.length)
    for (const [k, v] of Object.entries(computeFormulas(model, merged, ectx))) values.set(k, v);
  const changes = changesOf(model, before, values);
  const ownerChanged = input.ownerId !== undefined && input.ownerId !== current.ownerId;
  const deptChanged = input.departmentId !== undefined && input.departmentId !== current.departmentId;
  if (!Object.keys(changes).length && !ownerChanged && !deptChanged) return current;
  if (ownerChanged) changes.$ownerId = { before: current.ownerId, after: input.ownerId };
  if (deptChanged) changes.$departmentId = { before: current.departmentId, after: input.departmentId };

  const set: Record<string, unknown> = {
    version: current.version + 1,
    updated_at: at,
    updated_by: actor.userId,
  };
  if (ownerChanged) set.owner_id = input.ownerId;
  if (deptChanged) set.department_id = input.departmentId;
  for (const fid of Object.keys(changes)) {
    const f = model.byId.get(fid);
    if (f?.column) set[f.column] = toColumn(f, values.get(f.def.key));
  }
  const linkedBefore = await linkedRecords(db, model, [id]);
  if (!(await updateVersioned(db, model, id, current.version, set)))
    throw conflict('The record was changed by someone else; reload it');
  for (const fid of Object.keys(changes)) {
    const f = model.byId.get(fid);
    if (f?.link) await replaceLinks(db, f.link, id, (values.get(f.def.key) as string[] | null) ?? []);
  }
  await linkFiles(db, model, [{ recordId: id, values }], true);
  await refreshAfterWrite(db, deps.engine, model, [id], linkedBefore, ectx);
  await recordWrites(db, model, [{ recordId: id, version: current.version + 1, action: 'update', changes }], {
    userId: actor.userId,
    at,
    depth: actor.depth ?? 0,
  });
  return loadRecord(db, model, id);
}

/** Moves a record to the recycle bin (or back with `restore`). */
export async function setDeleted(
  deps: Deps,
  db: Db,
  model: FormModel,
  id: string,
  deleted: boolean,
  actor: Actor,
): Promise<RecordOut> {
  const current = await loadRecord(db, model, id, true);
  if (!!current.deletedAt === deleted) {
    if (deleted) throw notFound('Record');
    return current;
  }
  if (!deleted) {
    const values: Values = new Map(Object.entries(current.fields));
    const errors = await checkUnique(db, model, [{ values, prefix: '/fields', id }]);
    if (errors.length) throw conflict(`Cannot restore: ${errors[0].message}`, errors);
  }
  const at = iso(deps.clock.now());
  const set = {
    deleted_at: deleted ? at : null,
    version: current.version + 1,
    updated_at: at,
    updated_by: actor.userId,
  };
  await updateRows(db, model).set(set).where('id', '=', id).execute();
  const linked = await linkedRecords(db, model, [id]);
  await refreshAfterWrite(db, deps.engine, model, [id], linked, {
    now: deps.clock.now(),
    timeZone: deps.config.timeZone,
  });
  await recordWrites(
    db,
    model,
    [{ recordId: id, version: current.version + 1, action: deleted ? 'delete' : 'restore', changes: {} }],
    { userId: actor.userId, at, depth: actor.depth ?? 0 },
  );
  return loadRecord(db, model, id, true);
}
