import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../server/db/database.js';
import { statisticsKeeper } from '../server/db/pg-statistics.js';
import { engines, freshDb, type TestDb } from './support/engines.js';

describe.each(engines)('statistics kept current during a bulk load on %s', (engine) => {
  let t: TestDb;
  let db: Db;
  const rows = async (from: number, n: number) => {
    await sql`insert into customers (id, name) select 'c' || g, '客户' || g from ${sql.raw(engine === 'postgres' ? `generate_series(${from}, ${from + n - 1}) g` : `(with recursive s(g) as (select ${from} union all select g + 1 from s where g < ${from + n - 1}) select g from s)`)}`.execute(
      db,
    );
  };
  /** What the planner believes the table holds (-1: never analyzed); SQLite has no such thing. */
  const believed = async () =>
    Number(
      (
        await sql<{
          n: number;
        }>`select reltuples::bigint as n from pg_class where oid = 'customers'::regclass`.execute(db)
      ).rows[0].n,
    );

  beforeAll(async () => {
    t = await freshDb(engine);
    db = t.db as unknown as Db;
    await sql`create table customers (id text primary key, name text not null)`.execute(db);
  });
  afterAll(async () => t.close());

  it('analyzes before the first batch, then only once enough rows were written since', async () => {
    const keep = statisticsKeeper(db, engine, 'customers');
    await rows(1, 300);
    await keep(300);
    if (engine === 'sqlite') return; // nothing to keep: the call just answers
    expect(await believed()).toBe(300);
    await rows(301, 5_000);
    await keep(5_000); // 5,000 written since is under the 20,000 minimum: no new analyze
    expect(await believed()).toBe(300);
    await rows(5_301, 15_000);
    await keep(15_000); // counted before its rows are written: 5,300 written since, still under
    expect(await believed()).toBe(300);
    await keep(1); // 20,300 written since: analyzed before this batch
    expect(await believed()).toBe(20_300);
    await keep(1); // and not again until another 20,000 rows
    expect(await believed()).toBe(20_300);
  });
});
