import { type Expression, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/database.js';
import type { ErrorDetail } from '../errors.js';
import type { FormModel, ModelField } from '../forms/form-model.js';
import { recordTable } from '../forms/form-model.js';
import { issuesToDetails } from '../shared/validate.js';
import { selectRows } from './record-table.js';

/** A user's input for one record, checked field by field: API values by key (null = empty). */
export type Values = Map<string, unknown>;

const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

export interface DefaultContext {
  userId: string | null;
  departmentId: string | null;
  today: string;
  now: string;
}

/**
 * Parsed values of one write of many records (a batch, an import chunk), by field id and raw
 * value: the same option, person or day recurs across records, and a field's schema answers the
 * same for the same text or number. Only plain values are kept, and only for one write.
 */
export type ParseMemo = Map<string, Map<string | number, unknown>>;

function parseValue(
  model: FormModel,
  f: ModelField,
  raw: unknown,
  memo: ParseMemo | undefined,
): { ok: true; value: unknown } | { ok: false; error: z.ZodError } {
  const plain = typeof raw === 'string' ? raw.length <= 64 : typeof raw === 'number';
  let seen: Map<string | number, unknown> | undefined;
  if (memo && plain) {
    seen = memo.get(f.def.id);
    if (!seen) memo.set(f.def.id, (seen = new Map()));
    else if (seen.has(raw as string | number)) return { ok: true, value: seen.get(raw as string | number) };
  }
  const r = model.inputSchema(f).safeParse(raw);
  if (!r.success) return { ok: false, error: r.error };
  if (seen && (r.data === null || typeof r.data !== 'object') && seen.size < 10_000)
    seen.set(raw as string | number, r.data);
  return { ok: true, value: r.data };
}

/**
 * Parses `fields` of a create or patch: unknown keys, read-only fields and invalid values become
 * details under `prefix` (e.g. `/fields` or `/records/3/fields`); on create, defaults fill
 * missing values and required fields are enforced.
 */
export function parseValues(
  model: FormModel,
  input: unknown,
  mode: 'create' | 'patch',
  prefix: string,
  defaults: DefaultContext,
  memo?: ParseMemo,
): { values: Values; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const values: Values = new Map();
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      values,
      errors: [{ path: prefix, message: 'must be an object of field values', code: 'wrong_type' }],
    };
  }
  // A batch runs this 1,000 times: paths are only spelled out for errors.
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    const raw = (input as Record<string, unknown>)[key];
    const f = model.byKey.get(key);
    if (!f) {
      errors.push({ path: `${prefix}/${key}`, message: `unknown field "${key}"`, code: 'unknown_property' });
      continue;
    }
    if (f.type.computed) {
      errors.push({
        path: `${prefix}/${key}`,
        message: `"${f.def.label}" is computed and cannot be written`,
        code: 'computed',
        params: { label: f.def.label },
      });
      continue;
    }
    if (isEmpty(raw)) {
      values.set(key, null);
      continue;
    }
    const r = parseValue(model, f, raw, memo);
    if (r.ok) values.set(key, r.value);
    else {
      const label = f.def.label;
      for (const d of issuesToDetails(r.error.issues, `${prefix}/${key}`))
        errors.push({ ...d, message: `${label}: ${d.message}`, params: { ...d.params, label } });
    }
  }
  for (const f of model.fields) {
    if (f.type.computed) continue;
    if (mode === 'create' && !values.has(f.def.key)) {
      const d = defaultValue(f, defaults);
      if (d !== undefined) values.set(f.def.key, d);
    }
    if (!f.def.required) continue;
    const present = values.has(f.def.key);
    if (
      (mode === 'create' && isEmpty(values.get(f.def.key))) ||
      (mode === 'patch' && present && isEmpty(values.get(f.def.key)))
    )
      errors.push({
        path: `${prefix}/${f.def.key}`,
        message: `${f.def.label} is required`,
        code: 'required',
        params: { label: f.def.label },
      });
  }
  return { values, errors };
}

function defaultValue(f: ModelField, ctx: DefaultContext): unknown {
  const d = f.def.default;
  if (d === undefined) return undefined;
  if (d === 'today' && f.def.type === 'date') return ctx.today;
  if (d === 'now' && f.def.type === 'datetime') return ctx.now;
  if (d === '$me') return f.def.multiple ? (ctx.userId ? [ctx.userId] : null) : ctx.userId;
  if (d === '$myDepartment')
    return f.def.multiple ? (ctx.departmentId ? [ctx.departmentId] : null) : ctx.departmentId;
  return d;
}

/**
 * What the writer may read of a related form, by form id: nothing (null), or the records `where`
 * matches (all without one). Without it (automations, sample data) every live record may be linked.
 */
export type LinkReads = (db: Db, formId: string) => Promise<{ where?: Expression<SqlBool> } | null>;

/**
 * Checks that every referenced user, department, file and linked record exists: one query per
 * kind (and per target form) for all records of a write. A linked record the writer may not read
 * is answered exactly as one that does not exist, so a write cannot tell them apart.
 */
