import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, connect } from '../db/connect.js';
import { type TestRecord, callerArb, contextFor, filterArb, recordArb, rowIds } from './filter.arbitraries.js';
import { checkFilter } from './filter.check.js';
import { filterPredicate } from './filter.memory.js';
import { compileFilter } from './filter.sql.js';

const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const pgUp = await reachable(pgUrl);
if (!pgUp) {
  console.warn(`PostgreSQL at ${pgUrl.replace(/\/\/[^@/]*@/, '//…@')} is unreachable: the PostgreSQL filter property test was SKIPPED`);
}

const engines = [
  { engine: 'sqlite' as const, skip: false },
  { engine: 'postgres' as const, skip: !pgUp },
];

for (const { engine, skip } of engines) {
  describe.skipIf(skip)(`filters on ${engine}`, () => {
    const table = `filter_prop_${process.pid}_${Date.now().toString(36)}`;
    const links = `${table}_links`;
    let handle: DbHandle;
    let dir: string | undefined;
    let db: Kysely<any>;

    beforeAll(async () => {
      if (engine === 'sqlite') {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-filter-'));
        handle = connect({ sqliteFile: path.join(dir, 'filter.db') });
      } else {
        handle = connect({ url: pgUrl, poolSize: 2 });
      }
      db = handle.db as Kysely<any>;
      const pgTypes = engine === 'postgres';
      await sql`create table ${sql.table(table)} (
        id text primary key, c_title text, c_stage text, c_owner text,
        c_score ${sql.raw(pgTypes ? 'double precision' : 'real')}, c_amount bigint, c_due text, c_at text,
        c_vip integer, c_tags ${sql.raw(pgTypes ? 'jsonb' : 'text')})`.execute(db);
      await sql`create table ${sql.table(links)} (field_id text not null, source_id text not null, target_id text not null,
        primary key (field_id, source_id, target_id))`.execute(db);
    });

    afterAll(async () => {
      if (!db) return;
      await sql`drop table if exists ${sql.table(table)}`.execute(db);
      await sql`drop table if exists ${sql.table(links)}`.execute(db);
      await handle.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    async function store(records: TestRecord[]) {
      await sql`delete from ${sql.table(table)}`.execute(db);
      await sql`delete from ${sql.table(links)}`.execute(db);
      if (!records.length) return;
      const rows = records.map(
        (r) => sql`(${r.id}, ${r.title}, ${r.stage}, ${r.ownerId}, ${r.score},
          ${r.amount === null ? null : Math.round(r.amount * 100)}, ${r.due}, ${r.at},
          ${r.vip === null ? null : r.vip ? 1 : 0}, ${r.tags === null ? null : JSON.stringify(r.tags)})`,
      );
      await sql`insert into ${sql.table(table)} values ${sql.join(rows)}`.execute(db);
      const pairs = records.flatMap((r) => [
        ...(r.linked ?? []).map((to) => sql`('fld_out', ${r.id}, ${to})`),
        ...(r.linkedBy ?? []).map((from) => sql`('fld_in', ${from}, ${r.id})`),
      ]);
      if (pairs.length) await sql`insert into ${sql.table(links)} values ${sql.join(pairs)}`.execute(db);
    }

    it('the SQL filter selects exactly the records the in-memory filter matches', async () => {
      const scenario = fc.record({
        records: fc.array(recordArb, { maxLength: rowIds.length }),
        filters: fc.array(filterArb, { minLength: 1, maxLength: 6 }),
        caller: callerArb,
        alias: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(scenario, async ({ records, filters, caller, alias }) => {
          const rows = records.map((r, i) => ({ ...r, id: rowIds[i] }));
          const ctx = contextFor(engine, caller, links);
          await store(rows);
          for (const filter of filters) {
            expect(checkFilter(filter, ctx)).toEqual([]);
            const where = compileFilter(filter, ctx, alias ? 'r' : undefined);
            const from = alias ? sql`${sql.table(table)} as r` : sql.table(table);
            const { rows: found } = await sql<{ id: string }>`select id from ${from} where ${where} order by id`.execute(db);
            const matches = filterPredicate(filter, ctx);
            expect(found.map((r) => r.id)).toEqual(rows.filter(matches).map((r) => r.id));
          }
        }),
        { numRuns: 200 },
      );
    }, 60_000);
  });
}
