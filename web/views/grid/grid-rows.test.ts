import { describe, expect, it } from 'vitest';
import type { DataRecord } from '../../api/types';
import { gridRows } from './grid-rows';

const rec = (id: string, tier: string | null): DataRecord => ({
  id,
  formId: 'f',
  version: 1,
  state: null,
  createdAt: '',
  createdBy: null,
  updatedAt: '',
  updatedBy: null,
  ownerId: null,
  departmentId: null,
  fields: { tier },
});

describe('grid rows', () => {
  it('numbers records and ends with a loader while more pages remain', () => {
    const rows = gridRows([rec('a', 'x'), rec('b', 'y')], { hasMore: true });
    expect(rows.map((r) => r.kind)).toEqual(['record', 'record', 'loader']);
    expect(rows[1]).toMatchObject({ index: 2 });
  });

  it('puts a header with the aggregate count before each group, empty values together', () => {
    const counts = new Map<string | null, number>([
      [null, 1],
      ['high', 2],
    ]);
    const rows = gridRows([rec('a', null), rec('b', 'high'), rec('c', 'high')], {
      groupKey: 'tier',
      counts,
      hasMore: false,
    });
    expect(rows.map((r) => (r.kind === 'group' ? `[${r.value}:${r.count}]` : r.key))).toEqual([
      '[null:1]',
      'a',
      '[high:2]',
      'b',
      'c',
    ]);
    expect(rows[4]).toMatchObject({ index: 2 });
  });

  it('leaves the records of a collapsed group out but keeps its header', () => {
    const rows = gridRows([rec('a', 'low'), rec('b', 'high')], {
      groupKey: 'tier',
      collapsed: new Set(['low']),
      hasMore: false,
    });
    expect(rows.map((r) => r.key)).toEqual(['g:low', 'g:high', 'b']);
  });
});
