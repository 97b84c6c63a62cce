import type { Widget, WidgetData } from '../api/dashboards';

export type Rows = NonNullable<WidgetData['rows']>;

/** The group keys of a widget's query, in order, with their date buckets. */
export function groupsOf(
  w: Pick<Widget, 'query'>,
): Array<{ field: string; bucket?: 'day' | 'week' | 'month' | 'quarter' | 'year' }> {
  return (w.query?.groupBy ?? []).map((g) => (typeof g === 'string' ? { field: g } : g));
}

/** The name the server gives a metric's value (`as`, else `op_field`, else `op`). */
export const metricName = (m: { op: string; field?: string; as?: string }) =>
  m.as ?? (m.field ? `${m.op}_${m.field}` : m.op);

const num = (v: unknown) => (typeof v === 'number' ? v : v === null || v === undefined ? 0 : Number(v) || 0);

/** A chart's categories and series: one series per metric, or per value of the second group. */
export interface ChartData {
  /** Raw group values along the axis (what a click drills into). */
  keys: unknown[];
  categories: string[];
  series: Array<{ name: string; values: number[] }>;
}

/**
 * Arranges aggregate rows for a chart. With one group: categories are its values and each metric
 * is a series. With two: categories are the first group's values and each value of the second
 * is a series of the first metric (missing cells are 0).
 */
export function chartData(
  w: Pick<Widget, 'query'>,
  rows: Rows,
  label: (field: string, value: unknown) => string,
  metricLabel: (m: { op: string; field?: string }) => string,
): ChartData {
  const groups = groupsOf(w);
  const metrics = w.query?.metrics ?? [];
  if (!groups.length) {
    return {
      keys: [null],
      categories: [''],
      series: metrics.map((m) => ({ name: metricLabel(m), values: [num(rows[0]?.values[metricName(m)])] })),
    };
  }
  const g0 = groups[0].field;
  const keys: unknown[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const k = JSON.stringify(r.group[g0] ?? null);
    if (!seen.has(k)) {
      seen.add(k);
      keys.push(r.group[g0] ?? null);
    }
  }
  const categories = keys.map((k) => label(g0, k));
  const index = new Map(keys.map((k, i) => [JSON.stringify(k), i]));
  if (groups.length === 1) {
    return {
      keys,
      categories,
      series: metrics.map((m) => {
        const values = keys.map(() => 0);
        for (const r of rows)
          values[index.get(JSON.stringify(r.group[g0] ?? null))!] = num(r.values[metricName(m)]);
        return { name: metricLabel(m), values };
      }),
    };
  }
  const g1 = groups[1].field;
  const m = metrics[0];
  const bySeries = new Map<string, { name: string; values: number[] }>();
  for (const r of rows) {
    const sk = JSON.stringify(r.group[g1] ?? null);
    if (!bySeries.has(sk))
      bySeries.set(sk, { name: label(g1, r.group[g1] ?? null), values: keys.map(() => 0) });
    bySeries.get(sk)!.values[index.get(JSON.stringify(r.group[g0] ?? null))!] = num(r.values[metricName(m)]);
  }
  return { keys, categories, series: [...bySeries.values()] };
}
