import { sql } from 'kysely';
import type { AutomationJobsTable, Db, Engine, OutboxTable } from '../db/database.js';

/**
 * Claims up to `limit` rows of a queue table that are due and not leased by a live worker, by
 * setting their lease (`claimed_until`) in one statement. On PostgreSQL the candidate rows are
 * locked with SKIP LOCKED, so concurrent workers take disjoint sets; SQLite has one writer at a
 * time, so the single UPDATE … RETURNING is already exclusive.
 */
async function claim<T>(db: Db, engine: Engine, table: 'automation_jobs' | 'outbox', due: ReturnType<typeof sql>, order: string, now: string, until: string, limit: number): Promise<T[]> {
  const lock = engine === 'postgres' ? sql`for update skip locked` : sql``;
  const r = await sql<T>`update ${sql.table(table)} set claimed_until = ${until}
    where id in (select id from ${sql.table(table)} where ${due} and (claimed_until is null or claimed_until < ${now}) order by ${sql.ref(order)} limit ${limit} ${lock})
    returning *`.execute(db);
  return r.rows;
}

export type OutboxRow = Omit<OutboxTable, 'id'> & { id: number };

/** Outbox events not yet handled, oldest first. */
export function claimEvents(db: Db, engine: Engine, now: string, until: string, limit: number): Promise<OutboxRow[]> {
  return claim<OutboxRow>(db, engine, 'outbox', sql`done_at is null`, 'id', now, until, limit).then((rows) => rows.map((r) => ({ ...r, id: Number(r.id) })).sort((a, b) => a.id - b.id));
}

/** Jobs due at `now` (schedules, parked waits, retries, runs to execute), earliest first. */
export function claimJobs(db: Db, engine: Engine, now: string, until: string, limit: number): Promise<AutomationJobsTable[]> {
  return claim<AutomationJobsTable>(db, engine, 'automation_jobs', sql`due_at <= ${now}`, 'due_at', now, until, limit).then((rows) => rows.sort((a, b) => a.due_at.localeCompare(b.due_at)));
}

export const runJobId = (runId: string) => `run:${runId}`;
export const scheduleJobId = (automationId: string) => `schedule:${automationId}`;

/** Puts a run (back) in the queue, due at `dueAt`. */
export async function queueRun(db: Db, automationId: string, runId: string, dueAt: string, now: string): Promise<void> {
  await db
    .insertInto('automation_jobs')
    .values({ id: runJobId(runId), kind: 'run', automation_id: automationId, run_id: runId, due_at: dueAt, claimed_until: null, created_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ due_at: dueAt, claimed_until: null }))
    .execute();
}

/** Sets (or with `dueAt` null removes) the next firing of a schedule or date automation. */
export async function setSchedule(db: Db, automationId: string, dueAt: string | null, now: string): Promise<void> {
  const id = scheduleJobId(automationId);
  if (!dueAt) {
    await db.deleteFrom('automation_jobs').where('id', '=', id).execute();
    return;
  }
  await db
    .insertInto('automation_jobs')
    .values({ id, kind: 'schedule', automation_id: automationId, run_id: null, due_at: dueAt, claimed_until: null, created_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ due_at: dueAt, claimed_until: null }))
    .execute();
}

export async function deleteJob(db: Db, id: string): Promise<void> {
  await db.deleteFrom('automation_jobs').where('id', '=', id).execute();
}
