// Test-only: the test record table, and random records and filters for the property test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { pgUrl } from '../../test/support/engines.js';
import { connect } from '../db/connect.js';
import type { FilterContext, FilterField } from './filter.context.js';
import type { Filter } from './filter.schema.js';
import { compileFilter } from './filter.sql.js';

export const rowIds = Array.from({ length: 12 }, (_, i) => `r${String(i).padStart(2, '0')}`);
const linkIds = [...rowIds.slice(0, 6), 'ext_1'];

/** The fields of the test table; relations use the link-table field ids 'fld_out' and 'fld_in'. */
export const testFields: FilterField[] = [
  { key: 'id', kind: 'text', column: 'id' },
  { key: 'title', label: 'Title', kind: 'text', column: 'c_title' },
  { key: 'stage', kind: 'text', column: 'c_stage', options: ['lead', 'won', 'lost'] },
  { key: 'ownerId', kind: 'text', column: 'c_owner' },
  { key: 'score', kind: 'number', column: 'c_score' },
  { key: 'amount', kind: 'number', column: 'c_amount', toDb: (v) => Math.round((v as number) * 100) },
  { key: 'due', kind: 'date', column: 'c_due' },
  { key: 'at', kind: 'datetime', column: 'c_at' },
  { key: 'vip', kind: 'boolean', column: 'c_vip' },
  { key: 'tags', kind: 'array', column: 'c_tags' },
  {
    key: 'linked',
    kind: 'relation',
    column: 'c_linked',
    relation: { linkFieldId: 'fld_out', mySide: 'source_id' },
  },
  {
    key: 'linkedBy',
    kind: 'relation',
    column: 'c_linked_by',
    relation: { linkFieldId: 'fld_in', mySide: 'target_id' },
  },
];

// 2024-02-29T16:30Z is 00:30 on March 1 in Shanghai: a midnight and a month end at once.
export const now = new Date('2024-02-29T16:30:00Z');
const halfHour = 1_800_000;

const chars = ['a', 'A', 'B', '%', '_', '\\', ' ', 'é', 'É', '中', '😀', "'"];
const textOf = (maxLength: number) =>
  fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength }).map((cs) => cs.join(''));
const text = textOf(4);
const owner = fc.constantFrom('u1', 'u2', 'd1', 'd3');
const score = fc.oneof(
  fc.constantFrom(-1.5, 0, 0.1, 2, 3.75, 1e6),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);
const amount = fc.integer({ min: -50_000, max: 50_000 }).map((cents) => cents / 100);
const day = fc
  .integer({ min: -40, max: 40 })
  .map((n) => new Date(now.getTime() + n * 86_400_000).toISOString().slice(0, 10));
const instant = fc
  .integer({ min: -200, max: 200 })
  .map((n) => new Date(now.getTime() + n * halfHour).toISOString());
const tag = fc.constantFrom('x', 'y', 'X', '%', 'u1', 'd1');
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });

/** A record as the API answers it: empty values are null. */
export const recordArb = fc.record({
  title: nullable(text),
  stage: nullable(fc.constantFrom('lead', 'won', 'lost')),
  ownerId: nullable(owner),
  score: nullable(score),
  amount: nullable(amount),
  due: nullable(day),
  at: nullable(instant),
  vip: nullable(fc.boolean()),
  tags: nullable(fc.array(tag, { minLength: 1, maxLength: 3 })),
  linked: nullable(fc.uniqueArray(fc.constantFrom(...linkIds), { minLength: 1, maxLength: 3 })),
  linkedBy: nullable(fc.uniqueArray(fc.constantFrom(...linkIds), { minLength: 1, maxLength: 3 })),
});
export type TestRecord = (typeof recordArb extends fc.Arbitrary<infer T> ? T : never) & { id: string };

const relative = fc.oneof(
  fc.constantFrom('today', 'now'),
  fc
    .tuple(
      fc.constantFrom('-', '+', ''),
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom('h', 'd', 'w', 'm', 'y'),
    )
    .map(([sign, n, unit]) => ({ relative: `${sign}${n}${unit}` })),
);
const withOffset = instant.map((iso) => {
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
});

/** Values a field's filters draw from: the same pools as the records, so tests hit. */
const values: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.constantFrom(...rowIds),
  title: fc.oneof({ arbitrary: textOf(1), weight: 3 }, { arbitrary: textOf(3), weight: 1 }),
  stage: fc.constantFrom('lead', 'won', 'lost'),
  ownerId: fc.oneof(owner, fc.constantFrom('$me', '$myDepartments')),
  score,
  amount,
  due: fc.oneof(day, relative),
  at: fc.oneof(instant, withOffset, day, relative),
  vip: fc.boolean(),
  tags: fc.oneof(tag, fc.constant('$me')),
  linked: fc.constantFrom(...linkIds),
  linkedBy: fc.constantFrom(...linkIds),
};

