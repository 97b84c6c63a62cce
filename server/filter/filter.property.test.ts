import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.js';
import { checkFilter } from './filter.check.js';
import { filterPredicate } from './filter.memory.js';
import {
  callerArb,
  contextFor,
  type TestTable,
  openTestTable,
  filterArb,
  recordArb,
  rowIds,
  selectIds,
  storeRecords,
} from './filter.test-support.js';

// PostgreSQL runs when test/global-setup.ts reached it (it says so once when it did not).
for (const engine of engines) {
  describe(`filters on ${engine}`, () => {
    let t: TestTable;

    beforeAll(async () => {
      t = await openTestTable(engine);
    });

    afterAll(async () => {
      await t?.close();
    });

    it('the SQL filter selects exactly the records the in-memory filter matches', async () => {
      const scenario = fc.record({
        records: fc.array(recordArb, { maxLength: rowIds.length }),
        filters: fc.array(filterArb, { minLength: 1, maxLength: 8 }),
        caller: callerArb,
        alias: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(scenario, async ({ records, filters, caller, alias }) => {
          const rows = records.map((r, i) => ({ ...r, id: rowIds[i] }));
          const ctx = contextFor(engine, caller);
          await storeRecords(t.db, t.table, rows);
          for (const filter of filters) {
            expect(checkFilter(filter, ctx)).toEqual([]);
            const expected = rows.filter(filterPredicate(filter, ctx)).map((r) => r.id);
            expect(await selectIds(t.db, t.table, filter, ctx, alias)).toEqual(expected);
          }
        }),
        { numRuns: 200 },
      );
    });
  });
}
