import { useCallback, useMemo, useState } from 'react';
import type { BuilderState } from './fields';
import { type History, canRedo, canUndo, createHistory, pushHistory, redo, undo } from './history';

/**
 * The builder's document with undo/redo. `saved` is the snapshot last loaded or saved, so
 * `dirty` says whether leaving would lose work.
 */
export function useBuilder() {
  const [history, setHistory] = useState<History<BuilderState> | null>(null);
  const [saved, setSaved] = useState<string>('');

  const load = useCallback((state: BuilderState) => {
    setHistory(createHistory(state));
    setSaved(JSON.stringify(state));
  }, []);

  /** Replaces the document; edits with the same `coalesce` key become one undo step. */
  const change = useCallback((next: (s: BuilderState) => BuilderState, coalesce?: string) => {
    setHistory((h) => (h ? pushHistory(h, next(h.present), coalesce) : h));
  }, []);

  const dirty = useMemo(() => !!history && JSON.stringify(history.present) !== saved, [history, saved]);

  return {
    state: history?.present,
    load,
    change,
    undo: useCallback(() => setHistory((h) => (h ? undo(h) : h)), []),
    redo: useCallback(() => setHistory((h) => (h ? redo(h) : h)), []),
    canUndo: !!history && canUndo(history),
    canRedo: !!history && canRedo(history),
    dirty,
  };
}
