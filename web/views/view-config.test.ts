import { describe, expect, it } from 'vitest';
import type { SavedView } from '../api/views';
import { configOf, isDirty, patchBody, viewBody } from './view-config';

const view = {
  id: 'v1',
  formId: 'f',
  createdBy: 'u',
  position: 0,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  name: '高价值',
  type: 'grid',
  filter: { field: 'tier', op: 'eq', value: 'high' },
  sort: '-amount',
  widths: { name: 200 },
} as SavedView;

describe('saved view state', () => {
  it('takes the config of a view, leaving out its identity', () => {
    expect(configOf(view)).toEqual({
      filter: { field: 'tier', op: 'eq', value: 'high' },
      sort: '-amount',
      widths: { name: 200 },
    });
    expect(configOf(undefined)).toEqual({});
  });

  it('is not dirty for the same config written differently', () => {
    expect(
      isDirty(
        {
          sort: '-amount',
          widths: { name: 200 },
          filter: { value: 'high', op: 'eq', field: 'tier' } as never,
          groupBy: [],
        },
        configOf(view),
      ),
    ).toBe(false);
    expect(isDirty({ sort: '' }, {})).toBe(false);
  });

  it('is dirty once the sort, filter or columns change', () => {
    expect(isDirty({ ...configOf(view), sort: 'amount' }, configOf(view))).toBe(true);
    expect(isDirty({ ...configOf(view), fields: ['name'] }, configOf(view))).toBe(true);
  });

  it('saves without empty parts', () => {
    expect(viewBody('我的', 'kanban', { sort: '', kanban: { groupField: 'state' } }, false)).toEqual({
      name: '我的',
      type: 'kanban',
      shared: false,
      kanban: { groupField: 'state' },
    });
  });

  it('writes cleared parts as neutral values and reads them back as nothing', () => {
    const body = patchBody({ widths: { a: 100 } }, ['a', 'b']);
    expect(body).toEqual({
      widths: { a: 100 },
      filter: { and: [] },
      sort: '-createdAt',
      fields: ['a', 'b'],
      groupBy: [],
    });
    const saved = { ...view, ...body } as SavedView;
    expect(isDirty({ widths: { a: 100 } }, configOf(saved, ['a', 'b']))).toBe(false);
  });
});
