import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Db, Engine } from '../db/database.js';
import { type ErrorDetail, invalid } from '../errors.js';
import { checkFilter, type Filter, filterSchema, type FilterContext } from '../filter/index.js';
import type { FormModel } from '../forms/form-model.js';
import { systemFields } from '../forms/form-model.js';
import { offsetMinutes } from '../shared/time.js';
import { dyn } from './records.repository.js';
import { whereClause } from './records.query.js';

export const aggregateSchema = z.strictObject({
  filter: filterSchema.optional(),
  q: z.string().max(200).optional(),
  groupBy: z
    .array(
      z.union([
        z.string().max(80),
        z.strictObject({
          field: z.string().max(80),
          bucket: z.enum(['day', 'week', 'month', 'quarter', 'year']).optional(),
        }),
      ]),
    )
    .max(3)
    .optional(),
  metrics: z
    .array(
      z.strictObject({
        op: z.enum(['count', 'sum', 'avg', 'min', 'max', 'nps', 'csat']),
        field: z.string().max(80).optional(),
        as: z.string().max(80).optional(),
      }),
    )
    .min(1)
    .max(10),
  limit: z.number().int().min(1).max(10000).optional(),
});

export type AggregateRequest = z.infer<typeof aggregateSchema>;

/** A date bucket as text: 2024-05-20, 2024-W21, 2024-05, 2024-Q2, 2024 (datetimes in the company's time zone). */
export function bucketExpr(
  engine: Engine,
  column: string,
  kind: string,
  bucket: string,
  timeZone: string,
): RawBuilder<unknown> {
  const col = sql.ref(column);
  let day: RawBuilder<unknown> = sql`substr(${col}, 1, 10)`;
  if (kind === 'datetime')
    day =
      engine === 'postgres'
        ? sql`to_char((${col})::timestamptz at time zone ${timeZone}, 'YYYY-MM-DD')`
        : sql`date(${col}, ${`${offsetMinutes(timeZone, new Date())} minutes`})`;
  switch (bucket) {
    case 'year':
      return sql`substr(${day}, 1, 4)`;
    case 'month':
      return sql`substr(${day}, 1, 7)`;
    case 'quarter':
      return sql`substr(${day}, 1, 4) || '-Q' || cast(((cast(substr(${day}, 6, 2) as integer) + 2) / 3) as text)`;
    case 'week':
      return engine === 'postgres'
        ? sql`to_char((${day})::date, 'IYYY-"W"IW')`
        : sql`strftime('%G-W%V', ${day})`;
    default:
      return day;
  }
}

