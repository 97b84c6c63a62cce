import { sql } from 'kysely';
import type { AutomationJobsTable, Db, Engine, OutboxTable } from '../db/database.js';
import { triggerOfEvent } from './watchers.js';

/**
 * Claims up to `limit` rows of a queue table that are due and not leased by a live worker, by
 * setting their lease (`claimed_until`) in one statement. On PostgreSQL the candidate rows are
 * locked with SKIP LOCKED, so concurrent workers take disjoint sets; SQLite has one writer at a
 * time, so the single UPDATE … RETURNING is already exclusive.
 */
async function claim<T>(
  db: Db,
  engine: Engine,
  table: 'automation_jobs' | 'outbox',
  due: ReturnType<typeof sql>,
  order: string,
  now: string,
  until: string,
  limit: number,
): Promise<T[]> {
  const lock = engine === 'postgres' ? sql`for update skip locked` : sql``;
  const r = await sql<T>`update ${sql.table(table)} set claimed_until = ${until}
    where id in (select id from ${sql.table(table)} where ${due} and (claimed_until is null or claimed_until < ${now}) order by ${sql.ref(order)} limit ${limit} ${lock})
    returning *`.execute(db);
  return r.rows;
}

export type OutboxRow = Omit<OutboxTable, 'id'> & { id: number };

/** Outbox events not yet handled, oldest first. */
export function claimEvents(
  db: Db,
  engine: Engine,
  now: string,
  until: string,
  limit: number,
): Promise<OutboxRow[]> {
  return claim<OutboxRow>(db, engine, 'outbox', sql`done_at is null`, 'id', now, until, limit).then((rows) =>
    rows.map((r) => ({ ...r, id: Number(r.id) })).sort((a, b) => a.id - b.id),
  );
}

/** Jobs due at `now` (schedules, parked waits, retries, runs to execute), earliest first. */
export function claimJobs(
  db: Db,
  engine: Engine,
  now: string,
  until: string,
  limit: number,
): Promise<AutomationJobsTable[]> {
  return claim<AutomationJobsTable>(
    db,
    engine,
    'automation_jobs',
    sql`due_at <= ${now}`,
    'due_at',
    now,
    until,
    limit,
  ).then((rows) => rows.sort((a, b) => a.due_at.localeCompare(b.due_at)));
}

export const runJobId = (runId: string) => `run:${runId}`;
export const scheduleJobId = (automationId: string) => `schedule:${automationId}`;

/** Puts a run (back) in the queue, due at `dueAt`. */
export async function queueRun(
  db: Db,
  automationId: string,
  runId: string,
  dueAt: string,
  now: string,
): Promise<void> {
  await db
    .insertInto('automation_jobs')
    .values({
      id: runJobId(runId),
      kind: 'run',
      automation_id: automationId,
      run_id: runId,
      due_at: dueAt,
      claimed_until: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet({ due_at: dueAt, claimed_until: null }))
    .execute();
}

/** `queueRun` for many new runs, due now: one INSERT. */
export async function queueRuns(
  db: Db,
  runs: Array<{ automationId: string; runId: string }>,
  now: string,
): Promise<void> {
  await db
    .insertInto('automation_jobs')
    .values(
      runs.map((r) => ({
        id: runJobId(r.runId),
        kind: 'run',
        automation_id: r.automationId,
        run_id: r.runId,
        due_at: now,
        claimed_until: null,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('id').doUpdateSet({ due_at: now, claimed_until: null }))
    .execute();
}

const inChunks = async <T>(items: T[], size: number, each: (part: T[]) => Promise<unknown>) => {
  for (let i = 0; i < items.length; i += size) await each(items.slice(i, i + size));
};

/** Marks handled outbox events done: one UPDATE per 1,000. */
export async function markEventsDone(db: Db, ids: number[], now: string): Promise<void> {
  await inChunks(ids, 1000, (part) =>
    db.updateTable('outbox').set({ done_at: now }).where('id', 'in', part).execute(),
  );
}

/** Removes finished runs' queue entries: one DELETE per 1,000. */
export async function deleteJobs(db: Db, ids: string[]): Promise<void> {
  await inChunks(ids, 1000, (part) => db.deleteFrom('automation_jobs').where('id', 'in', part).execute());
}

/**
 * Marks done those of the oldest `window` pending events that no enabled automation listens to
 * (none on their form with the trigger their kind fires): a bulk import's events cost one UPDATE
 * per window, and the events behind a backlog of watched ones are not scanned again each time.
 * One statement, so an automation committed before it started is always seen: an event written
 * after an automation was saved is never disposed of for it, in any process.
 */
export async function disposeUnwatched(db: Db, engine: Engine, now: string, window: number): Promise<number> {
  // Only the disposable rows are locked (PostgreSQL): other workers keep claiming the rest.
  const lock = engine === 'postgres' ? sql`for update of o skip locked` : sql``;
  const trigger = sql`case o.event ${sql.join(
    Object.entries(triggerOfEvent).map(([event, type]) => sql`when ${event} then ${type}`),
    sql` `,
  )} end`;
  const r = await sql`update outbox set done_at = ${now} where id in (
      select o.id from outbox o
      where o.id in (select id from outbox where done_at is null and (claimed_until is null or claimed_until < ${now}) order by id limit ${window})
      and o.done_at is null and (o.claimed_until is null or o.claimed_until < ${now})
      and not exists (select 1 from automations a where a.form_id = o.form_id and a.enabled = 1 and a.trigger_type = ${trigger})
      ${lock})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Whether a worker pass would find anything to do now: a pending event or a due job nobody holds. */
export async function hasWork(db: Db, now: string): Promise<boolean> {
  const event = await db
    .selectFrom('outbox')
    .select('id')
    .where('done_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .limit(1)
    .executeTakeFirst();
  if (event) return true;
  const job = await db
    .selectFrom('automation_jobs')
    .select('id')
    .where('due_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .limit(1)
    .executeTakeFirst();
  return !!job;
}

/** Sets (or with `dueAt` null removes) the next firing of a schedule or date automation. */
export async function setSchedule(
  db: Db,
  automationId: string,
  dueAt: string | null,
  now: string,
): Promise<void> {
  const id = scheduleJobId(automationId);
  if (!dueAt) {
    await db.deleteFrom('automation_jobs').where('id', '=', id).execute();
    return;
  }
  await db
    .insertInto('automation_jobs')
    .values({
      id,
      kind: 'schedule',
      automation_id: automationId,
      run_id: null,
      due_at: dueAt,
      claimed_until: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet({ due_at: dueAt, claimed_until: null }))
    .execute();
}

export async function deleteJob(db: Db, id: string): Promise<void> {
  await db.deleteFrom('automation_jobs').where('id', '=', id).execute();
}
