import type { CurrentUser, Deps } from '../context.js';
import { AppError } from '../errors.js';
import type { Filter } from '../filter/index.js';
import { presentAll, type RecordContext, recordContext } from '../permissions/record-access.js';
import { aggregate, type AggregateRequest } from '../records/aggregate.js';
import { listRecords } from '../records/records.query.js';
import type { Widget } from './dashboards.schema.js';
import { periodFilter, periodOf } from './periods.js';

/** A KPI card: the actual value, its target, 达成率 (rate = actual / target) and the previous period. */
export interface Kpi {
  actual: number | null;
  target: number | null;
  rate: number | null;
  period: { from: string; to: string } | null;
  previous: number | null;
  previousPeriod: { from: string; to: string } | null;
  /** (actual − previous) / |previous|. */
  change: number | null;
  /** The color of the highest threshold reached (by rate, or by the value without a target). */
  color: string | null;
}

export interface WidgetData {
  id: string;
  type: Widget['type'];
  rows?: Array<{ group: Record<string, unknown>; values: Record<string, unknown> }>;
  kpi?: Kpi;
  records?: Array<{ id: string; fields: Record<string, unknown> }>;
  /** Why this widget has no data for this viewer (no right on its form, a field gone…). */
  error?: { code: string; message: string };
}

const both = (a: Filter | undefined, b: Filter | undefined): Filter | undefined =>
  a && b ? { and: [a, b] } : (a ?? b);
const round = (n: number) => Math.round(n * 1e6) / 1e6;

async function measure(deps: Deps, rc: RecordContext, req: AggregateRequest) {
  return aggregate(deps.db, deps.engine, rc.model, rc.fctx, req, deps.config.timeZone, {
    scope: rc.access.scope.read,
    scopeContext: rc.scopeContext,
    hidden: rc.access.hidden,
  });
}

async function kpi(
  deps: Deps,
  rc: RecordContext,
  w: Widget,
): Promise<{ kpi: Kpi; rows: WidgetData['rows'] }> {
  const now = deps.clock.now();
  const metric = w.query!.metrics[0];
  const zeroWhenEmpty = metric.op === 'count' || metric.op === 'sum';
  const value = async (extra: Filter | undefined) => {
    const { rows } = await measure(deps, rc, {
      ...w.query!,
      metrics: [metric],
      groupBy: undefined,
      filter: both(w.query!.filter, extra),
    });
    const v = Object.values(rows[0]?.values ?? {})[0] as number | null | undefined;
    return { rows, value: v ?? (zeroWhenEmpty ? 0 : null) };
  };
  const period = w.period ? periodOf(now, deps.config.timeZone, w.period.unit) : null;
  const current = await value(period ? periodFilter(w.period!.field, period) : undefined);
  const previousPeriod =
    w.compare && w.period ? periodOf(now, deps.config.timeZone, w.period.unit, -1) : null;
  const previous = previousPeriod ? (await value(periodFilter(w.period!.field, previousPeriod))).value : null;
  const actual = current.value;
  const target = w.target ?? null;
  const rate = actual !== null && target ? round(actual / target) : null;
  const change = actual !== null && previous ? round((actual - previous) / Math.abs(previous)) : null;
  const level = rate ?? actual;
  const reached =
    level === null
      ? []
      : [...(w.thresholds ?? [])].sort((a, b) => a.value - b.value).filter((t) => t.value <= level);
  return {
    kpi: {
      actual,
      target,
      rate,
      period,
      previous,
      previousPeriod,
      change,
      color: reached.length ? reached[reached.length - 1].color : null,
    },
    rows: current.rows,
  };
}

/**
 * One widget's data as this viewer may see it: aggregates and lists run with the viewer's scope
 * and hidden fields, like the records API. A widget the viewer may not see answers an error
 * instead of failing the whole dashboard.
 */
export async function widgetData(deps: Deps, user: CurrentUser, w: Widget): Promise<WidgetData> {
  try {
    const rc = await recordContext(deps.db, deps, user, w.formId, 'read');
    const period = w.period
      ? periodFilter(w.period.field, periodOf(deps.clock.now(), deps.config.timeZone, w.period.unit))
      : undefined;
    if (w.type === 'kpi') return { id: w.id, type: w.type, ...(await kpi(deps, rc, w)) };
    if (w.type === 'list') {
      const page = await listRecords(deps.db, deps.engine, rc.model, rc.fctx, {
        filter: both(w.list!.filter, period),
        scope: rc.access.scope.read,
        scopeContext: rc.scopeContext,
        hidden: rc.access.hidden,
        sort: w.list!.sort,
        limit: w.list!.limit ?? 10,
      });
      const keep = w.list!.fields;
      return {
        id: w.id,
        type: w.type,
        records: (await presentAll(deps.db, rc, page.items, 'list')).map((r) => ({
          id: r.id,
          fields: keep
            ? Object.fromEntries(keep.filter((k) => k in r.fields).map((k) => [k, r.fields[k]]))
            : r.fields,
        })),
      };
    }
    const { rows } = await measure(deps, rc, { ...w.query!, filter: both(w.query!.filter, period) });
    return { id: w.id, type: w.type, rows };
  } catch (e) {
    if (e instanceof AppError && e.status < 500)
      return { id: w.id, type: w.type, error: { code: e.code, message: e.message } };
    throw e;
  }
}
