import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DataRecord } from '../../api/types';

/**
 * The grid's selected records, by id. They stay selected while scrolling (the grid forgets pages
 * far away, the selection keeps their records) and follow their latest version (what bulk edits
 * send); another list (`listKey`) starts with none. When every row is at hand (`complete`), the
 * records that left the list (deleted, no longer matching) are unselected.
 */
export function useSelection(loaded: readonly DataRecord[], listKey: string, complete: boolean) {
  const [selection, setSelection] = useState<Map<string, DataRecord>>(new Map());
  useEffect(() => setSelection(new Map()), [listKey]);
  useEffect(() => {
    setSelection((prev) => {
      if (!prev.size) return prev;
      const byId = new Map(loaded.map((r) => [r.id, r]));
      let changed = false;
      const next = new Map<string, DataRecord>();
      for (const [id, r] of prev) {
        const now = byId.get(id);
        if (!now && complete) changed = true;
        else {
          if (now && now !== r) changed = true;
          next.set(id, now ?? r);
        }
      }
      return changed ? next : prev;
    });
  }, [loaded, complete]);

  const select = useCallback(
    (ids: string[], on: boolean) =>
      setSelection((prev) => {
        const next = new Map(prev);
        const byId = new Map(loaded.map((r) => [r.id, r]));
        ids.forEach((id) => (on && byId.has(id) ? next.set(id, byId.get(id)!) : next.delete(id)));
        return next;
      }),
    [loaded],
  );
  const clear = useCallback(() => setSelection(new Map()), []);
  const ids = useMemo(() => new Set(selection.keys()), [selection]);
  const records = useMemo(() => [...selection.values()], [selection]);
  return { ids, records, select, clear };
}
