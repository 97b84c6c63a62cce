/**
 * Which rows of a tall, fixed-height list are in view, when the list may be taller than a browser
 * lets an element be (Chrome stops at about 33,554,428 px, Firefox at about 17,895,697 px: a
 * million rows of 40 px is 40,000,000). Past `maxHeight` the scrolled box keeps `maxHeight` and the
 * scroll position is scaled, as AG Grid's "stretching" does: at a scroll top of s out of the box's
 * range S the list shows the rows at s × (model range) / S, drawn `shift` pixels higher than
 * their place in the model. Rows keep their height on screen; only the scrollbar is coarser.
 */

/** Below every browser's limit, with room for the header and borders. */
export const MAX_SCROLL_HEIGHT = 15_000_000;

export interface RowGeometry {
  /** Rows in the list. */
  count: number;
  rowHeight: number;
  /** Height of the visible part of the list (the scroll box without its sticky header). */
  viewport: number;
  /** Tallest box the list may have; `MAX_SCROLL_HEIGHT` unless told. */
  maxHeight?: number;
}

/** The box the rows get: its height, and how many model pixels one scrolled pixel is worth (1 when nothing is scaled). */
export function scrollBox({ count, rowHeight, viewport, maxHeight = MAX_SCROLL_HEIGHT }: RowGeometry): {
  modelHeight: number;
  height: number;
  ratio: number;
} {
  const modelHeight = Math.max(0, count) * rowHeight;
  const height = Math.min(modelHeight, maxHeight);
  const range = height - viewport;
  const ratio = modelHeight > height && range > 0 ? (modelHeight - viewport) / range : 1;
  return { modelHeight, height, ratio };
}

export interface RowWindow {
  /** Height of the box holding the rows. */
  height: number;
  /** First and last row to draw (inclusive); last < first when there are none. */
  first: number;
  last: number;
  /** Pixels to draw every row higher than `index × rowHeight`. */
  shift: number;
}

/**
 * The rows to draw at a scroll position, `overscan` extra on either side.
 *
 * @example rowWindow({ count: 1_000_000, rowHeight: 40, viewport: 600, scrollTop: 7_499_700 }, 5)
 * // the middle of a million rows: first ≈ 499,990, shift ≈ 12.5 M px
 */
export function rowWindow(geo: RowGeometry & { scrollTop: number }, overscan = 0): RowWindow {
  const { count, rowHeight, viewport } = geo;
  const { height, ratio } = scrollBox(geo);
  const scrollTop = Math.min(Math.max(0, geo.scrollTop), Math.max(0, height - viewport));
  const modelTop = scrollTop * ratio;
  const first = Math.max(0, Math.floor(modelTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((modelTop + viewport) / rowHeight) - 1 + overscan);
  return { height, first, last, shift: modelTop - scrollTop };
}

/**
 * The scroll top that shows row `index`: at the top of the view (`start`), at its bottom (`end`),
 * or where it is if it is already in view (`nearest`, answering `scrollTop` unchanged). The row is
 * whole on screen as long as one scrolled pixel moves fewer pixels of rows than the view holds
 * beyond one row (at a million rows, 2.7 against hundreds).
 */
export function scrollTopFor(
  geo: RowGeometry & { scrollTop: number },
  index: number,
  align: 'start' | 'end' | 'nearest' = 'nearest',
): number {
  const { count, rowHeight, viewport } = geo;
  const { height, ratio } = scrollBox(geo);
  const row = Math.min(Math.max(0, index), Math.max(0, count - 1));
  const top = row * rowHeight;
  const modelTop = geo.scrollTop * ratio;
  const toStart = align === 'start' || (align === 'nearest' && top < modelTop);
  const toEnd = !toStart && (align === 'end' || top + rowHeight > modelTop + viewport);
  if (!toStart && !toEnd) return geo.scrollTop;
  // Scaled, one scrolled pixel moves `ratio` pixels of rows: round towards showing the whole row.
  const scrolled = (toStart ? top : top + rowHeight - viewport) / ratio;
  return Math.min(
    Math.max(0, height - viewport),
    Math.max(0, toStart ? Math.floor(scrolled) : Math.ceil(scrolled)),
  );
}

/** Rows placed against one anchor row; the anchor moves on every this many rows. */
export const ANCHOR_ROWS = 1000;

/**
 * Where to draw rows from `first` on without moving them on every scroll. The rows sit in a box
 * moved to `offset` (one transform, changing with the scroll position), each row `(index −
 * anchor) × rowHeight` below its top: a row's own place changes only when the anchor moves (every
 * ANCHOR_ROWS rows), so a scroll renders only the rows it brings into view. Every offset stays
 * small: a browser lays out and paints nothing beyond ±33.5 M px, and a row drawn at
 * `index × rowHeight` would be 40 M px down at a million rows.
 */
export function rowPlacement(
  first: number,
  shift: number,
  rowHeight: number,
): { anchor: number; offset: number } {
  const anchor = Math.max(0, first - (first % ANCHOR_ROWS));
  return { anchor, offset: anchor * rowHeight - shift };
}

export interface ColumnWindow {
  /** First and last column to draw (inclusive); last < first when there are none. */
  first: number;
  last: number;
  /** Where the first drawn column starts (the room left of it), and the width of all columns. */
  start: number;
  total: number;
}

/**
 * The columns to draw at a horizontal scroll position: those that meet the `viewport` pixels
 * from `scrollLeft` on, `overscan` more on either side. Widths are known, so this is a walk along
 * them, without measuring anything.
 *
 * @example columnWindow([100, 100, 100, 100], 150, 120) // { first: 1, last: 2, start: 100, total: 400 }
 */
export function columnWindow(
  widths: readonly number[],
  scrollLeft: number,
  viewport: number,
  overscan = 0,
): ColumnWindow {
  const starts: number[] = [];
  let total = 0;
  for (const w of widths) {
    starts.push(total);
    total += w;
  }
  const right = scrollLeft + Math.max(viewport, 1);
  let first = widths.findIndex((w, i) => starts[i] + w > scrollLeft);
  if (first < 0) first = Math.max(0, widths.length - 1);
  let last = first;
  while (last + 1 < widths.length && starts[last + 1] < right) last++;
  first = Math.max(0, first - overscan);
  last = Math.min(widths.length - 1, last + overscan);
  return { first, last, start: starts[first] ?? 0, total };
}
