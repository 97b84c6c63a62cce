import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../api/automations';
import { addAction, listAt, moveAction, moveItem, removeAction, replaceAction } from './action-list';

const notify = (title: string): Action => ({ type: 'notify', to: { owner: true }, title });
const titles = (l: readonly Action[]) => l.map((a) => (a.type === 'notify' ? a.title : a.type));

describe('reordering actions', () => {
  it.each([
    [0, 2, ['b', 'c', 'a']],
    [2, 0, ['c', 'a', 'b']],
    [1, 1, ['a', 'b', 'c']],
    [0, 5, ['a', 'b', 'c']],
  ])('moving %i onto %i gives %j', (from, to, expected) => {
    expect(moveItem(['a', 'b', 'c'], from, to)).toEqual(expected);
  });

  it('a move keeps every item exactly once and puts the moved item at its target', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer(), { minLength: 1, maxLength: 20 })
          .chain((l) => fc.tuple(fc.constant(l), fc.nat(l.length - 1), fc.nat(l.length - 1))),
        ([list, from, to]) => {
          const moved = moveItem(list, from, to);
          expect([...moved].sort()).toEqual([...list].sort());
          expect(moved[to]).toBe(list[from]);
        },
      ),
    );
  });

  it('moves inside a branch leave the outer list and the original untouched', () => {
    const actions: Action[] = [
      notify('a'),
      { type: 'branch', if: { and: [] }, then: [notify('x'), notify('y'), notify('z')] },
      notify('b'),
    ];
    const moved = moveAction(actions, [1, 'then'], 0, 2);
    expect(titles(listAt(moved, [1, 'then']))).toEqual(['y', 'z', 'x']);
    expect(titles(moved)).toEqual(['a', 'branch', 'b']);
    expect(titles(listAt(actions, [1, 'then']))).toEqual(['x', 'y', 'z']);
  });

  it('adds to, replaces in and removes from a branch’s else list', () => {
    const actions: Action[] = [{ type: 'branch', if: { and: [] }, then: [] }];
    let next = addAction(actions, [0, 'else'], notify('e1'));
    next = addAction(next, [0, 'else'], notify('e2'));
    next = replaceAction(next, [0, 'else'], 0, notify('E1'));
    expect(titles(listAt(next, [0, 'else']))).toEqual(['E1', 'e2']);
    expect(titles(listAt(removeAction(next, [0, 'else'], 1), [0, 'else']))).toEqual(['E1']);
  });

  it('a path that leads to no branch changes nothing', () => {
    const actions = [notify('a')];
    expect(moveAction(actions, [0, 'then'], 0, 1)).toEqual(actions);
    expect(listAt(actions, [3, 'then'])).toEqual([]);
  });
});
