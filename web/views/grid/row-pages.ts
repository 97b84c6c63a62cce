/**
 * Rows by position, fetched a page at a time: which pages the rows in view need, how to ask the
 * server for one, and which to forget so a long scroll through a million rows keeps only a few
 * pages in memory.
 */

/** Page `n` holds rows n × size … n × size + size − 1. */
export const pageOf = (row: number, pageSize: number) => Math.floor(row / pageSize);

/**
 * The pages holding rows `first`…`last` (inclusive), with `margin` more on either side (so a
 * steady scroll finds the next page already there), within the list's `total` rows.
 *
 * @example pagesFor(250, 280, 100, 1000, 1) // [1, 2, 3]
 */
export function pagesFor(first: number, last: number, pageSize: number, total: number, margin = 0): number[] {
  if (total <= 0 || last < first) return [];
  const lastPage = pageOf(total - 1, pageSize);
  const from = Math.max(0, pageOf(Math.max(0, first), pageSize) - margin);
  const to = Math.min(lastPage, pageOf(Math.min(last, total - 1), pageSize) + margin);
  const out: number[] = [];
  for (let p = from; p <= to; p++) out.push(p);
  return out;
}

/**
 * The cached pages to forget so that at most `keep` stay: the farthest from the pages in view
 * first. The pages in view stay whatever `keep` says, and so does page 0 (it carries the total
 * and is where a list starts).
 *
 * @example pagesToDrop([0, 1, 2, 40, 41, 90], [40, 41], 4) // [90, 1]
 */
export function pagesToDrop(cached: readonly number[], wanted: readonly number[], keep: number): number[] {
  const stays = new Set([0, ...wanted]);
  const extra = cached.filter((p) => !stays.has(p));
  const room = Math.max(0, keep - cached.filter((p) => stays.has(p)).length);
  if (extra.length <= room) return [];
  const centre = wanted.length ? (Math.min(...wanted) + Math.max(...wanted)) / 2 : 0;
  return extra
    .sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre) || b - a)
    .slice(0, extra.length - room);
}

/** A page of the grid: its rows in the list's order, and cursors to its neighbours when known. */
export interface PageLike<T> {
  items: T[];
  /** Continues after the page's last row (the next page). */
  nextCursor: string | null;
  /** Continues before the page's first row in the reversed order (the previous page, backwards). */
  prevCursor?: string | null;
}

/**
 * How to ask for a page: `limit` rows after a cursor or from a position, in the list's order or
 * `backwards` (sort reversed; the rows come last-first and are turned round).
 */
export type PageAsk = ({ cursor: string } | { offset: number }) & { limit: number; backwards: boolean };

/**
 * How to ask for page `page` of a list of `total` rows (undefined: not known yet). Next to a page
 * at hand, by its cursor (the server starts at a known row: cheap at any depth): after a full
 * previous page, or backwards before the next page. Otherwise by position, counted from the
 * nearer end: in the second half the sort is reversed so the server skips fewer rows.
 *
 * @example pageRequest(9990, 100, 1_000_000) // { offset: 900, limit: 100, backwards: true }
 */
export function pageRequest(
  page: number,
  pageSize: number,
  total: number | undefined,
  near: { before?: PageLike<unknown>; after?: PageLike<unknown> } = {},
): PageAsk {
  const { before, after } = near;
  if (page > 0 && before?.nextCursor && before.items.length === pageSize)
    return { cursor: before.nextCursor, limit: pageSize, backwards: false };
  if (after?.prevCursor && after.items.length > 0)
    return { cursor: after.prevCursor, limit: pageSize, backwards: true };
  const start = page * pageSize;
  if (total !== undefined && start > total / 2 && start < total) {
    const end = Math.min(total, start + pageSize);
    return { offset: total - end, limit: end - start, backwards: true };
  }
  return { offset: start, limit: pageSize, backwards: false };
}
