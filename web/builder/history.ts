/**
 * An undo/redo stack over immutable snapshots.
 *
 * Consecutive edits with the same `coalesce` key (typing in one input) replace the newest step
 * instead of adding one, so undo goes back a whole word-by-word edit at once.
 *
 * @example
 * let h = createHistory({ n: 0 });
 * h = pushHistory(h, { n: 1 });
 * h = undo(h); // h.present.n === 0
 */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** The coalesce key of the step that made `present`. */
  lastKey?: string;
}

export const HISTORY_LIMIT = 100;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** Records a new present; clears redo. Same `coalesce` key as the previous step → replaces it. */
export function pushHistory<T>(h: History<T>, next: T, coalesce?: string, limit = HISTORY_LIMIT): History<T> {
  if (Object.is(next, h.present)) return h;
  if (coalesce !== undefined && coalesce === h.lastKey && h.past.length > 0) {
    return { past: h.past, present: next, future: [], lastKey: coalesce };
  }
  const past = [...h.past, h.present];
  if (past.length > limit) past.splice(0, past.length - limit);
  return { past, present: next, future: [], lastKey: coalesce };
}

export const canUndo = (h: History<unknown>) => h.past.length > 0;
export const canRedo = (h: History<unknown>) => h.future.length > 0;

export function undo<T>(h: History<T>): History<T> {
  if (!h.past.length) return h;
  const previous = h.past[h.past.length - 1];
  return { past: h.past.slice(0, -1), present: previous, future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  if (!h.future.length) return h;
  const [next, ...future] = h.future;
  return { past: [...h.past, h.present], present: next, future };
}
