import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANCHOR_ROWS,
  MAX_SCROLL_HEIGHT,
  columnWindow,
  rowPlacement,
  rowWindow,
  scrollBox,
  scrollTopFor,
} from './row-window';

const ROW = 40;

describe('the rows in view of a short list', () => {
  it('gets a box as tall as its rows and draws them where they are', () => {
    expect(scrollBox({ count: 5000, rowHeight: ROW, viewport: 600 })).toEqual({
      modelHeight: 200_000,
      height: 200_000,
      ratio: 1,
    });
    expect(rowWindow({ count: 5000, rowHeight: ROW, viewport: 600, scrollTop: 4000 })).toEqual({
      height: 200_000,
      first: 100,
      last: 114,
      shift: 0,
    });
  });

  it('adds overscan on either side, within the list', () => {
    expect(rowWindow({ count: 5000, rowHeight: ROW, viewport: 600, scrollTop: 4000 }, 10)).toMatchObject({
      first: 90,
      last: 124,
    });
    expect(rowWindow({ count: 12, rowHeight: ROW, viewport: 600, scrollTop: 0 }, 10)).toMatchObject({
      first: 0,
      last: 11,
    });
    expect(rowWindow({ count: 0, rowHeight: ROW, viewport: 600, scrollTop: 0 }, 10)).toMatchObject({
      first: 0,
      last: -1,
      height: 0,
    });
  });
});

describe('the rows in view of a million rows', () => {
  const million = { count: 1_000_000, rowHeight: ROW, viewport: 600 };
  const range = MAX_SCROLL_HEIGHT - 600;

  it("keeps the box under the browsers' height limit and scales the scroll position", () => {
    const box = scrollBox(million);
    expect(box.height).toBe(MAX_SCROLL_HEIGHT);
    expect(box.ratio).toBeCloseTo((40_000_000 - 600) / range, 9);
  });

  it('shows the middle rows with the scrollbar in the middle', () => {
    const w = rowWindow({ ...million, scrollTop: range / 2 });
    expect(w.first).toBeGreaterThanOrEqual(499_990);
    expect(w.last).toBeLessThanOrEqual(500_010);
    // Drawn at their model place less the shift: on screen, inside the view.
    expect(w.first * ROW - w.shift).toBeLessThanOrEqual(range / 2);
    expect((w.last + 1) * ROW - w.shift).toBeGreaterThanOrEqual(range / 2 + 600);
  });

  it('shows the last row at the bottom of the box with the scrollbar at the end', () => {
    const w = rowWindow({ ...million, scrollTop: range });
    expect(w.last).toBe(999_999);
    expect((w.last + 1) * ROW - w.shift).toBeCloseTo(MAX_SCROLL_HEIGHT, 6);
    expect(rowWindow({ ...million, scrollTop: range + 5000 }).last).toBe(999_999);
  });

  it('starts at the first row with the scrollbar at the top', () => {
    expect(rowWindow({ ...million, scrollTop: 0 })).toMatchObject({ first: 0, shift: 0 });
    expect(rowWindow({ ...million, scrollTop: -30 })).toMatchObject({ first: 0, shift: 0 });
  });
});

