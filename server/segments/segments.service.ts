import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { ErrorDetail } from '../errors.js';
import type { FormModel, ModelField } from '../forms/form-model.js';
import { recordTable } from '../forms/form-model.js';
import { dyn } from '../records/records.repository.js';
import { iso } from '../shared/clock.js';
import { localDay } from '../shared/time.js';
import {
  type Quadrant,
  type RfmSegment,
  type Segmentation,
  quadrants,
  rfmLabels,
  rfmSegment,
  rfmSegments,
} from './segments.schema.js';

export async function findSegmentation(db: Db, formId: string): Promise<Segmentation | undefined> {
  const row = await db
    .selectFrom('segmentations')
    .select('definition')
    .where('form_id', '=', formId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.definition) as Segmentation) : undefined;
}

/** Checks fields exist with the right kinds, and that segment values fit the target field's options. */
export function checkSegmentation(seg: Segmentation, model: FormModel): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const need = (path: string, ref: string, kinds: string[]) => {
    const f = model.byKey.get(ref);
    if (!f || !f.column) errors.push({ path, message: `unknown field "${ref}"` });
    else if (!kinds.includes(f.kind))
      errors.push({ path, message: `"${f.def.label}" must be a ${kinds.join(' or ')} field` });
  };
  const r = seg.rules;
  if (r) {
    need('/rules/targetField', r.targetField, ['text']);
    if (r.model === 'rfm') {
      need('/rules/recencyField', r.recencyField, ['date', 'datetime']);
      need('/rules/frequencyField', r.frequencyField, ['number']);
      need('/rules/monetaryField', r.monetaryField, ['number']);
    } else {
      need('/rules/valueField', r.valueField, ['number']);
      need('/rules/potentialField', r.potentialField, ['number']);
    }
    const target = model.byKey.get(r.targetField);
    if (target?.def.type === 'select') {
      const options = new Set((target.def.options as { value: string }[]).map((o) => o.value));
      for (const [k, v] of Object.entries(r.values ?? {}))
        if (!options.has(v as string))
          errors.push({
            path: `/rules/values/${k}`,
            message: `"${v}" is not an option of "${target.def.label}"`,
          });
      if (r.model === 'rfm' && !r.values)
        errors.push({ path: '/rules/values', message: 'map the segments to options of the select field' });
    }
  }
  if (seg.churn) {
    const rel = model.byKey.get(seg.churn.relationField);
    if (!rel?.link)
      errors.push({
        path: '/churn/relationField',
        message: `"${seg.churn.relationField}" is not a relation field`,
      });
    else {
      const other =
        model.forms.get(rel.link.targetFormId) ??
        (rel.link.targetFormId === model.def.id ? model.def : undefined);
      const df = other?.fields.find((f) => f.key === seg.churn!.dateField);
      if (!df || !['date', 'datetime'].includes(df.type))
        errors.push({
          path: '/churn/dateField',
          message: `"${seg.churn.dateField}" is not a date field of the related form`,
        });
    }
  }
  return errors;
}

const col = (f: ModelField) => sql.ref(f.column!);
const atLeast = (f: ModelField, threshold: number) =>
  sql`(${col(f)} is not null and ${col(f)} >= ${threshold * (f.type.scale ?? 1)})`;

