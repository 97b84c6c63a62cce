import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Deps } from '../context.js';
import type { Db, Engine } from '../db/database.js';
import type { Filter } from '../filter/index.js';
import { systemFields, type FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { createIndex, scheduleIndexJob } from '../indexes/index-builder.js';
import { bucketExpr } from '../records/aggregate.js';
import { listDashboards } from './dashboards.repository.js';
import type { Widget } from './dashboards.schema.js';

/** Index names of dashboards: `dx_<form>_<hash of the indexed expressions>`. */
const prefix = (formId: string) => `dx_${formId.slice(4)}_`;

/** A column of the record table, or undefined for what no index can hold (relations, JSON arrays, unknown keys). */
function columnOf(model: FormModel, key: string): string | undefined {
  const sys = systemFields.find((s) => s.key === key);
  if (sys) return sys.column;
  const f = model.byKey.get(key);
  return f?.column && f.storage !== 'json' && !f.link ? f.column : undefined;
}

/** Every field a filter tests, and those tested for equality at its top level (they can lead an index). */
function filterFields(
  filter: Filter | undefined,
  top = true,
  out = { all: [] as string[], equal: [] as string[] },
) {
  if (!filter) return out;
  if ('field' in filter) {
    out.all.push(filter.field);
    if (top && (filter.op === 'eq' || filter.op === 'in')) out.equal.push(filter.field);
  } else if ('and' in filter) filter.and.forEach((f) => filterFields(f, top, out));
  else if ('or' in filter) filter.or.forEach((f) => filterFields(f, false, out));
  else filterFields(filter.not, false, out);
  return out;
}

/**
 * The index that answers a chart, KPI or pivot widget from the index alone (SQLite), in the
 * order: equality filters (a seek), the period field (a range), the groups (read in index order,
 * so no sort), the measured fields, other filtered fields, then `deleted_at` and the scope columns
 * (department, owner) so members' data scopes are checked in the index too. A date bucket is
 * indexed as the very expression the aggregate groups by. Undefined when the widget reads
 * something no index can hold: then an index would only add lookups, and the table scan is faster.
 */
export function widgetIndexSpec(
  db: Db,
  engine: Engine,
  model: FormModel,
  w: Widget,
  timeZone: string,
): IndexSpec | undefined {
  if (w.type === 'list' || !w.query || w.query.q) return undefined;
  const q = w.query;
  const fields = filterFields(q.filter);
  const parts: Array<{ text: string; expr: RawBuilder<unknown> }> = [];
  let lead: number;
  const add = (expr: RawBuilder<unknown>) => {
    const compiled = expr.compile(db);
    if (compiled.parameters.length) return false;
    if (!parts.some((p) => p.text === compiled.sql)) parts.push({ text: compiled.sql, expr });
    return true;
  };
  const column = (key: string) => {
    const c = columnOf(model, key);
    if (!c) throw new Error(`not indexable: ${key}`);
    return c;
  };
  try {
    for (const key of fields.equal) add(sql.ref(column(key)));
    if (w.period) add(sql.ref(column(w.period.field)));
    for (const g of q.groupBy ?? []) {
      const key = typeof g === 'string' ? g : g.field;
      const c = column(key);
      const kind = systemFields.find((s) => s.key === key)?.kind ?? model.byKey.get(key)?.kind;
      // A date's bucket is text functions of the column: SQLite indexes that very expression and
      // reads the groups in its order (a datetime's bucket binds the zone offset, so not that one).
      const bucketed =
        typeof g !== 'string' &&
        g.bucket &&
        kind === 'date' &&
        add(bucketExpr(engine, c, kind, g.bucket, timeZone));
      if (!bucketed) add(sql.ref(c));
    }
    lead = parts.length;
    for (const m of q.metrics) if (m.field) add(sql.ref(column(m.field)));
    for (const key of fields.all) add(sql.ref(column(key)));
  } catch {
    return undefined;
  }
  if (parts.length > 8) return undefined;
  for (const c of ['deleted_at', 'department_id', 'owner_id']) add(sql.ref(c));
  const name = `${prefix(model.def.id)}${createHash('sha1')
    .update(parts.map((p) => p.text).join(','))
    .digest('hex')
    .slice(0, 10)}`;
  return { name, parts: parts.map((p) => p.expr), texts: parts.map((p) => p.text), lead };
}

/** An index for a widget: its expressions (as SQL text too) and how many lead, in this order. */
export interface IndexSpec {
  name: string;
  parts: RawBuilder<unknown>[];
  texts: string[];
  /** The leading expressions whose order the query uses (seeks, range, groups); the rest only need to be there. */
  lead: number;
}

/** True when `b` answers `a`'s query as well: the same leading expressions, and all of `a`'s columns. */
const servedBy = (a: IndexSpec, b: IndexSpec) =>
  a.texts.slice(0, a.lead).every((t, i) => b.texts[i] === t) && a.texts.every((t) => b.texts.includes(t));

/** The indexes the widgets need: one per distinct spec, leaving out those another one serves (a count by tier and a sum by tier share one). */
export function neededIndexes(specs: IndexSpec[]): IndexSpec[] {
  const kept: IndexSpec[] = [];
  for (const s of [...specs].sort((a, b) => b.texts.length - a.texts.length))
    if (!kept.some((k) => servedBy(s, k))) kept.push(s);
  return kept;
}

/**
 * Indexes follow what dashboards aggregate, as they follow what views filter and sort on: the
 * statements that give every chart, KPI and pivot widget of the app's dashboards its covering
 * index (`widgetIndexSpec`) and drop the dashboard indexes no widget needs any more, so they stop
 * costing writes. SQLite only: without them it groups a million rows by sorting them or by reading
 * each row through a single-column index (seconds), while PostgreSQL hash-aggregates a sequential
 * scan.
 */
export async function widgetIndexStatements(
  db: Db,
  engine: Engine,
  timeZone: string,
  models: FormModel[],
  widgets: Widget[],
): Promise<string[]> {
  if (engine !== 'sqlite') return [];
  const out: string[] = [];
  for (const model of models) {
    const specs = widgets
      .filter((w) => w.formId === model.def.id)
      .map((w) => widgetIndexSpec(db, engine, model, w, timeZone));
    const wanted = new Map(neededIndexes(specs.filter((x) => x !== undefined)).map((x) => [x.name, x.parts]));
    const existing = (
      await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'index' and tbl_name = ${model.table} and substr(name, 1, ${prefix(model.def.id).length}) = ${prefix(model.def.id)}`.execute(
        db,
      )
    ).rows.map((r) => r.name);
    for (const name of existing.filter((n) => !wanted.has(n)))
      out.push(sql`drop index if exists ${sql.id(name)}`.compile(db).sql);
    for (const [name, parts] of wanted)
      if (!existing.includes(name)) out.push(createIndex(name, model.table, parts).compile(db).sql);
  }
  return out;
}

/**
 * Brings the dashboard indexes of an app's forms in line with its dashboards (see
 * `widgetIndexStatements`) in the background: called after a dashboard is saved or deleted, or a
 * template installed or upgraded, it returns at once. Building an index over a million records
 * takes seconds; until it exists the widgets answer the same, only slower. A restart before the
 * build finished redoes it (`reconcileIndexes`). `deps.db` must be the root database, not a transaction.
 */
export function indexAppDashboards(deps: Pick<Deps, 'db' | 'engine' | 'config'>, appId: string): void {
  if (deps.engine !== 'sqlite') return;
  scheduleIndexJob(deps.db, `dashboards:${appId}`, async () => {
    const formIds = (
      await deps.db.selectFrom('forms').select('id').where('app_id', '=', appId).execute()
    ).map((f) => f.id);
    const models = await Promise.all(formIds.map((id) => loadModel(deps.db, id)));
    const widgets = (await listDashboards(deps.db, appId)).flatMap((d) => d.widgets);
    return widgetIndexStatements(deps.db, deps.engine, deps.config.timeZone, models, widgets);
  });
}