const opsByKey: Record<string, string[]> = {
  text: ['eq', 'ne', 'in', 'nin', 'contains', 'notContains', 'startsWith', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between', 'isEmpty', 'isNotEmpty'],
  boolean: ['eq', 'ne', 'isEmpty', 'isNotEmpty'],
  array: ['eq', 'contains', 'notContains', 'in', 'nin', 'isEmpty', 'isNotEmpty'],
  relation: ['contains', 'notContains', 'in', 'isEmpty', 'isNotEmpty'],
};

function conditionArb(field: FilterField): fc.Arbitrary<Filter> {
  const kind = field.kind === 'date' || field.kind === 'datetime' ? 'number' : field.kind;
  const one = values[field.key];
  const list = fc.array(one, { maxLength: 3 });
  return fc.constantFrom(...opsByKey[kind]).chain((op): fc.Arbitrary<Filter> => {
    const cond = (value: fc.Arbitrary<unknown>) =>
      value.map((v) => ({ field: field.key, op, value: v }) as Filter);
    if (op === 'isEmpty' || op === 'isNotEmpty') return fc.constant({ field: field.key, op } as Filter);
    if (op === 'between') return cond(fc.tuple(one, one));
    const departments = field.key === 'ownerId' || (field.key === 'tags' && op !== 'eq');
    if (op === 'in' || op === 'nin' || (op === 'eq' && kind === 'array')) {
      return cond(departments ? fc.oneof(list, fc.constant('$myDepartments')) : list);
    }
    return cond(one);
  });
}

/** Random filters over the test fields: nested and/or/not, every op of every kind. */
export const filterArb: fc.Arbitrary<Filter> = fc.letrec<{ node: Filter }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    fc.oneof(...testFields.map(conditionArb)),
    fc.array(tie('node'), { maxLength: 3 }).map((and) => ({ and })),
    fc.array(tie('node'), { maxLength: 3 }).map((or) => ({ or })),
    tie('node').map((not) => ({ not })),
  ),
})).node;

/** Who is asking: with or without a user and departments. */
export const callerArb: fc.Arbitrary<Pick<FilterContext, 'userId' | 'departmentIds'>> = fc.record({
  userId: fc.constantFrom('u1', 'd1', undefined),
  departmentIds: fc.constantFrom<string[] | undefined>(['d1', 'd2'], [], undefined),
});

export function contextFor(engine: FilterContext['engine'], caller: Partial<FilterContext>): FilterContext {
  return {
    fields: new Map(testFields.map((f) => [f.key, f])),
    now,
    timeZone: 'Asia/Shanghai',
    engine,
    ...caller,
  };
}

export interface TestTable {
  db: Kysely<any>;
  table: string;
  close(): Promise<void>;
}

/**
 * A scratch database holding the record table of `testFields` and a `record_links` table: a
 * SQLite file in a temp folder, or a new PostgreSQL schema dropped again by `close()`.
 */
export async function openTestTable(engine: FilterContext['engine']): Promise<TestTable> {
  const table = 'filter_records';
  const scratch = `filter_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(query);
    await client.end();
  };
  let handle;
  let cleanup: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-filter-'));
    handle = connect({ sqliteFile: path.join(dir, 'filter.db') });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    await admin(`create schema ${scratch}`);
    handle = connect({ url: pgUrl, searchPath: scratch, poolSize: 2 });
    cleanup = () => admin(`drop schema ${scratch} cascade`);
  }
  const db = handle.db as Kysely<any>;
  const postgres = engine === 'postgres';
  await sql`create table ${sql.table(table)} (
    id text primary key, c_title text, c_stage text, c_owner text,
    c_score ${sql.raw(postgres ? 'double precision' : 'real')}, c_amount bigint, c_due text, c_at text,
    c_vip integer, c_tags ${sql.raw(postgres ? 'jsonb' : 'text')})`.execute(db);
  await sql`create table record_links (field_id text not null, source_id text not null, target_id text not null,
    primary key (field_id, source_id, target_id))`.execute(db);
  return {
    db,
    table,
    close: async () => {
      await handle.close();
      await cleanup();
    },
  };
}

/** Replaces the table's rows (and all links) by these records, stored as the app stores them. */
export async function storeRecords(db: Kysely<any>, table: string, records: TestRecord[]) {
  await sql`delete from ${sql.table(table)}`.execute(db);
  await sql`delete from record_links`.execute(db);
  if (!records.length) return;
  const rows = records.map(
    (r) => sql`(${r.id}, ${r.title}, ${r.stage}, ${r.ownerId}, ${r.score},
      ${r.amount === null ? null : Math.round(r.amount * 100)}, ${r.due}, ${r.at},
      ${r.vip === null ? null : r.vip ? 1 : 0}, ${r.tags === null ? null : JSON.stringify(r.tags)})`,
  );
  await sql`insert into ${sql.table(table)} values ${sql.join(rows)}`.execute(db);
  const links = records.flatMap((r) => [
    ...(r.linked ?? []).map((to) => sql`('fld_out', ${r.id}, ${to})`),
    ...(r.linkedBy ?? []).map((from) => sql`('fld_in', ${from}, ${r.id})`),
  ]);
  if (links.length)
    await sql`insert into record_links (field_id, source_id, target_id) values ${sql.join(links)}`.execute(
      db,
    );
}

/** The ids of the table's rows a filter selects in SQL, in id order. */
export async function selectIds(
  db: Kysely<any>,
  table: string,
  filter: Filter,
  ctx: FilterContext,
  alias = true,
) {
  const where = compileFilter(filter, ctx, alias ? 'r' : undefined);
  const from = alias ? sql`${sql.table(table)} as r` : sql.table(table);
  const { rows } = await sql<{ id: string }>`select id from ${from} where ${where} order by id`.execute(db);
  return rows.map((r) => r.id);
}
