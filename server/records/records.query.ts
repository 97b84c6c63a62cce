import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db, Engine } from '../db/database.js';
import { badRequest, type ErrorDetail } from '../errors.js';
import { checkFilter, compileFilter, type Filter, type FilterContext } from '../filter/index.js';
import type { FormModel } from '../forms/form-model.js';
import { systemFields } from '../forms/form-model.js';
import { invalidCursor, openCursor, sealCursor } from './cursor.js';
import { dyn, rowsToRecords, selectColumns, type RecordOut, type RecordRow } from './records.repository.js';

export interface SortKey {
  key: string;
  column: string;
  desc: boolean;
  /** The column's storage when it is a field's: a cursor must hold a value that fits it. */
  storage?: string;
  /** The column never holds NULL (the id and the creation and update times). */
  notNull?: boolean;
}

const notNullColumns = new Set(['id', 'created_at', 'updated_at']);

export interface ListQuery {
  filter?: Filter;
  /** Extra conditions the caller may not see past (permissions); already checked. */
  scope?: Filter;
  /** The context the scope compiles in (it may use fields hidden from the caller). */
  scopeContext?: FilterContext;
  /** Fields the caller may not see (the filter context leaves them out too). */
  hidden?: Set<string>;
  sort?: string;
  q?: string;
  limit: number;
  cursor?: string;
  /** Rows to skip (a position in the whole list); the route refuses it together with `cursor`. */
  offset?: number;
  count?: boolean;
  deleted?: boolean;
}

/**
 * Parses `sort=-amount,customerName` into columns; relations, arrays and attachments cannot sort.
 * With the caller's filter context, only its fields sort, and none the caller sees masked.
 */
export function parseSort(model: FormModel, sort: string | undefined, fctx?: FilterContext): SortKey[] {
  const keys: SortKey[] = [];
  const errors: ErrorDetail[] = [];
  for (const part of (sort ?? '-createdAt')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 5)) {
    const desc = part.startsWith('-');
    const key = part.replace(/^[-+]/, '');
    const sys = systemFields.find((s) => s.key === key);
    const seen = fctx ? fctx.fields.get(key) : model.filterFields.get(key);
    const f = seen || !fctx ? model.byKey.get(key) : undefined;
    if (sys) keys.push({ key, column: sys.column, desc, notNull: notNullColumns.has(sys.column) });
    else if (seen?.exactOnly)
      errors.push({ path: '/sort', message: `cannot sort by "${key}": it is masked for you` });
    else if (f?.column && f.storage !== 'json')
      keys.push({ key, column: f.column, desc, storage: f.storage });
    else errors.push({ path: '/sort', message: f ? `cannot sort by "${key}"` : `unknown field "${key}"` });
  }
  if (errors.length) throw badRequest(errors[0].message, errors);
  return keys;
}

/** What a cursor is bound to: the form and the sort (a cursor of another list is refused). */
const cursorScope = (model: FormModel, keys: SortKey[]) =>
  `${model.def.id}:${keys.map((k) => `${k.desc ? '-' : ''}${k.key}`).join(',')}`;
// A cursor comes back from the client: each value must fit its column, or the database refuses the query.
const fitsColumn = (v: unknown, k: SortKey) =>
  v === null ||
  (k.storage === 'real'
    ? typeof v === 'number' && Number.isFinite(v)
    : k.storage === 'bigint'
      ? Number.isSafeInteger(v)
      : k.storage === 'integer'
        ? Number.isInteger(v) && Math.abs(v as number) <= 2147483647
        : typeof v === 'string' && !v.includes('\u0000'));

async function decodeCursor(db: Db, model: FormModel, cursor: string, keys: SortKey[]): Promise<unknown[]> {
  const v = await openCursor(db, cursorScope(model, keys), cursor);
  // Sealed by this server, so it fits; checked anyway, as a retyped field may have changed a column.
  if (Array.isArray(v) && v.length === keys.length && v.every((x, i) => fitsColumn(x, keys[i]))) return v;
  throw invalidCursor();
}

/**
 * Keyset condition "after this row" for a sort in which empty values come first ascending
 * (SQLite's order; PostgreSQL indexes and ORDER BY say NULLS FIRST to match).
 */
function after(keys: SortKey[], values: unknown[]): Expression<SqlBool> {
  const build = (i: number): ReturnType<typeof sql<SqlBool>> => {
    const k = keys[i];
    const col = sql.ref(k.column);
    const v = values[i];
    const rest = i + 1 < keys.length ? build(i + 1) : sql<SqlBool>`false`;
    if (v === null)
      return k.desc
        ? sql<SqlBool>`(${col} is null and ${rest})`
        : sql<SqlBool>`(${col} is not null or (${col} is null and ${rest}))`;
    return k.desc
      ? sql<SqlBool>`(${col} < ${v} or ${col} is null or (${col} = ${v} and ${rest}))`
      : sql<SqlBool>`(${col} > ${v} or (${col} = ${v} and ${rest}))`;
  };
  // SQLite cannot start an index scan at an OR of conditions: it would walk every row before the
  // cursor (≈ 0.2 s at row 100,000). The first key's range beside it lets the scan start at the
  // cursor. Ascending, empty values come first, so they are never after a value; descending, they
  // come last, so only a column that is never empty may be bounded.
  const [k, v] = [keys[0], values[0]];
  const bound =
    v === null
      ? undefined
      : !k.desc
        ? sql<SqlBool>`${sql.ref(k.column)} >= ${v}`
        : k.notNull
          ? sql<SqlBool>`${sql.ref(k.column)} <= ${v}`
          : undefined;
  return bound ? sql<SqlBool>`(${bound} and ${build(0)})` : build(0);
}

