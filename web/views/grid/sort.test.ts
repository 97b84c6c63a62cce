import { describe, expect, it } from 'vitest';
import { nextSort, sortDirection } from './sort';

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
