import { Cron } from 'croner';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { compileFilter, resolveRelative } from '../filter/index.js';
import { addDays, parseLocalDate, startOfLocalDay } from '../filter/time-zone.js';
import type { FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { dyn } from '../records/records.repository.js';
import { iso } from '../shared/clock.js';
import { findAutomation } from './automations.repository.js';
import type { Automation, Trigger } from './automations.schema.js';
import { deleteJob, setSchedule } from './jobs.repository.js';
import { createRun } from './runs.repository.js';
import { automationFilterContext, renderFilter } from './scope.js';

type Timed = Extract<Trigger, { type: 'schedule' | 'date' }>;

/** A firing later than this after its time was missed (the server was down): see `catchUp`. */
const missedAfterMs = 5 * 60_000;
/** At most this many records are acted on per firing. */
const maxRecords = 10_000;

const isTimed = (t: Trigger): t is Timed => t.type === 'schedule' || t.type === 'date';

/** The next firing strictly after `after`: the cron pattern, or daily at `time` for date triggers. */
export function nextFiring(t: Timed, after: Date, defaultZone: string): Date | null {
  const pattern = t.type === 'schedule' ? t.cron : `${Number(t.time.slice(3))} ${Number(t.time.slice(0, 2))} * * *`;
  return new Cron(pattern, { paused: true, timezone: t.timeZone ?? defaultZone }).nextRun(after);
}

/** Keeps an automation's schedule job in step with its definition (in the caller's transaction). */
export async function syncSchedule(db: Db, a: Automation, now: Date, defaultZone: string): Promise<void> {
  const next = a.enabled && isTimed(a.trigger) ? nextFiring(a.trigger, now, defaultZone) : null;
  await setSchedule(db, a.id, next ? iso(next) : null, iso(now));
}

/**
 * The condition for a date trigger: the date field, plus the offset, falls on today (yearly:
 * the same month and day in any year).
 */
function dateCondition(t: Extract<Trigger, { type: 'date' }>, model: FormModel, now: Date, timeZone: string): Expression<SqlBool> {
  const f = model.byKey.get(t.field);
  if (!f?.column) throw new Error(`date trigger: "${t.field}" is not a field of this form`);
  const negated = t.offset.startsWith('-') ? t.offset.slice(1) : `-${t.offset.replace(/^\+/, '')}`;
  const target = resolveRelative({ relative: negated }, 'date', { now, timeZone });
  const col = sql.ref(f.column);
  if (t.repeat === 'yearly') return sql<SqlBool>`substr(${col}, 6, 5) = ${target.slice(5)}`;
  if (f.kind === 'date') return sql<SqlBool>`${col} = ${target}`;
  const day = parseLocalDate(target)!;
  return sql<SqlBool>`${col} >= ${iso(new Date(startOfLocalDay(day, timeZone)))} and ${col} < ${iso(new Date(startOfLocalDay(addDays(day, 1), timeZone)))}`;
}

/** Ids of the live records a firing acts on: the condition (and for date triggers the date) in SQL. */
async function selectRecords(deps: Deps, db: Db, a: Automation, t: Timed, formId: string, firedAt: Date): Promise<string[]> {
  const model = await loadModel(db, formId);
  const zone = t.timeZone ?? deps.config.timeZone;
  const fctx = { ...automationFilterContext(deps, model, a), now: firedAt, timeZone: zone };
  let q = dyn(db).selectFrom(model.table).select('id').where('deleted_at', 'is', null);
  if (a.condition) q = q.where(compileFilter(renderFilter(a.condition, { now: firedAt, timeZone: zone }, fctx, '/condition'), fctx));
  if (t.type === 'date') q = q.where(dateCondition(t, model, firedAt, zone));
  return ((await q.orderBy('seq').limit(maxRecords).execute()) as { id: string }[]).map((r) => r.id);
}

/**
 * Fires a due schedule job: one run per selected record (or one run without a record), keyed by
 * the firing time so a repeat creates nothing, then sets the next firing after now. A firing
 * missed while the server was down runs once (`catchUp: "once"`, the default) or not at all.
 */
export async function fireSchedule(deps: Deps, job: { id: string; automation_id: string; due_at: string }): Promise<number> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const a = await findAutomation(tx, job.automation_id).catch(() => undefined);
    if (!a || !a.enabled || !isTimed(a.trigger)) {
      await deleteJob(tx, job.id);
      return 0;
    }
    const t = a.trigger;
    const due = new Date(job.due_at);
    const missed = now.getTime() - due.getTime() > missedAfterMs;
    let created = 0;
    if (!missed || (a.options?.catchUp ?? 'once') === 'once') {
      const formId = 'formId' in t ? t.formId : undefined;
      const zone = t.timeZone ?? deps.config.timeZone;
      const firedAt = missed ? now : due;
      const keyBase = t.type === 'date' ? `date:${resolveRelative('today', 'date', { now: firedAt, timeZone: zone })}` : `schedule:${job.due_at}`;
      const ids = formId ? await selectRecords(deps, tx, a, t, formId, firedAt) : [null];
      for (const recordId of ids) {
        const id = await createRun(tx, { automation: a, eventKey: recordId ? `${keyBase}:${recordId}` : keyBase, formId: formId ?? null, recordId, trigger: { event: t.type, selected: true, ...(missed ? { payload: { missed: job.due_at } } : {}) }, depth: 0 }, iso(now));
        if (id) created++;
      }
    }
    const next = nextFiring(t, new Date(Math.max(now.getTime(), due.getTime())), deps.config.timeZone);
    await setSchedule(tx, a.id, next ? iso(next) : null, iso(now));
    return created;
  });
}