/** The SQL CASE that computes the segment of the row being updated. */
function segmentExpression(
  seg: NonNullable<Segmentation['rules']>,
  model: FormModel,
  now: Date,
  timeZone: string,
): RawBuilder<unknown> {
  const f = (k: string) => model.byKey.get(k)!;
  if (seg.model === 'rfm') {
    const rf = f(seg.recencyField);
    const since = new Date(now.getTime() - seg.recentDays * 86400000);
    const cutoff = rf.kind === 'date' ? localDay(since, timeZone) : iso(since);
    const r = sql`(${col(rf)} is not null and ${col(rf)} >= ${cutoff})`;
    const fr = atLeast(f(seg.frequencyField), seg.frequencyThreshold);
    const m = atLeast(f(seg.monetaryField), seg.monetaryThreshold);
    const value = (s: RfmSegment) => seg.values?.[s] ?? rfmLabels[s];
    const whens = [true, false].flatMap((R) =>
      [true, false].flatMap((F) =>
        [true, false].map(
          (M) =>
            sql`when ${R ? r : sql`not ${r}`} and ${F ? fr : sql`not ${fr}`} and ${M ? m : sql`not ${m}`} then ${value(rfmSegment(R, F, M))}`,
        ),
      ),
    );
    return sql`case ${sql.join(whens, sql` `)} end`;
  }
  const v = atLeast(f(seg.valueField), seg.valueThreshold);
  const p = atLeast(f(seg.potentialField), seg.potentialThreshold);
  const value = (q: Quadrant) => seg.values[q] ?? null;
  return sql`case when ${v} and ${p} then ${value('highHigh')} when ${v} then ${value('highLow')} when ${p} then ${value('lowHigh')} else ${value('lowLow')} end`;
}

/**
 * Writes each record's segment into the target field, in SQL (set-based; `ids` or every record).
 * Runs after every write of the form and of records related to it, and hourly, since recency ages.
 */
export async function refreshSegments(
  db: Db,
  model: FormModel,
  seg: Segmentation,
  ids: string[] | 'all',
  now: Date,
  timeZone: string,
): Promise<void> {
  if (!seg.rules || checkSegmentation(seg, model).length) return;
  const target = model.byKey.get(seg.rules.targetField)!;
  const expr = segmentExpression(seg.rules, model, now, timeZone);
  if (ids === 'all')
    await dyn(db)
      .updateTable(model.table)
      .set({ [target.column!]: expr })
      .where('deleted_at', 'is', null)
      .execute();
  else
    for (let i = 0; i < ids.length; i += 500)
      await dyn(db)
        .updateTable(model.table)
        .set({ [target.column!]: expr })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
}

/** Counts per segment for the matrix chart. */
/** Records per segment: the segment, the value written for it and how many records have it. */
export interface SegmentCount {
  segment: RfmSegment | Quadrant;
  value?: string;
  count: number;
}

export async function segmentCounts(
  db: Db,
  model: FormModel,
  seg: Segmentation,
  scopeSql?: RawBuilder<unknown>,
): Promise<SegmentCount[]> {
  if (!seg.rules) return [];
  const target = model.byKey.get(seg.rules.targetField)!;
  let q = dyn(db)
    .selectFrom(model.table)
    .select([sql`${col(target)}`.as('segment'), sql<number>`count(*)`.as('n')])
    .where('deleted_at', 'is', null);
  if (scopeSql) q = q.where(scopeSql as never);
  const rows = (await q.groupBy(target.column!).execute()) as { segment: string | null; n: number }[];
  const order: ReadonlyArray<RfmSegment | Quadrant> = seg.rules.model === 'rfm' ? rfmSegments : quadrants;
  const values = (seg.rules.values ?? {}) as Record<string, string | undefined>;
  const names = (s: string) =>
    values[s] ?? (seg.rules!.model === 'rfm' ? rfmLabels[s as RfmSegment] : undefined);
  return order.map((s) => ({
    segment: s,
    value: names(s),
    count: Number(rows.find((r) => r.segment === names(s))?.n ?? 0),
  }));
}

export interface ChurnRow {
  id: string;
  lastInteraction: string | null;
  recent: number;
  previous: number;
  reason: string;
  reasonEn: string;
}

/**
 * Customers slipping away: no linked interaction for `inactiveDays`, or interactions in the last
 * `windowDays` at or below `dropRatio` of the window before. Computed in one grouped query.
 */