/**
 * The free-text search: a substring of any text field the caller sees, but only the whole value
 * of a field they see masked (a search must not spell out a phone number digit by digit).
 */
function searchCondition(
  model: FormModel,
  engine: Engine,
  fctx: FilterContext,
  q: string,
): Expression<SqlBool> {
  const fields = model.fields.filter(
    (f) => f.column && f.kind === 'text' && f.storage === 'text' && fctx.fields.has(f.def.key),
  );
  if (!fields.length) return sql<SqlBool>`false`;
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const op = engine === 'postgres' ? sql`ilike` : sql`like`;
  const match = (f: (typeof fields)[number]) =>
    fctx.fields.get(f.def.key)?.exactOnly
      ? sql`${sql.ref(f.column!)} = ${q}`
      : sql`${sql.ref(f.column!)} ${op} ${pattern} escape '\\'`;
  return sql<SqlBool>`(${sql.join(fields.map(match), sql` or `)})`;
}

/** Conditions shared by lists, counts and aggregates. */
export function whereClause(
  model: FormModel,
  engine: Engine,
  fctx: FilterContext,
  query: Pick<ListQuery, 'filter' | 'scope' | 'scopeContext' | 'hidden' | 'q' | 'deleted'>,
): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [
    query.deleted ? sql<SqlBool>`deleted_at is not null` : sql<SqlBool>`deleted_at is null`,
  ];
  if (query.filter) {
    const errors = checkFilter(query.filter, fctx, '/filter');
    if (errors.length) throw badRequest(errors[0].message, errors);
    parts.push(compileFilter(query.filter, fctx));
  }
  if (query.scope) parts.push(compileFilter(query.scope, query.scopeContext ?? fctx));
  if (query.q?.trim()) parts.push(searchCondition(model, engine, fctx, query.q.trim().slice(0, 200)));
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

/** One page of records, with the cursor of the next page and optionally the total. */
export async function listRecords(
  db: Db,
  engine: Engine,
  model: FormModel,
  fctx: FilterContext,
  query: ListQuery,
): Promise<{ items: RecordOut[]; nextCursor: string | null; total?: number }> {
  const keys = [...parseSort(model, query.sort, fctx)];
  const last = keys[keys.length - 1];
  keys.push({ key: 'id', column: 'id', desc: last?.desc ?? false, notNull: true });
  const where = whereClause(model, engine, fctx, query);
  const orderBy = sql.join(
    keys.map((k) => sql`${sql.ref(k.column)} ${sql.raw(k.desc ? 'desc nulls last' : 'asc nulls first')}`),
  );
  let q = dyn(db).selectFrom(model.table).select(selectColumns(model));
  if (query.offset) {
    // A deep OFFSET walks every row before the page: walk only the ids (the sort's index and one
    // look-up per row for the conditions), then read the whole rows of just this page. (A caller
    // that knows the total reads a page near the end faster with the sort reversed.)
    const page = dyn(db)
      .selectFrom(model.table)
      .select('id')
      .where(where)
      .orderBy(orderBy)
      .limit(query.limit + 1)
      .offset(query.offset);
    q = q.where('id', 'in', page);
  } else {
    q = q.where(where);
    if (query.cursor) q = q.where(after(keys, await decodeCursor(db, model, query.cursor, keys)));
  }
  const rows = (await q
    .orderBy(orderBy)
    .limit(query.limit + 1)
    .execute()) as RecordRow[];
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const items = await rowsToRecords(db, model, page);
  const lastRow = page[page.length - 1];
  const nextCursor =
    more && lastRow
      ? await sealCursor(
          db,
          cursorScope(model, keys),
          keys.map((k) => lastRow[k.column] ?? null),
        )
      : null;
  let total: number | undefined;
  if (query.count) {
    const r = await dyn(db)
      .selectFrom(model.table)
      .select(sql<number>`count(*)`.as('n'))
      .where(where)
      .executeTakeFirst();
    total = Number(r?.n ?? 0);
  }
  return { items, nextCursor, ...(total !== undefined ? { total } : {}) };
}

/** A record's history, newest first, with field ids turned into current keys. */
export async function recordHistory(db: Db, model: FormModel, recordId: string) {
  const rows = await db
    .selectFrom('record_history')
    .selectAll()
    .where('form_id', '=', model.def.id)
    .where('record_id', '=', recordId)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  const names = new Map(
    [...model.fields, ...(model.def.removedFields ?? []).map((def) => ({ def }))].map((f) => [
      f.def.id,
      f.def,
    ]),
  );
  return rows.map((r) => {
    const changes = JSON.parse(r.changes) as Record<string, { before: unknown; after: unknown }>;
    return {
      id: String(r.id),
      version: r.version,
      action: r.action,
      userId: r.user_id,
      at: r.at,
      comment: r.comment,
      changes: Object.entries(changes).map(([fid, c]) => {
        const def = names.get(fid);
        return {
          fieldId: fid,
          key: def?.key ?? fid,
          label: def?.label ?? fid,
          before: c.before,
          after: c.after,
        };
      }),
    };
  });
}