export async function checkReferences(
  db: Db,
  model: FormModel,
  batch: Array<{ values: Values; prefix: string }>,
  readOf?: LinkReads,
): Promise<ErrorDetail[]> {
  const wanted = new Map<string, Set<string>>();
  const want = (bucket: string, id: string) => {
    let s = wanted.get(bucket);
    if (!s) wanted.set(bucket, (s = new Set()));
    s.add(id);
  };
  const refFields = model.fields.filter((f) => f.type.references);
  for (const { values } of batch)
    for (const f of refFields) {
      const v = values.get(f.def.key);
      if (v === null || v === undefined) continue;
      const ref = f.type.references!(f.def)!;
      const bucket = ref.kind === 'record' ? `record:${ref.formId}` : ref.kind;
      for (const id of Array.isArray(v) ? v : [v]) want(bucket, String(id));
    }
  const found = new Map<string, Set<string>>();
  for (const [bucket, ids] of wanted) {
    const list = [...ids];
    let rows: { id: string }[] = [];
    for (let i = 0; i < list.length; i += 1000) {
      const part = list.slice(i, i + 1000);
      if (bucket === 'user')
        rows = rows.concat(await db.selectFrom('users').select('id').where('id', 'in', part).execute());
      else if (bucket === 'department')
        rows = rows.concat(await db.selectFrom('departments').select('id').where('id', 'in', part).execute());
      else if (bucket === 'file')
        rows = rows.concat(await db.selectFrom('files').select('id').where('id', 'in', part).execute());
      else {
        const formId = bucket.slice(7);
        const read = readOf ? await readOf(db, formId) : {};
        if (!read) continue;
        let q = selectRows(db, recordTable(formId)).select('id').where('id', 'in', part);
        if (read.where) q = q.where(read.where);
        rows = rows.concat(await q.execute());
      }
    }
    found.set(bucket, new Set(rows.map((r) => r.id)));
  }
  const errors: ErrorDetail[] = [];
  const noun = { user: 'user', department: 'department', file: 'file', record: 'record' } as const;
  for (const { values, prefix } of batch)
    for (const f of refFields) {
      const v = values.get(f.def.key);
      if (v === null || v === undefined) continue;
      const ref = f.type.references!(f.def)!;
      const bucket = ref.kind === 'record' ? `record:${ref.formId}` : ref.kind;
      const missing = (Array.isArray(v) ? v : [v]).filter((id) => !found.get(bucket)?.has(String(id)));
      if (!missing.length) continue;
      const ids = missing.slice(0, 5).map(String);
      const message = `${f.def.label}: no such ${noun[ref.kind]}: ${ids.join(', ')}`;
      errors.push({
        path: `${prefix}/${f.def.key}`,
        message,
        code: 'missing_reference',
        params: { label: f.def.label, kind: ref.kind, ids },
      });
    }
  return errors;
}

/** Unique fields: no value may repeat within the batch or match another live record. */
export async function checkUnique(
  db: Db,
  model: FormModel,
  batch: Array<{ values: Values; prefix: string; id?: string }>,
): Promise<ErrorDetail[]> {
  const errors: ErrorDetail[] = [];
  for (const f of model.fields.filter((x) => x.def.unique && x.column)) {
    const seen = new Map<unknown, number>();
    const dbValues: unknown[] = [];
    batch.forEach(({ values, prefix }, i) => {
      const v = values.get(f.def.key);
      if (v === null || v === undefined) return;
      const dbv = f.type.toDb(v, f.def);
      if (seen.has(dbv)) {
        const message = `${f.def.label} "${v}" is already used by record ${seen.get(dbv)} of this batch`;
        const params = { label: f.def.label, value: String(v), index: seen.get(dbv)! };
        errors.push({ path: `${prefix}/${f.def.key}`, message, code: 'unique_in_batch', params });
      } else seen.set(dbv, i);
      dbValues.push(dbv);
    });
    if (!dbValues.length) continue;
    const excluded = batch.map((b) => b.id).filter(Boolean) as string[];
    const taken = new Set<unknown>();
    for (let i = 0; i < dbValues.length; i += 1000) {
      let q = selectRows(db, model)
        .select(sql.ref(f.column!).as('v'))
        .where(f.column!, 'in', dbValues.slice(i, i + 1000));
      if (excluded.length) q = q.where('id', 'not in', excluded);
      for (const r of await q.execute()) taken.add((r as { v: unknown }).v);
    }
    for (const { values, prefix } of batch) {
      const v = values.get(f.def.key);
      if (v === null || v === undefined || !taken.has(f.type.toDb(v, f.def))) continue;
      const message = `${f.def.label} "${v}" is already used by another record`;
      errors.push({
        path: `${prefix}/${f.def.key}`,
        message,
        code: 'unique',
        params: { label: f.def.label, value: String(v) },
      });
    }
  }
  return errors;
}
