import { describe, expect, it } from 'vitest';
import type { FieldDef } from '../../api/types';
import {
  EMPTY_COLUMN,
  applyMove,
  boardWithMoves,
  columnFilter,
  columnOf,
  deadlineOf,
  defaultGroupField,
  dropMove,
  isOverdue,
  kanbanColumns,
  withoutMove,
} from './board';

const fields: FieldDef[] = [
  { key: 'name', type: 'text', label: '名称' },
  {
    key: 'tier',
    type: 'select',
    label: '分层',
    options: [
      { value: 'high', label: '高价值', color: 'red' },
      { value: 'low', label: '低价值' },
    ],
  },
];
const wf = {
  states: [
    { key: 'new', label: '新建', color: 'blue' },
    { key: 'done', label: '完成' },
  ],
  sla: [{ state: 'new', hours: 24 }],
};

describe('kanban columns', () => {
  it('come from the workflow when the form has one', () => {
    expect(defaultGroupField(fields, true)).toBe('state');
    expect(kanbanColumns('state', fields, wf, '未分类')).toEqual([
      { key: 'new', label: '新建', color: 'blue' },
      { key: 'done', label: '完成', color: undefined },
    ]);
  });

  it('come from a select field otherwise, with a column for records without a value', () => {
    expect(defaultGroupField(fields, false)).toBe('tier');
    expect(kanbanColumns('tier', fields, null, '未分类').map((c) => c.key)).toEqual([
      EMPTY_COLUMN,
      'high',
      'low',
    ]);
  });

  it('load each column with its own filter', () => {
    expect(columnFilter('tier', 'high')).toEqual({ field: 'tier', op: 'eq', value: 'high' });
    expect(columnFilter('tier', EMPTY_COLUMN)).toEqual({ field: 'tier', op: 'isEmpty' });
    expect(columnOf(null)).toBe(EMPTY_COLUMN);
    expect(columnOf('high')).toBe('high');
  });
});

describe('moving cards', () => {
  const board = { a: ['1', '2', '3'], b: ['4'], c: [] as string[] };

  it('drops a card onto another card: it takes that place', () => {
    expect(dropMove(board, '1', { column: 'b', card: '4' })).toEqual({
      card: '1',
      from: 'a',
      to: 'b',
      index: 0,
    });
    expect(applyMove(board, { card: '1', from: 'a', to: 'b', index: 0 })).toEqual({
      a: ['2', '3'],
      b: ['1', '4'],
      c: [],
    });
  });

  it("drops a card into a column's empty space: it goes last", () => {
    expect(dropMove(board, '2', { column: 'c' })).toEqual({ card: '2', from: 'a', to: 'c', index: 0 });
    expect(dropMove(board, '1', { column: 'a' })).toEqual({ card: '1', from: 'a', to: 'a', index: 2 });
  });

  it('reorders within a column', () => {
    const move = dropMove(board, '3', { column: 'a', card: '1' })!;
    expect(applyMove(board, move).a).toEqual(['3', '1', '2']);
  });

  it('ignores a drop where the card already is, or on an unknown column', () => {
    expect(dropMove(board, '2', { column: 'a', card: '2' })).toBeUndefined();
    expect(dropMove(board, '2', { column: 'zzz' })).toBeUndefined();
    expect(dropMove(board, '99', { column: 'a' })).toBeUndefined();
  });

  it('snaps back when the server refuses: the pending move is dropped', () => {
    const moves = [{ card: '1', from: 'a', to: 'b', index: 1 }];
    expect(boardWithMoves(board, moves)).toEqual({ a: ['2', '3'], b: ['4', '1'], c: [] });
    expect(boardWithMoves(board, withoutMove(moves, '1'))).toEqual(board);
  });

  it('ignores a kept move once the card is somewhere else on the server', () => {
    expect(boardWithMoves({ a: ['2'], b: ['1'] }, [{ card: '1', from: 'a', to: 'a', index: 0 }])).toEqual({
      a: ['2'],
      b: ['1'],
    });
  });

  it('does not change the board it was given', () => {
    applyMove(board, { card: '1', from: 'a', to: 'c', index: 0 });
    expect(board).toEqual({ a: ['1', '2', '3'], b: ['4'], c: [] });
  });
});

describe('time limits', () => {
  it('puts the deadline at entering the state plus the hours', () => {
    expect(deadlineOf(wf, 'new', '2025-05-20T00:00:00.000Z')).toEqual(new Date('2025-05-21T00:00:00.000Z'));
    expect(deadlineOf(wf, 'done', '2025-05-20T00:00:00.000Z')).toBeUndefined();
  });

  it('asks the server when the limit counts working hours or depends on a condition', () => {
    expect(
      deadlineOf(
        { states: [], sla: [{ state: 'new', hours: 8, businessHours: true }] },
        'new',
        '2025-05-20T00:00:00Z',
      ),
    ).toBe('ask');
    expect(
      deadlineOf(
        { states: [], sla: [{ state: 'new', hours: 8, when: { field: 'x', op: 'isEmpty' } }] },
        'new',
        '2025-05-20T00:00:00Z',
      ),
    ).toBe('ask');
  });

  it('is overdue once the deadline has passed', () => {
    const d = new Date('2025-05-21T00:00:00Z');
    expect(isOverdue(d, new Date('2025-05-21T00:00:01Z'))).toBe(true);
    expect(isOverdue(d, new Date('2025-05-20T23:00:00Z'))).toBe(false);
  });
});
