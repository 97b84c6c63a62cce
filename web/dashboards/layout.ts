/** A widget's place on the dashboard grid, in cells. */
export interface Cell {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Placed {
  id: string;
  layout: Cell;
}

/** Columns of the dashboard grid. */
export const COLUMNS = 12;

const overlaps = (a: Cell, b: Cell) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

const clampCell = (c: Cell): Cell => {
  const w = Math.max(1, Math.min(COLUMNS, Math.round(c.w)));
  const h = Math.max(1, Math.min(100, Math.round(c.h)));
  return { w, h, x: Math.max(0, Math.min(COLUMNS - w, Math.round(c.x))), y: Math.max(0, Math.round(c.y)) };
};

/**
 * Floats every widget up as far as it goes without overlapping the ones above it, in reading
 * order; the widget named `pinned` is placed first where it is (the one being dragged).
 */
export function compact<T extends Placed>(items: readonly T[], pinned?: string): T[] {
  const order = [...items].sort((a, b) =>
    a.id === pinned ? -1 : b.id === pinned ? 1 : a.layout.y - b.layout.y || a.layout.x - b.layout.x,
  );
  const placed: T[] = [];
  for (const item of order) {
    let cell = clampCell(item.layout);
    if (item.id === pinned) {
      placed.push({ ...item, layout: cell });
      continue;
    }
    // Up while free, then down past whatever it still hits.
    while (cell.y > 0 && !placed.some((p) => overlaps(p.layout, { ...cell, y: cell.y - 1 })))
      cell = { ...cell, y: cell.y - 1 };
    for (
      let hit = placed.find((p) => overlaps(p.layout, cell));
      hit;
      hit = placed.find((p) => overlaps(p.layout, cell))
    )
      cell = { ...cell, y: hit.layout.y + hit.layout.h };
    placed.push({ ...item, layout: cell });
  }
  const index = new Map(items.map((it, i) => [it.id, i]));
  return placed.sort((a, b) => index.get(a.id)! - index.get(b.id)!);
}

/** Drops a widget at a new cell (pushing the others out of the way) and compacts the grid. */
export function moveWidget<T extends Placed>(
  items: readonly T[],
  id: string,
  to: { x: number; y: number },
): T[] {
  // First everything else makes way for the dropped widget, then the whole grid floats up.
  return compact(
    compact(
      items.map((it) => (it.id === id ? { ...it, layout: { ...it.layout, x: to.x, y: to.y } } : it)),
      id,
    ),
  );
}

/** Resizes a widget (within the grid) and compacts the grid. */
export function resizeWidget<T extends Placed>(
  items: readonly T[],
  id: string,
  size: { w: number; h: number },
): T[] {
  return compact(
    compact(
      items.map((it) => (it.id === id ? { ...it, layout: { ...it.layout, w: size.w, h: size.h } } : it)),
      id,
    ),
  );
}

/** Where a new widget of this size goes: the first free spot, reading left to right, top to bottom. */
export function placeNew(items: readonly Placed[], w: number, h: number): Cell {
  const size = clampCell({ x: 0, y: 0, w, h });
  const bottom = items.reduce((m, it) => Math.max(m, it.layout.y + it.layout.h), 0);
  for (let y = 0; y <= bottom; y++)
    for (let x = 0; x + size.w <= COLUMNS; x++) {
      const cell = { ...size, x, y };
      if (!items.some((it) => overlaps(it.layout, cell))) return cell;
    }
  return { ...size, x: 0, y: bottom };
}

/** Cells moved by a drag of `dx`, `dy` pixels on a grid of `colWidth` × `rowHeight` pixel cells. */
export const cellsMoved = (dx: number, dy: number, colWidth: number, rowHeight: number) => ({
  dx: Math.round(dx / colWidth),
  dy: Math.round(dy / rowHeight),
});

/** Whether any two widgets overlap (never true of what these functions return). */
export const hasOverlap = (items: readonly Placed[]) =>
  items.some((a, i) => items.some((b, j) => j > i && overlaps(a.layout, b.layout)));
