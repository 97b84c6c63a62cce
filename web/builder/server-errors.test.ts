import { describe, expect, it } from 'vitest';
import { groupBuilderErrors } from './server-errors';

describe('groupBuilderErrors', () => {
  it('puts field errors under the field index with the property path, the rest at form level', () => {
    const g = groupBuilderErrors([
      { path: '/fields/3/options/0/value', message: 'duplicate option value "a"' },
      { path: '/fields/3/key', message: 'duplicate field key' },
      { path: '/fields/0', message: 'bad field' },
      { path: '/key', message: 'is already used in this app' },
    ]);
    expect(g.fields.get(3)).toEqual([
      { prop: 'options/0/value', message: 'duplicate option value "a"' },
      { prop: 'key', message: 'duplicate field key' },
    ]);
    expect(g.fields.get(0)).toEqual([{ prop: '', message: 'bad field' }]);
    expect(g.form).toEqual([{ path: '/key', message: 'is already used in this app' }]);
  });
});
