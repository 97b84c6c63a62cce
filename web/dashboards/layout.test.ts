import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COLUMNS,
  type Placed,
  cellsMoved,
  compact,
  hasOverlap,
  moveWidget,
  placeNew,
  resizeWidget,
} from './layout';

const w = (id: string, x: number, y: number, width: number, h: number): Placed => ({
  id,
  layout: { x, y, w: width, h },
});
const at = (items: Placed[], id: string) => items.find((i) => i.id === id)!.layout;

const arbItems = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    layout: fc.record({
      x: fc.nat(COLUMNS - 1),
      y: fc.nat(20),
      w: fc.integer({ min: 1, max: COLUMNS }),
      h: fc.integer({ min: 1, max: 6 }),
    }),
  }),
  { selector: (p) => p.id, maxLength: 12 },
);

describe('arranging dashboard widgets', () => {
  it('floats widgets up into free space', () => {
    const out = compact([w('a', 0, 5, 6, 2), w('b', 6, 9, 6, 3)]);
    expect(at(out, 'a')).toEqual({ x: 0, y: 0, w: 6, h: 2 });
    expect(at(out, 'b')).toEqual({ x: 6, y: 0, w: 6, h: 3 });
  });

  it('a widget dropped onto another takes its place and pushes it down', () => {
    const items = [w('a', 0, 0, 6, 4), w('b', 6, 0, 6, 4), w('c', 0, 4, 12, 2)];
    const out = moveWidget(items, 'c', { x: 0, y: 0 });
    expect(at(out, 'c')).toEqual({ x: 0, y: 0, w: 12, h: 2 });
    expect(at(out, 'a')).toEqual({ x: 0, y: 2, w: 6, h: 4 });
    expect(at(out, 'b')).toEqual({ x: 6, y: 2, w: 6, h: 4 });
  });

  it('a widget dropped below a gap floats up into it, above the one it pushed', () => {
    const items = [w('a', 0, 0, 3, 3), w('b', 3, 0, 3, 3), w('c', 0, 3, 6, 5)];
    const out = moveWidget(items, 'b', { x: 0, y: 6 });
    expect(at(out, 'b')).toEqual({ x: 0, y: 3, w: 3, h: 3 });
    expect(at(out, 'c')).toEqual({ x: 0, y: 6, w: 6, h: 5 });
  });

  it('keeps a moved widget inside the grid', () => {
    const out = moveWidget([w('a', 0, 0, 4, 2)], 'a', { x: 20, y: -3 });
    expect(at(out, 'a')).toEqual({ x: 8, y: 0, w: 4, h: 2 });
  });

  it('growing a widget pushes its neighbour below it', () => {
    const out = resizeWidget([w('a', 0, 0, 6, 2), w('b', 6, 0, 6, 2)], 'a', { w: 12, h: 3 });
    expect(at(out, 'a')).toEqual({ x: 0, y: 0, w: 12, h: 3 });
    expect(at(out, 'b')).toEqual({ x: 6, y: 3, w: 6, h: 2 });
  });

  it('puts a new widget in the first free spot', () => {
    expect(placeNew([], 6, 4)).toEqual({ x: 0, y: 0, w: 6, h: 4 });
    expect(placeNew([w('a', 0, 0, 6, 4)], 6, 4)).toEqual({ x: 6, y: 0, w: 6, h: 4 });
    expect(placeNew([w('a', 0, 0, 12, 4)], 4, 3)).toEqual({ x: 0, y: 4, w: 4, h: 3 });
  });

  it('turns a drag in pixels into whole cells', () => {
    expect(cellsMoved(130, -61, 100, 60)).toEqual({ dx: 1, dy: -1 });
  });

  it('never leaves two widgets overlapping, whatever is moved where, and keeps every widget', () => {
    fc.assert(
      fc.property(
        arbItems,
        fc.nat(11),
        fc.integer({ min: -3, max: 15 }),
        fc.integer({ min: -3, max: 30 }),
        (items, pick, x, y) => {
          const out = items.length
            ? moveWidget(items, items[pick % items.length].id, { x, y })
            : compact(items);
          expect(hasOverlap(out)).toBe(false);
          expect(out.map((i) => i.id)).toEqual(items.map((i) => i.id));
          for (const i of out) expect(i.layout.x + i.layout.w).toBeLessThanOrEqual(COLUMNS);
        },
      ),
    );
  });
});
