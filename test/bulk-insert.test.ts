import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertObjects, insertValues } from '../server/records/bulk-insert.js';
import { dyn } from '../server/records/records.repository.js';
import { engines, freshDb, type TestDb } from './support/engines.js';

describe.each(engines)('multi-row inserts on %s', (engine) => {
  let t: TestDb;
  const columns = Array.from({ length: 40 }, (_, i) => `c${i}`);

  beforeAll(async () => {
    t = await freshDb(engine);
    let table = t.db.schema.createTable('wide').addColumn('id', 'integer', (c) => c.primaryKey());
    for (const c of columns) table = table.addColumn(c, 'text');
    await table.execute();
  });
  afterAll(() => t?.close());

  it('writes more values than either engine binds in one statement (2,500 rows × 41 columns), in order', async () => {
    const rows = Array.from({ length: 2500 }, (_, r) => [r, ...columns.map((c) => `${c}:${r}`)]);
    await insertValues(t.db, 'wide', ['id', ...columns], rows);
    const out = await dyn(t.db).selectFrom('wide').select(['id', 'c0', 'c39']).orderBy('id').execute();
    expect(out).toHaveLength(2500);
    expect(out[0]).toEqual({ id: 0, c0: 'c0:0', c39: 'c39:0' });
    expect(out[2499]).toEqual({ id: 2499, c0: 'c0:2499', c39: 'c39:2499' });
  });

  it('takes the columns of all objects together, storing NULL where a row has none', async () => {
    await insertObjects(t.db, 'wide', [
      { id: 10_000, c1: 'a' },
      { id: 10_001, c2: 'b', c1: undefined },
    ]);
    const out = await dyn(t.db)
      .selectFrom('wide')
      .select(['id', 'c1', 'c2'])
      .where('id', '>=', 10_000)
      .orderBy('id')
      .execute();
    expect(out).toEqual([
      { id: 10_000, c1: 'a', c2: null },
      { id: 10_001, c1: null, c2: 'b' },
    ]);
  });
});
