import type { AutomationRunsTable, Db } from '../db/database.js';
import { notFound } from '../errors.js';
import { newId } from '../shared/ids.js';
import type { Automation, RunStatus } from './automations.schema.js';
import { queueRun, queueRuns } from './jobs.repository.js';

/** One action's outcome in the run log. */
export interface StepLog {
  /** Where the action sits: "0", "2.then.1". */
  path: string;
  type: string;
  input?: unknown;
  output?: unknown;
  error?: string;
  durationMs: number;
  attempts: number;
  at: string;
}

/** What fired a run, kept with it. */
export interface TriggerInfo {
  event: string;
  eventId?: number;
  /** Field changes by key (record.updated). */
  changes?: Record<string, { before: unknown; after: unknown }>;
  from?: string | null;
  to?: string | null;
  state?: string;
  comment?: string | null;
  payload?: unknown;
  /** Schedule and date runs: the condition already selected the record. */
  selected?: boolean;
  userId?: string | null;
}

export interface NewRun {
  automation: Pick<Automation, 'id' | 'version'>;
  eventKey: string;
  eventId?: number;
  formId: string | null;
  recordId: string | null;
  trigger: TriggerInfo;
  depth: number;
  status?: Extract<RunStatus, 'running' | 'loop_cut'>;
  /** 1 when the condition was already checked (at dispatch, or by a schedule's selection). */
  conditionResult?: 0 | 1 | null;
}

/** The run log row of a new run. */
function runRow(r: NewRun, id: string, now: string): AutomationRunsTable {
  const status = r.status ?? 'running';
  const done = status !== 'running';
  return {
    id,
    automation_id: r.automation.id,
    automation_version: r.automation.version,
    event_key: r.eventKey,
    event_id: r.eventId ?? null,
    form_id: r.formId,
    record_id: r.recordId,
    status,
    condition_result: r.conditionResult ?? null,
    trigger: JSON.stringify(r.trigger),
    depth: r.depth,
    cursor: 0,
    attempts: 0,
    steps: '[]',
    outputs: '[]',
    error: status === 'loop_cut' ? `Cut off: a chain of automations reached depth ${r.depth}` : null,
    resume_at: null,
    created_at: now,
    started_at: done ? now : null,
    finished_at: done ? now : null,
  };
}

/**
 * Logs a run and queues it for the worker, unless this automation already has a run for this
 * event (the unique idempotency key): then nothing happens and undefined is returned.
 */
export async function createRun(db: Db, r: NewRun, now: string): Promise<string | undefined> {
  const row = await db
    .insertInto('automation_runs')
    .values(runRow(r, newId('run'), now))
    .onConflict((oc) => oc.columns(['automation_id', 'event_key']).doNothing())
    .returning(['id', 'status'])
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.status === 'running') await queueRun(db, r.automation.id, row.id, now, now);
  return row.id;
}

// Rows per INSERT: short enough a statement (under 20,000 characters) for SQLite to keep it prepared.
const runChunk = 200;

/**
 * `createRun` for many runs at once: one INSERT per 200 runs and one for their queue entries.
 * Runs whose (automation, event) is already logged are left out. Answers how many were logged.
 */
export async function createRuns(db: Db, runs: NewRun[], now: string): Promise<number> {
  let created = 0;
  for (let i = 0; i < runs.length; i += runChunk) {
    const part = runs.slice(i, i + runChunk);
    const rows = await db
      .insertInto('automation_runs')
      .values(part.map((r) => runRow(r, newId('run'), now)))
      .onConflict((oc) => oc.columns(['automation_id', 'event_key']).doNothing())
      .returning(['id', 'automation_id', 'status'])
      .execute();
    created += rows.length;
    const queued = rows.filter((r) => r.status === 'running');
    if (queued.length)
      await queueRuns(
        db,
        queued.map((r) => ({ automationId: r.automation_id, runId: r.id })),
        now,
      );
  }
  return created;
}

/** A run that was carried out in the same transaction that logs it. */
export interface FinishedRun extends NewRun {
  steps: StepLog[];
  outputs: unknown[];
  startedAt: string;
  finishedAt: string;
  /** Where the run's program ended (its length). */
  cursor: number;
}

/**
 * Logs runs that already succeeded (a schedule's runs done as they are selected): one row each,
 * written once. A plain INSERT: when another worker logged one of them first, the unique key
 * fails the caller's transaction, so its actions are rolled back with it and nothing runs twice.
 */
export async function logFinishedRuns(db: Db, runs: FinishedRun[], now: string): Promise<void> {
  for (let i = 0; i < runs.length; i += runChunk) {
    await db
      .insertInto('automation_runs')
      .values(
        runs.slice(i, i + runChunk).map((r) => ({
          ...runRow(r, newId('run'), now),
          status: 'succeeded',
          condition_result: 1,
          cursor: r.cursor,
          steps: JSON.stringify(r.steps),
          outputs: JSON.stringify(r.outputs),
          started_at: r.startedAt,
          finished_at: r.finishedAt,
        })),
      )
      .execute();
  }
}

export async function findRun(db: Db, id: string): Promise<AutomationRunsTable> {
  const row = await db.selectFrom('automation_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Run');
  return row;
}

/** A run as the API answers it. */
export function toRun(r: AutomationRunsTable) {
  return {
    id: r.id,
    automationId: r.automation_id,
    automationVersion: r.automation_version,
    eventKey: r.event_key,
    eventId: r.event_id === null ? null : Number(r.event_id),
    formId: r.form_id,
    recordId: r.record_id,
    status: r.status as RunStatus,
    conditionResult: r.condition_result === null ? null : !!r.condition_result,
    trigger: JSON.parse(r.trigger) as TriggerInfo,
    depth: r.depth,
    steps: JSON.parse(r.steps) as StepLog[],
    error: r.error,
    resumeAt: r.resume_at,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** Runs of an automation, newest first, by status, creation time and record; keyset pages by id. */
export async function listRuns(
  db: Db,
  automationId: string,
  q: { status?: RunStatus; since?: string; recordId?: string; limit: number; cursor?: string },
) {
  let query = db.selectFrom('automation_runs').selectAll().where('automation_id', '=', automationId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.since) query = query.where('created_at', '>=', new Date(q.since).toISOString());
  if (q.recordId) query = query.where('record_id', '=', q.recordId);
  if (q.cursor) query = query.where('id', '<', q.cursor);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  return { items: page.map(toRun), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
}

/** Deletes finished runs, and outbox events handled, before `before`. */
export async function pruneRuns(db: Db, before: string): Promise<number> {
  const r = await db
    .deleteFrom('automation_runs')
    .where('finished_at', '<', before)
    .where('status', 'not in', ['running', 'waiting'])
    .executeTakeFirst();
  await db.deleteFrom('outbox').where('done_at', '<', before).execute();
  return Number(r.numDeletedRows);
}
