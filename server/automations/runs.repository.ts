import type { AutomationRunsTable, Db } from '../db/database.js';
import { notFound } from '../errors.js';
import { newId } from '../shared/ids.js';
import type { Automation, RunStatus } from './automations.schema.js';
import { queueRun } from './jobs.repository.js';

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
}

/**
 * Logs a run and queues it for the worker, unless this automation already has a run for this
 * event (the unique idempotency key): then nothing happens and undefined is returned.
 */
export async function createRun(db: Db, r: NewRun, now: string): Promise<string | undefined> {
  const id = newId('run');
  const status = r.status ?? 'running';
  const done = status !== 'running';
  const row = await db
    .insertInto('automation_runs')
    .values({
      id,
      automation_id: r.automation.id,
      automation_version: r.automation.version,
      event_key: r.eventKey,
      event_id: r.eventId ?? null,
      form_id: r.formId,
      record_id: r.recordId,
      status,
      condition_result: null,
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
    })
    .onConflict((oc) => oc.columns(['automation_id', 'event_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return undefined;
  if (!done) await queueRun(db, r.automation.id, id, now, now);
  return id;
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
export async function listRuns(db: Db, automationId: string, q: { status?: RunStatus; since?: string; recordId?: string; limit: number; cursor?: string }) {
  let query = db.selectFrom('automation_runs').selectAll().where('automation_id', '=', automationId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.since) query = query.where('created_at', '>=', new Date(q.since).toISOString());
  if (q.recordId) query = query.where('record_id', '=', q.recordId);
  if (q.cursor) query = query.where('id', '<', q.cursor);
  const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  return { items: page.map(toRun), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
}

/** Deletes finished runs, and outbox events handled, before `before`. */
export async function pruneRuns(db: Db, before: string): Promise<number> {
  const r = await db.deleteFrom('automation_runs').where('finished_at', '<', before).where('status', 'not in', ['running', 'waiting']).executeTakeFirst();
  await db.deleteFrom('outbox').where('done_at', '<', before).execute();
  return Number(r.numDeletedRows);
}
