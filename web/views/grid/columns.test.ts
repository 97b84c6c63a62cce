import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldDef } from '../../api/types';
import { columnLayout, fieldsInFormOrder, moveColumn, moveItem, resizedWidth, viewFieldsOf } from './columns';

const f = (key: string, id = `fld_${key}`): FieldDef => ({ key, id, type: 'text', label: key });

describe('moving a column', () => {
  it.each([
    [['a', 'b', 'c', 'd'], 0, 2, ['b', 'c', 'a', 'd']],
    [['a', 'b', 'c', 'd'], 3, 0, ['d', 'a', 'b', 'c']],
    [['a', 'b', 'c', 'd'], 1, 1, ['a', 'b', 'c', 'd']],
    [['a', 'b', 'c', 'd'], 2, 9, ['a', 'b', 'c', 'd']],
    [['a', 'b', 'c', 'd'], -1, 0, ['a', 'b', 'c', 'd']],
  ])('moveItem(%j, %i, %i) gives %j', (list, from, to, expected) => {
    expect(moveItem(list, from, to)).toEqual(expected);
  });

  it("drops a column onto another one: it takes that one's place", () => {
    expect(moveColumn(['name', 'tier', 'amount', 'date'], 'date', 'tier')).toEqual([
      'name',
      'date',
      'tier',
      'amount',
    ]);
    expect(moveColumn(['name', 'tier', 'amount', 'date'], 'name', 'amount')).toEqual([
      'tier',
      'amount',
      'name',
      'date',
    ]);
  });

  it('keeps every column exactly once whatever the move', () => {
    const list = ['a', 'b', 'c', 'd', 'e'];
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++) expect([...moveItem(list, i, j)].sort()).toEqual(list);
  });

  it("drops a header onto another among hidden columns: the visible order is the drop's, hidden ones keep their place", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 12 }),
        fc.infiniteStream(fc.boolean()),
        fc.nat(),
        fc.nat(),
        (order, hiddenBits, a, b) => {
          const flags = order.map(() => hiddenBits.next().value as boolean);
          const hidden = order.filter((_, i) => flags[i]);
          const visible = order.filter((k) => !hidden.includes(k));
          fc.pre(visible.length >= 2);
          const active = visible[a % visible.length];
          const over = visible[b % visible.length];
          const next = moveColumn(order, active, over);
          expect(next.filter((k) => !hidden.includes(k))).toEqual(
            moveItem(visible, visible.indexOf(active), visible.indexOf(over)),
          );
          expect(viewFieldsOf({ order: next, hidden }, order)).toEqual(
            active === over && !hidden.length
              ? undefined
              : moveItem(visible, visible.indexOf(active), visible.indexOf(over)),
          );
        },
      ),
    );
  });

  it('does not change the list it was given', () => {
    const list = ['a', 'b'];
    moveItem(list, 0, 1);
    expect(list).toEqual(['a', 'b']);
  });
});

describe('column order', () => {
  it('follows the definition when the form has no layout', () => {
    expect(fieldsInFormOrder({ fields: [f('b'), f('a'), f('c')] }).map((x) => x.key)).toEqual([
      'b',
      'a',
      'c',
    ]);
  });

  it('follows the layout sections (by id or key), then the fields the layout leaves out', () => {
    const def = {
      fields: [f('a'), f('b'), f('c'), f('d')],
      layout: { sections: [{ fields: ['fld_c', 'a'] }, { fields: ['b', 'unknown'] }] },
    };
    expect(fieldsInFormOrder(def).map((x) => x.key)).toEqual(['c', 'a', 'b', 'd']);
  });

  it("shows a view's fields first in its order and the others hidden", () => {
    expect(columnLayout(['a', 'b', 'c', 'd'], ['c', 'a', 'gone'])).toEqual({
      order: ['c', 'a', 'b', 'd'],
      hidden: ['b', 'd'],
    });
    expect(columnLayout(['a', 'b'], undefined)).toEqual({ order: ['a', 'b'], hidden: [] });
  });

  it("saves the visible fields in order, or nothing when it is the form's own order", () => {
    expect(viewFieldsOf({ order: ['c', 'a', 'b'], hidden: ['b'] }, ['a', 'b', 'c'])).toEqual(['c', 'a']);
    expect(viewFieldsOf({ order: ['a', 'b', 'c'], hidden: [] }, ['a', 'b', 'c'])).toBeUndefined();
  });

  it('keeps a resized column between its bounds', () => {
    expect(resizedWidth(180, 40)).toBe(220);
    expect(resizedWidth(180, -500)).toBe(60);
    expect(resizedWidth(180, 5000)).toBe(800);
  });
});
