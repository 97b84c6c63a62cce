import type { DataRecord } from '../../api/types';

/** A row of the grid: a group's header, a record, or the "loading more" line. */
export type GridRow =
  | { kind: 'group'; key: string; value: string | null; count: number | undefined; collapsed: boolean }
  | { kind: 'record'; key: string; record: DataRecord; index: number }
  | { kind: 'loader'; key: string };

/** The group a record belongs to (its value of the group field; empty values together). */
export const groupValueOf = (record: DataRecord, groupKey: string): string | null => {
  const v = groupKey === 'state' ? record.state : record.fields[groupKey];
  return v === null || v === undefined || v === '' ? null : String(v);
};

/**
 * The rows to show. Without grouping: the records, numbered. With grouping (records arrive sorted
 * by the group field, so a group is a run of records): a header before each run with its count
 * from `counts`, the run left out when the group is collapsed. A loader row ends the list while
 * more pages remain.
 */
export function gridRows(
  records: readonly DataRecord[],
  opts: {
    groupKey?: string;
    counts?: Map<string | null, number>;
    collapsed?: ReadonlySet<string>;
    hasMore: boolean;
  },
): GridRow[] {
  const rows: GridRow[] = [];
  let current: string | null | undefined;
  let n = 0;
  let collapsed = false;
  records.forEach((record) => {
    if (opts.groupKey) {
      const g = groupValueOf(record, opts.groupKey);
      if (g !== current || rows.length === 0) {
        current = g;
        n = 0;
        const id = g ?? '';
        collapsed = !!opts.collapsed?.has(id);
        rows.push({ kind: 'group', key: `g:${id}`, value: g, count: opts.counts?.get(g), collapsed });
      }
      n++;
      if (collapsed) return;
      rows.push({ kind: 'record', key: record.id, record, index: n });
    } else rows.push({ kind: 'record', key: record.id, record, index: ++n });
  });
  if (opts.hasMore) rows.push({ kind: 'loader', key: 'loader' });
  return rows;
}

/** Row `position` of a list read by position: its record, numbered from 1 (undefined while it loads). */
export const positionRow = (position: number, record: DataRecord | undefined): GridRow | undefined =>
  record && { kind: 'record', key: record.id, record, index: position + 1 };
