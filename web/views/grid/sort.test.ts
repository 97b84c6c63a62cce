import { describe, expect, it } from 'vitest';
import { formatSortRules, groupedSort, nextSort, parseSortRules, reversedSort, sortDirection } from './sort';

describe('grid sorting', () => {
  it('cycles a column from ascending to descending to unsorted', () => {
    expect(nextSort(undefined, 'amount')).toBe('amount');
    expect(nextSort('amount', 'amount')).toBe('-amount');
    expect(nextSort('-amount', 'amount')).toBeUndefined();
  });
  it('starts another column ascending', () => expect(nextSort('-amount', 'name')).toBe('name'));
  it('reads the direction of the first key', () => {
    expect(sortDirection('-amount,name', 'amount')).toBe('desc');
    expect(sortDirection('-amount,name', 'name')).toBeUndefined();
  });
});

describe('multi-column sorting', () => {
  it('reads and writes several rules in order', () => {
    expect(parseSortRules('-amount, name,,amount')).toEqual([
      { key: 'amount', desc: true },
      { key: 'name', desc: false },
    ]);
    expect(
      formatSortRules([
        { key: 'tier', desc: false },
        { key: 'amount', desc: true },
      ]),
    ).toBe('tier,-amount');
    expect(formatSortRules([])).toBeUndefined();
  });

  it('keeps at most five rules, as the API takes', () => {
    expect(formatSortRules('abcdefg'.split('').map((key) => ({ key, desc: false })))).toBe('a,b,c,d,e');
  });

  it('puts the group field first when grouping', () => {
    expect(groupedSort('-amount', 'tier')).toBe('tier,-amount');
    expect(groupedSort('-tier,name', 'tier')).toBe('-tier,name');
    expect(groupedSort(undefined, 'tier')).toBe('tier');
    expect(groupedSort('name', undefined)).toBe('name');
  });
  it("reverses a list's order key by key; no sort is newest first, so its reverse is oldest first", () => {
    expect(reversedSort('-amount,name')).toBe('amount,-name');
    expect(reversedSort('+tier, -seq')).toBe('-tier,seq');
    expect(reversedSort(undefined)).toBe('createdAt');
    expect(reversedSort('')).toBe('createdAt');
    expect(reversedSort(reversedSort('a,-b,c'))).toBe('a,-b,c');
  });
});
