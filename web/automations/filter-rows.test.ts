import { describe, expect, it } from 'vitest';
import { type FilterRows, fromFilter, kindOf, rowComplete, toFilter, valueShape } from './filter-rows';

describe('the filter builder model', () => {
  it('writes complete lines as the JSON filter language and leaves half-written ones out', () => {
    const model: FilterRows = {
      conj: 'and',
      rows: [
        { field: 'nextAction', op: 'isNotEmpty', value: 'stale' },
        { field: 'tier', op: 'eq', value: 'high' },
        { field: 'amount', op: 'gte' },
        { field: 'amount', op: 'between', value: [1, 10] },
      ],
    };
    expect(toFilter(model)).toEqual({ and: [{ field: 'nextAction', op: 'isNotEmpty' }, { field: 'tier', op: 'eq', value: 'high' }, { field: 'amount', op: 'between', value: [1, 10] }] });
  });

  it('has no filter when no line is complete', () => {
    expect(toFilter({ conj: 'or', rows: [{ field: '', op: 'eq', value: 1 }] })).toBeUndefined();
  });

  it.each([
    [{ field: 'a', op: 'eq', value: 1 }, { conj: 'and', rows: [{ field: 'a', op: 'eq', value: 1 }] }],
    [{ or: [{ field: 'a', op: 'isEmpty' }] }, { conj: 'or', rows: [{ field: 'a', op: 'isEmpty' }] }],
    [undefined, { conj: 'and', rows: [] }],
    [{ and: [{ or: [] }] }, null],
    [{ not: { field: 'a', op: 'isEmpty' } }, null],
  ] as const)('reads %j back as %j', (filter, rows) => {
    expect(fromFilter(filter as never)).toEqual(rows);
  });

  it('round-trips a flat filter', () => {
    const f = { or: [{ field: 'tier', op: 'in', value: ['a', 'b'] }, { field: 'due', op: 'lt', value: 'today' }] } as const;
    expect(toFilter(fromFilter(f as never)!)).toEqual(f);
  });

  it('knows the kinds and value shapes the server expects', () => {
    expect(kindOf({ type: 'member', multiple: true })).toBe('array');
    expect(kindOf({ type: 'member' })).toBe('text');
    expect(kindOf({ type: 'formula', resultType: 'number' })).toBe('number');
    expect(valueShape('array', 'eq')).toBe('list');
    expect(valueShape('number', 'between')).toBe('pair');
    expect(rowComplete({ field: 'x', op: 'in', value: [] })).toBe(false);
  });
});
