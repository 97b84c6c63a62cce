import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageOf, pageRequest, pagesFor, pagesToDrop } from './row-pages';

describe('pages for the rows in view', () => {
  it.each([
    [0, 14, 100, 5000, 0, [0]],
    [95, 110, 100, 5000, 0, [0, 1]],
    [250, 280, 100, 1000, 1, [1, 2, 3]],
    [0, 14, 100, 5000, 1, [0, 1]],
    [4990, 5010, 100, 5000, 1, [48, 49]],
    [499_990, 500_010, 100, 1_000_000, 0, [4999, 5000]],
    [0, -1, 100, 5000, 1, []],
    [0, 10, 100, 0, 1, []],
  ])(
    'rows %i…%i, pages of %i, %i rows, margin %i: pages %j',
    (first, last, size, total, margin, expected) => {
      expect(pagesFor(first, last, size, total, margin)).toEqual(expected);
    },
  );

  it('finds every row in the page it names', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 500 }), (row, size) => {
        const p = pageOf(row, size);
        expect(p * size).toBeLessThanOrEqual(row);
        expect(row).toBeLessThan((p + 1) * size);
      }),
    );
  });
});

describe('forgetting pages far away', () => {
  it('drops the farthest pages first and keeps page 0 and the pages in view', () => {
    expect(pagesToDrop([0, 1, 2, 40, 41, 90], [40, 41], 4)).toEqual([90, 1]);
    expect(pagesToDrop([0, 1, 2, 40, 41, 90], [40, 41], 10)).toEqual([]);
    expect(pagesToDrop([0, 5, 6, 7], [5, 6, 7], 1)).toEqual([]);
  });

  it('never keeps more than asked, unless the pages in view need it, and never drops those', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 495 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 30 }),
        (cached, from, span, keep) => {
          const wanted = Array.from({ length: span }, (_, i) => from + i);
          const dropped = pagesToDrop(cached, wanted, keep);
          const left = cached.filter((p) => !dropped.includes(p));
          expect(dropped.every((p) => cached.includes(p) && p !== 0 && !wanted.includes(p))).toBe(true);
          expect(left.length).toBeLessThanOrEqual(
            Math.max(keep, left.filter((p) => p === 0 || wanted.includes(p)).length),
          );
          // What stays is never farther from the view than what went.
          const dist = (p: number) => Math.abs(p - (from + (span - 1) / 2));
          const farthestKept = Math.max(0, ...left.filter((p) => p !== 0 && !wanted.includes(p)).map(dist));
          for (const p of dropped) expect(dist(p)).toBeGreaterThanOrEqual(farthestKept);
        },
      ),
    );
  });
});

describe('asking for a page', () => {
  const full = { items: Array.from({ length: 100 }, (_, i) => i), nextCursor: 'c100' };

  it('follows the previous page by its cursor when that page is here and full', () => {
    expect(pageRequest(1, 100, 5000, { before: full })).toEqual({
      cursor: 'c100',
      limit: 100,
      backwards: false,
    });
    expect(pageRequest(4000, 100, 5000, { before: full })).toEqual({
      cursor: 'c100',
      limit: 100,
      backwards: false,
    });
  });

  it('goes back from the next page by its backwards cursor when that page came from the end', () => {
    expect(
      pageRequest(30, 100, 5000, { after: { items: [1], nextCursor: null, prevCursor: 'p3100' } }),
    ).toEqual({ cursor: 'p3100', limit: 100, backwards: true });
    expect(pageRequest(30, 100, 5000, { after: { items: [1], nextCursor: 'n' } })).toEqual({
      offset: 1900,
      limit: 100,
      backwards: true,
    });
  });

  it('asks by position from the start in the first half of the list', () => {
    expect(pageRequest(0, 100, 5000)).toEqual({ offset: 0, limit: 100, backwards: false });
    expect(pageRequest(25, 100, 5000)).toEqual({ offset: 2500, limit: 100, backwards: false });
    expect(pageRequest(3, 100, 5000, { before: { items: [1, 2], nextCursor: 'x' } })).toEqual({
      offset: 300,
      limit: 100,
      backwards: false,
    });
    expect(pageRequest(3, 100, 5000, { before: { ...full, nextCursor: null } })).toEqual({
      offset: 300,
      limit: 100,
      backwards: false,
    });
    expect(pageRequest(30, 100, undefined)).toEqual({ offset: 3000, limit: 100, backwards: false });
  });

  it('asks by position from the end, sort reversed, in the second half', () => {
    expect(pageRequest(9990, 100, 1_000_000)).toEqual({ offset: 900, limit: 100, backwards: true });
    // The last page is short: exactly its rows.
    expect(pageRequest(49, 100, 4950)).toEqual({ offset: 0, limit: 50, backwards: true });
    expect(pageRequest(26, 100, 5000)).toEqual({ offset: 2300, limit: 100, backwards: true });
    // A page past the end (the list shrank): from the start, the server answers it empty.
    expect(pageRequest(60, 100, 5000)).toEqual({ offset: 6000, limit: 100, backwards: false });
  });

  it("covers exactly the page's rows whichever way it asks", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        (total, size, at) => {
          const page = Math.floor((at * total) / size);
          const ask = pageRequest(page, size, total);
          if (!('offset' in ask)) throw new Error('expected a position');
          const rows = ask.backwards
            ? [total - ask.offset - ask.limit, total - ask.offset]
            : [ask.offset, ask.offset + ask.limit];
          expect(rows[0]).toBe(page * size);
          expect(Math.min(rows[1], total)).toBe(Math.min((page + 1) * size, total));
          expect(ask.limit).toBeGreaterThan(0);
        },
      ),
    );
  });
});