describe('scrolling to a row', () => {
  it('puts the row at the top, at the bottom, or leaves the view where it is when the row is in it', () => {
    const geo = { count: 5000, rowHeight: ROW, viewport: 600, scrollTop: 4000 };
    expect(scrollTopFor(geo, 0, 'start')).toBe(0);
    expect(scrollTopFor(geo, 4999, 'end')).toBe(200_000 - 600);
    expect(scrollTopFor(geo, 105)).toBe(4000);
    expect(scrollTopFor(geo, 300)).toBe(301 * ROW - 600);
    expect(scrollTopFor(geo, 50)).toBe(50 * ROW);
  });

  const geometry = fc.record({
    count: fc.integer({ min: 1, max: 5_000_000 }),
    viewport: fc.integer({ min: 80, max: 2000 }),
    maxHeight: fc.constantFrom(50_000, 1_000_000, MAX_SCROLL_HEIGHT),
  });

  it('shows the whole row it scrolled to, for any list size, scaled or not', () => {
    fc.assert(
      fc.property(
        geometry,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('start', 'end', 'nearest') as fc.Arbitrary<'start' | 'end' | 'nearest'>,
        (g, at, from, align) => {
          const geo = { ...g, rowHeight: ROW };
          const index = Math.floor(at * (g.count - 1));
          const { height, ratio } = scrollBox(geo);
          // One scrolled pixel must move fewer rows' pixels than the view holds beyond a row (at a
          // million rows in 15 M px it moves 2.7; only absurd scales in a tiny view go past this).
          fc.pre(ratio <= g.viewport - ROW);
          const scrollTop = scrollTopFor(
            { ...geo, scrollTop: from * Math.max(0, height - g.viewport) },
            index,
            align,
          );
          const w = rowWindow({ ...geo, scrollTop });
          expect(index).toBeGreaterThanOrEqual(w.first);
          expect(index).toBeLessThanOrEqual(w.last);
          const top = index * ROW - w.shift;
          // Whole when the view can hold a row: not above the view's top, not below its bottom.
          expect(top).toBeGreaterThanOrEqual(scrollTop - 1e-6);
          expect(top + ROW).toBeLessThanOrEqual(scrollTop + g.viewport + 1e-6);
        },
      ),
    );
  });

  it('never makes the box taller than allowed, and covers the whole view with rows', () => {
    fc.assert(
      fc.property(geometry, fc.double({ min: 0, max: 1, noNaN: true }), (g, at) => {
        const geo = { ...g, rowHeight: ROW };
        const { height } = scrollBox(geo);
        expect(height).toBeLessThanOrEqual(g.maxHeight);
        const scrollTop = at * Math.max(0, height - g.viewport);
        const w = rowWindow({ ...geo, scrollTop });
        expect(w.first * ROW - w.shift).toBeLessThanOrEqual(scrollTop + 1e-6);
        if (g.count * ROW >= g.viewport)
          expect((w.last + 1) * ROW - w.shift).toBeGreaterThanOrEqual(scrollTop + g.viewport - 1e-6);
        else expect(w.last).toBe(g.count - 1);
      }),
    );
  });
});

describe('the columns in view', () => {
  it('draws the columns that meet the view, with overscan on either side, and the room left of them', () => {
    expect(columnWindow([100, 100, 100, 100], 150, 120)).toEqual({
      first: 1,
      last: 2,
      start: 100,
      total: 400,
    });
    expect(columnWindow([100, 100, 100, 100, 100, 100], 250, 100, 1)).toEqual({
      first: 1,
      last: 4,
      start: 100,
      total: 600,
    });
    expect(columnWindow([180, 90, 260], 0, 2000, 2)).toEqual({ first: 0, last: 2, start: 0, total: 530 });
    expect(columnWindow([], 0, 800, 2)).toEqual({ first: 0, last: -1, start: 0, total: 0 });
  });

  it('always covers the visible pixels, whatever the widths and the scroll position', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 40, max: 400 }), { minLength: 1, maxLength: 60 }),
        fc.nat(30_000),
        fc.integer({ min: 1, max: 3000 }),
        fc.nat(3),
        (widths, left, viewport, overscan) => {
          const w = columnWindow(widths, left, viewport, overscan);
          const scrollLeft = Math.min(left, Math.max(0, w.total - viewport));
          const at = columnWindow(widths, scrollLeft, viewport, overscan);
          let x = 0;
          widths.forEach((width, i) => {
            const meets = x + width > scrollLeft && x < scrollLeft + viewport;
            if (meets) expect(i >= at.first && i <= at.last).toBe(true);
            if (i === at.first) expect(at.start).toBe(x);
            x += width;
          });
        },
      ),
    );
  });
});

describe('where the rows are drawn', () => {
  const million = { count: 1_000_000, rowHeight: ROW, viewport: 600 };

  it('keeps every row and the box holding them within what a browser can draw, anywhere in a million rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_SCROLL_HEIGHT - 600 }), (scrollTop) => {
        const w = rowWindow({ ...million, scrollTop }, 8);
        const { anchor, offset } = rowPlacement(w.first, Math.round(w.shift), ROW);
        expect(offset).toBeGreaterThanOrEqual(-ROW * ANCHOR_ROWS);
        expect(offset).toBeLessThanOrEqual(MAX_SCROLL_HEIGHT);
        for (const i of [w.first, w.last]) {
          const y = (i - anchor) * ROW;
          expect(y).toBeGreaterThanOrEqual(0);
          expect(y).toBeLessThan((ANCHOR_ROWS + 100) * ROW);
          // On screen where the scaled position puts it: inside the view (or its overscan).
          expect(offset + y).toBeGreaterThan(scrollTop - 10 * ROW);
          expect(offset + y).toBeLessThan(scrollTop + 600 + 10 * ROW);
        }
      }),
    );
  });

  it('leaves a row where it is while the view moves within the same thousand rows', () => {
    const a = rowPlacement(120, 0, ROW);
    const b = rowPlacement(180, 0, ROW);
    expect(a.anchor).toBe(b.anchor);
    expect(rowPlacement(1005, 0, ROW).anchor).toBe(1000);
  });
});
