import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.js';
import { matchesFilter } from './filter.memory.js';
import type { Filter } from './filter.schema.js';
import {
  type TestRecord,
  type TestTable,
  contextFor,
  openTestTable,
  selectIds,
  storeRecords,
} from './filter.test-support.js';

const empty = {
  title: null,
  stage: null,
  ownerId: null,
  score: null,
  amount: null,
  due: null,
  at: null,
  vip: null,
  tags: null,
  linked: null,
  linkedBy: null,
};
// The context's clock is 2024-02-29T16:30Z: 00:30 on March 1 in Shanghai.
const records: TestRecord[] = [
  {
    ...empty,
    id: 'a',
    title: 'Acme%',
    stage: 'won',
    ownerId: 'u1',
    score: 10,
    amount: 12.34,
    due: '2024-03-01',
    at: '2024-02-29T16:00:00.000Z',
    vip: true,
    tags: ['x', 'y'],
    linked: ['b'],
  },
  {
    ...empty,
    id: 'b',
    title: 'ÉCOLE_b',
    stage: 'lead',
    ownerId: 'u2',
    score: -1,
    amount: 0.1,
    due: '2024-02-29',
    at: '2024-02-29T15:59:59.999Z',
    vip: false,
    tags: ['X'],
    linkedBy: ['a'],
  },
  { ...empty, id: 'c' },
];

const c = (field: string, op: string, value?: unknown) => ({ field, op, value }) as Filter;

const cases: [string, Filter, string[]][] = [
  ['contains ignores the case of ASCII letters', c('title', 'contains', 'aCME'), ['a']],
  ['contains does not fold other letters', c('title', 'contains', 'é'), []],
  ['…but folds the ASCII letters around them', c('title', 'contains', 'Écol'), ['b']],
  ['% in a value is literal', c('title', 'contains', '%'), ['a']],
  ['_ in a value is literal', c('title', 'contains', 'm_'), []],
  ['startsWith', c('title', 'startsWith', 'acme%'), ['a']],
  ['ne is true on empty values', c('title', 'ne', 'Acme%'), ['b', 'c']],
  ['notContains is true on empty values', c('title', 'notContains', 'acme'), ['b', 'c']],
  ['isEmpty', c('title', 'isEmpty'), ['c']],
  ['in', c('stage', 'in', ['won', 'lead']), ['a', 'b']],
  ['nin is true on empty values', c('stage', 'nin', ['won']), ['b', 'c']],
  ['$me', c('ownerId', 'eq', '$me'), ['a']],
  ['not $me', c('ownerId', 'ne', '$me'), ['b', 'c']],
  ['currency in yuan', c('amount', 'eq', 12.34), ['a']],
  ['gt is false on empty values', c('amount', 'lt', 100), ['a', 'b']],
  ['between is inclusive', c('amount', 'between', [0.1, 12.34]), ['a', 'b']],
  ['today is the local date', c('due', 'eq', 'today'), ['a']],
  ['before today', c('due', 'lt', 'today'), ['b']],
  ['today on a datetime is the start of the local day', c('at', 'gte', 'today'), ['a']],
  ['a bare date on a datetime is the start of that local day', c('at', 'lt', '2024-03-01'), ['b']],
  ['instants compare whatever their offset', c('at', 'eq', '2024-03-01T00:00:00+08:00'), ['a']],
  ['false is not empty', c('vip', 'eq', false), ['b']],
  ['ne true includes empty', c('vip', 'ne', true), ['b', 'c']],
  ['array contains is case-sensitive', c('tags', 'contains', 'x'), ['a']],
  ['array eq is the same set', c('tags', 'eq', ['y', 'x', 'y']), ['a']],
  ['array eq is not a subset', c('tags', 'eq', ['x']), []],
  ['array eq [] is empty', c('tags', 'eq', []), ['c']],
  ['array in is any of', c('tags', 'in', ['X', 'z']), ['b']],
  ['array nin is none of', c('tags', 'nin', ['x']), ['b', 'c']],
  ['relation contains', c('linked', 'contains', 'b'), ['a']],
  ['relation from the other side', c('linkedBy', 'in', ['a', 'z']), ['b']],
  ['relation notContains', c('linked', 'notContains', 'b'), ['b', 'c']],
  ['relation isEmpty', c('linked', 'isEmpty'), ['b', 'c']],
  ['an empty and is true', { and: [] }, ['a', 'b', 'c']],
  ['an empty or is false', { or: [] }, []],
  ['not of a comparison includes empty values', { not: c('score', 'gt', 0) }, ['b', 'c']],
];

for (const engine of engines) {
  describe(`filter semantics on ${engine}`, () => {
    const ctx = contextFor(engine, { userId: 'u1' });
    let t: TestTable;

    beforeAll(async () => {
      t = await openTestTable(engine);
      await storeRecords(t.db, t.table, records);
    });

    afterAll(async () => {
      await t?.close();
    });

    it.each(cases)('%s, in SQL and in memory', async (_, filter, ids) => {
      expect(records.filter((r) => matchesFilter(filter, r, ctx)).map((r) => r.id)).toEqual(ids);
      expect(await selectIds(t.db, t.table, filter, ctx)).toEqual(ids);
    });
  });
}
