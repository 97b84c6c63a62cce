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
import { type AccessView, AuthorRevoked, authorView } from './author.js';
import { findAutomation } from './automations.repository.js';
import type { Automation, Trigger } from './automations.schema.js';
import { deleteJob, setSchedule } from './jobs.repository.js';
import { type ActionOp, chunkSize, runSteps, type StepState, straight } from './batch-runner.js';
import { compileProgram } from './program.js';
import { switchOff } from './revoked.js';
import { createRuns, logFinishedRuns, type NewRun } from './runs.repository.js';
import { automationFilterContext, renderFilter } from './scope.js';

type Timed = Extract<Trigger, { type: 'schedule' | 'date' }>;

/** A firing later than this after its time was missed (the server was down): see `catchUp`. */
const missedAfterMs = 5 * 60_000;
/** At most this many records are acted on per firing. */
const maxRecords = 1_000_000;
/**
 * Records selected per query while a firing runs. Large: the condition's index may not give
 * record order, and each query then reads every matching record again to sort them.
 */
const firingChunk = 20_000;
/** Queued runs logged per transaction (when a firing's actions cannot run at once). */
const queueChunk = 2000;

const isTimed = (t: Trigger): t is Timed => t.type === 'schedule' || t.type === 'date';

/** The next firing strictly after `after`: the cron pattern, or daily at `time` for date triggers. */
export function nextFiring(t: Timed, after: Date, defaultZone: string): Date | null {
  const pattern =
    t.type === 'schedule' ? t.cron : `${Number(t.time.slice(3))} ${Number(t.time.slice(0, 2))} * * *`;
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
function dateCondition(
  t: Extract<Trigger, { type: 'date' }>,
  model: FormModel,
  now: Date,
  timeZone: string,
): Expression<SqlBool> {
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

/**
 * Ids of the live records a firing acts on, `limit` at a time in record order (after
 * `afterSeq`): the condition (and for date triggers the date) in SQL, within the records the
 * author may read.
 */
async function selectRecords(
  deps: Deps,
  db: Db,
  a: Automation,
  view: AccessView,
  t: Timed,
  formId: string,
  firedAt: Date,
  afterSeq: number,
  limit: number,
): Promise<Array<{ id: string; seq: number }>> {
  const model = await loadModel(db, formId);
  const zone = t.timeZone ?? deps.config.timeZone;
  // The condition selects in SQL: it may only name fields the author may see.
  const fields = (await view.writer(db, model)).fctx.fields;
  const fctx = { ...automationFilterContext(deps, model, a), fields, now: firedAt, timeZone: zone };
  let q = dyn(db)
    .selectFrom(model.table)
    .select(['id', 'seq'])
    .where('deleted_at', 'is', null)
    .where('seq', '>', afterSeq);
  const readable = await view.scope(db, model, 'read');
  if (readable) q = q.where(readable);
  if (a.condition)
    q = q.where(
      compileFilter(renderFilter(a.condition, { now: firedAt, timeZone: zone }, fctx, '/condition'), fctx),
    );
  if (t.type === 'date') q = q.where(dateCondition(t, model, firedAt, zone));
  return ((await q.orderBy('seq').limit(limit).execute()) as Array<{ id: string; seq: number | string }>).map(
    (r) => ({ id: r.id, seq: Number(r.seq) }),
  );
}

/**
 * Carries out a chunk of a firing's runs at once and logs them finished, in one transaction:
 * each run is written once instead of queued, taken, updated and dequeued (for 100,000 records
 * the run log was most of the work). Records already logged for this firing (a firing taken
 * again after a crash) are left out. When the chunk fails, its runs are queued instead and go
 * the ordinary way, one by one, with retries and failure logs.
 */
async function fireChunk(deps: Deps, a: Automation, program: ActionOp[], runs: NewRun[]): Promise<number> {
  const now = iso(deps.clock.now());
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const logged = await tx
        .selectFrom('automation_runs')
        .select('event_key')
        .where('automation_id', '=', a.id)
        .where(
          'event_key',
          'in',
          runs.map((r) => r.eventKey),
        )
        .execute();
      const done = new Set(logged.map((r) => r.event_key));
      const todo = runs.filter((r) => !done.has(r.eventKey));
      if (!todo.length) return 0;
      const states: StepState[] = todo.map((r) => ({
        formId: r.formId,
        recordId: r.recordId,
        depth: r.depth,
        trigger: r.trigger,
        steps: [],
        outputs: [],
      }));
      await runSteps(deps, tx, a, program, states);
      const finishedAt = iso(deps.clock.now());
      await logFinishedRuns(
        tx,
        todo.map((r, i) => ({
          ...r,
          steps: states[i].steps,
          outputs: states[i].outputs,
          startedAt: now,
          finishedAt,
          cursor: program.length,
        })),
        now,
      );
      return todo.length;
    });
  } catch (e) {
    console.warn(
      `[automations] ${runs.length} runs of ${a.id} are queued to go one by one:`,
      e instanceof Error ? e.message : e,
    );
    return deps.db.transaction().execute((tx) => createRuns(tx, runs, now));
  }
}