/** Counts and sums grouped by fields or date buckets, computed in SQL. */
export async function aggregate(
  db: Db,
  engine: Engine,
  model: FormModel,
  fctx: FilterContext,
  req: AggregateRequest,
  timeZone: string,
  access?: { scope?: Filter; scopeContext?: FilterContext; hidden?: Set<string> },
) {
  const hidden = access?.hidden;
  // What the caller may not see, or may see but not group or measure (left out of their filter context).
  const unseen = (key: string) =>
    !!hidden?.has(key) || (model.filterFields.has(key) && !fctx.fields.has(key));
  const errors: ErrorDetail[] = [];
  const groups: Array<{ key: string; expr: RawBuilder<unknown>; read: (v: unknown) => unknown }> = [];
  (req.groupBy ?? []).forEach((g, i) => {
    const key = typeof g === 'string' ? g : g.field;
    const bucket = typeof g === 'string' ? undefined : g.bucket;
    const sys = systemFields.find((s) => s.key === key);
    const f = unseen(key) ? undefined : model.byKey.get(key);
    const column = sys?.column ?? f?.column;
    const kind = sys?.kind ?? f?.kind;
    if (f && fctx.fields.get(key)?.exactOnly)
      return errors.push({
        path: `/groupBy/${i}`,
        message: `cannot group by "${key}": it is masked for you`,
      });
    if (!column || !kind || f?.storage === 'json')
      return errors.push({
        path: `/groupBy/${i}`,
        message: f ? `cannot group by "${key}"` : `unknown field "${key}"`,
      });
    if (bucket && kind !== 'date' && kind !== 'datetime')
      return errors.push({ path: `/groupBy/${i}/bucket`, message: `"${key}" is not a date` });
    const expr = bucket
      ? bucketExpr(engine, column, kind, bucket, timeZone)
      : kind === 'datetime'
        ? bucketExpr(engine, column, kind, 'day', timeZone)
        : sql`${sql.ref(column)}`;
    groups.push({ key, expr, read: bucket || !f ? (v) => v : (v) => f.read(v) });
  });
  const metrics = req.metrics.map((m, i) => {
    const name = m.as ?? (m.field ? `${m.op}_${m.field}` : m.op);
    if (m.op === 'count' && !m.field)
      return { name, expr: sql`count(*)`, read: (v: unknown) => Number(v ?? 0) };
    const f = m.field && !unseen(m.field) ? model.byKey.get(m.field) : undefined;
    if (!f || !f.column) {
      errors.push({
        path: `/metrics/${i}/field`,
        message: m.field ? `unknown field "${m.field}"` : 'is required',
      });
      return { name, expr: sql`null`, read: (v: unknown) => v };
    }
    if (m.op === 'count')
      return { name, expr: sql`count(${sql.ref(f.column)})`, read: (v: unknown) => Number(v ?? 0) };
    // Sums, averages, extremes and scores of a masked field would give its values away.
    if (fctx.fields.get(m.field!)?.exactOnly)
      errors.push({
        path: `/metrics/${i}/op`,
        message: `cannot ${m.op} "${f.def.label}": it is masked for you`,
      });
    const numeric = f.kind === 'number';
    if (!numeric && !((m.op === 'min' || m.op === 'max') && (f.kind === 'date' || f.kind === 'datetime')))
      errors.push({ path: `/metrics/${i}/op`, message: `cannot ${m.op} "${f.def.label}"` });
    const scale = f.type.scale ?? 1;
    if (m.op === 'nps' || m.op === 'csat') {
      // NPS: % of promoters (9–10) minus % of detractors (0–6) on a 0–10 scale; CSAT: % of 4–5 on a 1–5 scale.
      const c = sql.ref(f.column);
      const share =
        m.op === 'nps'
          ? sql`(sum(case when ${c} >= 9 then 1.0 else 0 end) - sum(case when ${c} <= 6 then 1.0 else 0 end)) * 100.0 / nullif(count(${c}), 0)`
          : sql`sum(case when ${c} >= 4 then 1.0 else 0 end) * 100.0 / nullif(count(${c}), 0)`;
      return {
        name,
        expr: share,
        read: (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10),
      };
    }
    const fn = sql.raw(m.op);
    return {
      name,
      expr: sql`${fn}(${sql.ref(f.column)})`,
      read: (v: unknown) =>
        v === null || v === undefined ? null : numeric ? Math.round((Number(v) / scale) * 1e10) / 1e10 : v,
    };
  });
  // A JSON body: what does not fit the form is a validation failure (422), not a malformed query.
  if (req.filter) errors.push(...checkFilter(req.filter, fctx, '/filter'));
  if (errors.length) throw invalid(errors[0].message, errors);
  const where = whereClause(model, engine, fctx, {
    filter: req.filter,
    q: req.q,
    scope: access?.scope,
    scopeContext: access?.scopeContext,
    hidden,
  });
  let q = dyn(db).selectFrom(model.table).where(where);
  const selections = [
    ...groups.map((g, i) => g.expr.as(`g${i}`)),
    ...metrics.map((m, i) => m.expr.as(`m${i}`)),
  ];
  q = q.select(selections as any);
  if (groups.length) {
    // By position: a bucket expression holds a bound time zone, and PostgreSQL does not see
    // `... $1 ...` in SELECT and `... $4 ...` in GROUP BY as the same expression.
    q = q.groupBy(groups.map((_, i) => sql.raw(String(i + 1))) as any);
    q = q.orderBy(sql`1`);
  }
  const rows = (await q.limit(req.limit ?? 1000).execute()) as Record<string, unknown>[];
  return {
    rows: rows.map((r) => ({
      group: Object.fromEntries(groups.map((g, i) => [g.key, g.read(r[`g${i}`] ?? null)])),
      // Counts, sums and averages are numbers; min and max of a date field are dates.
      values: Object.fromEntries(metrics.map((m, i) => [m.name, m.read(r[`m${i}`])])) as Record<
        string,
        number | string | null
      >,
    })),
  };
}