export async function churnCandidates(
  db: Db,
  model: FormModel,
  seg: Segmentation,
  now: Date,
  timeZone: string,
  where: RawBuilder<unknown>,
  limit: number,
): Promise<ChurnRow[]> {
  const c = seg.churn!;
  const rel = model.byKey.get(c.relationField)!;
  const link = rel.link!;
  const other = link.targetFormId === model.def.id ? model.def : model.forms.get(link.targetFormId)!;
  const dateField = other.fields.find((f) => f.key === c.dateField)!;
  const day = (d: number) => {
    const t = new Date(now.getTime() - d * 86400000);
    return dateField.type === 'date' ? localDay(t, timeZone) : iso(t);
  };
  const inactive = day(c.inactiveDays);
  const w1 = day(c.windowDays);
  const w2 = day(c.windowDays * 2);
  const idate = sql.ref(`i.f_${dateField.id}`);
  const rows = (
    await sql<{ id: string; last: string | null; recent: number; previous: number }>`
      select c.id, max(${idate}) as last,
        sum(case when ${idate} >= ${w1} then 1 else 0 end) as recent,
        sum(case when ${idate} >= ${w2} and ${idate} < ${w1} then 1 else 0 end) as previous
      from ${sql.table(model.table)} c
      left join record_links l on l.field_id = ${link.linkFieldId} and l.${sql.ref(link.mySide)} = c.id
      left join ${sql.table(recordTable(other.id))} i on i.id = l.${sql.ref(link.otherSide)} and i.deleted_at is null
      where c.deleted_at is null and ${where}
      group by c.id
      having max(${idate}) is null or max(${idate}) < ${inactive}
        or (sum(case when ${idate} >= ${w2} and ${idate} < ${w1} then 1 else 0 end) >= ${c.minPrevious}
            and sum(case when ${idate} >= ${w1} then 1 else 0 end) <= cast(${c.dropRatio} as double precision) * sum(case when ${idate} >= ${w2} and ${idate} < ${w1} then 1 else 0 end))
      order by max(${idate}) asc nulls first, c.id
      limit ${limit}`.execute(db)
  ).rows;
  return rows.map((r) => {
    const recent = Number(r.recent ?? 0);
    const previous = Number(r.previous ?? 0);
    const last = r.last ? String(r.last).slice(0, 10) : null;
    const days = last
      ? Math.floor((now.getTime() - new Date(`${last}T00:00:00Z`).getTime()) / 86400000)
      : null;
    const inactiveHit = !last || last < String(inactive).slice(0, 10);
    const reason = inactiveHit
      ? last
        ? `已 ${days} 天无互动（最近一次 ${last}）`
        : '从未有过互动'
      : `近 ${c.windowDays} 天互动 ${recent} 次，之前 ${c.windowDays} 天 ${previous} 次（下降 ${Math.round((1 - recent / previous) * 100)}%）`;
    const reasonEn = inactiveHit
      ? last
        ? `No interaction for ${days} days (last ${last})`
        : 'Never interacted'
      : `${recent} interactions in the last ${c.windowDays} days vs ${previous} before (down ${Math.round((1 - recent / previous) * 100)}%)`;
    return { id: r.id, lastInteraction: last, recent, previous, reason, reasonEn };
  });
}

/** Re-segments every form hourly (recency ages even when nothing is written). */
export function startSegmentScheduler(
  deps: { db: Db; clock: { now(): Date }; config: { timeZone: string } },
  everyMs = 3600_000,
): () => void {
  const tick = async () => {
    try {
      const { loadModel } = await import('../forms/model-cache.js');
      for (const row of await deps.db.selectFrom('segmentations').select(['form_id', 'definition']).execute())
        await refreshSegments(
          deps.db,
          await loadModel(deps.db, row.form_id),
          JSON.parse(row.definition) as Segmentation,
          'all',
          deps.clock.now(),
          deps.config.timeZone,
        );
    } catch (e) {
      console.error('segment refresh failed', e);
    }
  };
  void tick();
  const timer = setInterval(tick, everyMs);
  return () => clearInterval(timer);
}
