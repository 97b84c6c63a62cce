import { describe, expect, it } from 'vitest';
import { plainGridParams } from './plain-grid';

describe('plainGridParams', () => {
  it('answers the search of a plain grid', () => {
    expect(plainGridParams(new URLSearchParams(''))).toEqual({ q: undefined });
    expect(plainGridParams(new URLSearchParams('q=上海&record=r1'))).toEqual({ q: '上海' });
    expect(plainGridParams(new URLSearchParams('type=grid'))).toEqual({ q: undefined });
  });
  it('answers nothing when a saved view, a drill-down filter or another view type decides the query', () => {
    expect(plainGridParams(new URLSearchParams('view=v1'))).toBeUndefined();
    expect(plainGridParams(new URLSearchParams('filter={}'))).toBeUndefined();
    expect(plainGridParams(new URLSearchParams('type=kanban'))).toBeUndefined();
  });
});