/**
 * Fires a due schedule job: one run per selected record (or one run without a record), keyed by
 * the firing time so a repeat creates nothing, then sets the next firing after now. A firing
 * missed while the server was down runs once (`catchUp: "once"`, the default) or not at all.
 * Records are selected `selectChunk` at a time; when the actions only write to the database, the
 * runs are carried out right away, `chunkSize` per transaction (see `fireChunk`), else they are
 * queued for the worker. A firing cut short by a crash is taken again when its lease runs out,
 * and the runs' keys keep it from running or logging any record twice.
 */
export async function fireSchedule(
  deps: Deps,
  job: { id: string; automation_id: string; due_at: string },
  selectChunk = firingChunk,
): Promise<number> {
  const now = deps.clock.now();
  const a = await findAutomation(deps.db, job.automation_id).catch(() => undefined);
  if (!a || !a.enabled || !isTimed(a.trigger)) {
    await deleteJob(deps.db, job.id);
    return 0;
  }
  const t = a.trigger;
  let view: AccessView;
  try {
    view = await authorView(deps, deps.db, a);
  } catch (e) {
    if (!(e instanceof AuthorRevoked)) throw e;
    await deps.db.transaction().execute((tx) => switchOff(deps, tx, a, e.message));
    return 0;
  }
  const due = new Date(job.due_at);
  const missed = now.getTime() - due.getTime() > missedAfterMs;
  let created = 0;
  if (!missed || (a.options?.catchUp ?? 'once') === 'once') {
    const formId = 'formId' in t ? t.formId : undefined;
    const zone = t.timeZone ?? deps.config.timeZone;
    const firedAt = missed ? now : due;
    const keyBase =
      t.type === 'date'
        ? `date:${resolveRelative('today', 'date', { now: firedAt, timeZone: zone })}`
        : `schedule:${job.due_at}`;
    // The selection is the condition: the runs need not check it again.
    const run = (recordId: string | null): NewRun => ({
      automation: a,
      eventKey: recordId ? `${keyBase}:${recordId}` : keyBase,
      formId: formId ?? null,
      recordId,
      trigger: { event: t.type, selected: true, ...(missed ? { payload: { missed: job.due_at } } : {}) },
      depth: 0,
      conditionResult: 1,
    });
    if (!formId) created += await createRuns(deps.db, [run(null)], iso(now));
    const program = compileProgram(a.actions);
    for (let seq = 0, taken = 0; formId && taken < maxRecords;) {
      const rows = await selectRecords(deps, deps.db, a, view, t, formId, firedAt, seq, selectChunk);
      if (!rows.length) break;
      const part = rows.slice(0, maxRecords - taken).map((r) => run(r.id));
      if (straight(program))
        for (let i = 0; i < part.length; i += chunkSize)
          created += await fireChunk(deps, a, program, part.slice(i, i + chunkSize));
      else
        for (let i = 0; i < part.length; i += queueChunk)
          created += await deps.db
            .transaction()
            .execute((tx) => createRuns(tx, part.slice(i, i + queueChunk), iso(now)));
      taken += part.length;
      seq = rows[rows.length - 1].seq;
      if (rows.length < selectChunk) break;
    }
  }
  const next = nextFiring(t, new Date(Math.max(now.getTime(), due.getTime())), deps.config.timeZone);
  await setSchedule(deps.db, a.id, next ? iso(next) : null, iso(now));
  return created;
}
