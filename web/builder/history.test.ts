import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, createHistory, pushHistory, redo, undo } from './history';

describe('undo history', () => {
  it('undoes and redoes steps in order', () => {
    let h = createHistory(0);
    h = pushHistory(h, 1);
    h = pushHistory(h, 2);
    h = undo(h);
    expect(h.present).toBe(1);
    h = undo(h);
    expect(h.present).toBe(0);
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(h.present).toBe(1);
    expect(canRedo(h)).toBe(true);
  });

  it('forgets redo after a new edit', () => {
    let h = pushHistory(pushHistory(createHistory('a'), 'b'), 'c');
    h = pushHistory(undo(h), 'd');
    expect(h.present).toBe('d');
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe('b');
  });

  it('does nothing when undoing or redoing past the ends', () => {
    const h = createHistory(1);
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });

  it('folds consecutive edits with the same coalesce key into one step', () => {
    let h = createHistory('');
    h = pushHistory(h, 'a', 'label:f1');
    h = pushHistory(h, 'ab', 'label:f1');
    h = pushHistory(h, 'abc', 'label:f1');
    expect(h.past).toEqual(['']);
    h = pushHistory(h, 'abc!', 'help:f1');
    expect(undo(h).present).toBe('abc');
    expect(undo(undo(h)).present).toBe('');
  });

  it('starts a new step for the same key after an undo', () => {
    let h = pushHistory(createHistory(''), 'a', 'k');
    h = undo(h);
    h = pushHistory(h, 'b', 'k');
    expect(h.past).toEqual(['']);
    expect(h.present).toBe('b');
  });

  it('ignores a push of the very same snapshot', () => {
    const snap = { n: 1 };
    const h = createHistory(snap);
    expect(pushHistory(h, snap)).toBe(h);
  });

  it('keeps at most the limit of past steps', () => {
    let h = createHistory(0);
    for (let i = 1; i <= 10; i++) h = pushHistory(h, i, undefined, 3);
    expect(h.past).toEqual([7, 8, 9]);
  });
});
