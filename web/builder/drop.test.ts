import { describe, expect, it } from 'vitest';
import { CANVAS_ID, dropAction } from './drop';

const fields = [{ uid: 'a' }, { uid: 'b' }, { uid: 'c' }];

describe('dropAction', () => {
  it('inserts a palette item before the field it is dropped on', () =>
    expect(dropAction(fields, 'palette:select', 'b')).toEqual({ kind: 'insert', type: 'select', index: 1 }));

  it('appends a palette item dropped on the canvas, also when the form is empty', () => {
    expect(dropAction(fields, 'palette:text', CANVAS_ID)).toEqual({ kind: 'insert', type: 'text', index: 3 });
    expect(dropAction([], 'palette:text', CANVAS_ID)).toEqual({ kind: 'insert', type: 'text', index: 0 });
  });

  it('moves a field onto the place of the field it is dropped on', () => {
    expect(dropAction(fields, 'a', 'c')).toEqual({ kind: 'move', from: 0, to: 2 });
    expect(dropAction(fields, 'c', 'a')).toEqual({ kind: 'move', from: 2, to: 0 });
  });

  it('moves a field dropped on the empty canvas area to the end', () =>
    expect(dropAction(fields, 'a', CANVAS_ID)).toEqual({ kind: 'move', from: 0, to: 2 }));

  it('does nothing when dropped outside, on itself, or on something unknown', () => {
    expect(dropAction(fields, 'a', null)).toBeNull();
    expect(dropAction(fields, 'a', 'a')).toBeNull();
    expect(dropAction(fields, 'a', 'zzz')).toBeNull();
    expect(dropAction(fields, 'zzz', 'a')).toBeNull();
  });
});
