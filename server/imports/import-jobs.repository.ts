import type { Db, ImportJobsTable } from '../db/database.js';
import { notFound } from '../errors.js';
import type { ImportJob, ImportOptions } from './imports.schema.js';

type JobRow = Omit<ImportJobsTable, 'last_row' | 'resumes'> & { last_row: number; resumes: number };

const toJob = (r: JobRow): ImportJob => {
  const options = JSON.parse(r.options) as ImportOptions;
  return {
    id: r.id,
    formId: r.form_id,
    status: r.status as ImportJob['status'],
    fileName: r.file_name,
    format: r.format as ImportJob['format'],
    dryRun: options.dryRun,
    dedupe: options.dedupe ?? null,
    mapping: r.mapping ? JSON.parse(r.mapping) : (options.mapping ?? null),
    total: r.total === null ? null : Number(r.total),
    processed: Number(r.processed),
    created: Number(r.created),
    updated: Number(r.updated),
    skipped: Number(r.skipped),
    failed: Number(r.failed),
    errors: JSON.parse(r.errors),
    error: r.error,
    createdBy: r.user_id,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
};

/** A new job, queued and owned by `runner` (the process that received the upload). */
export async function insertJob(
  db: Db,
  row: Pick<
    ImportJobsTable,
    'id' | 'form_id' | 'user_id' | 'file_name' | 'format' | 'options' | 'created_at' | 'runner'
  >,
): Promise<void> {
  await db
    .insertInto('import_jobs')
    .values({
      ...row,
      status: 'queued',
      mapping: null,
      total: null,
      processed: 0,
      created: 0,
      updated: 0,
      skipped: 0,
      failed: 0,
      errors: '[]',
      error: null,
      started_at: null,
      finished_at: null,
      heartbeat_at: row.created_at,
      last_row: 0,
    })
    .execute();
}

export type JobPatch = Partial<
  Omit<ImportJobsTable, 'id' | 'form_id' | 'user_id' | 'created_at' | 'options' | 'last_row' | 'resumes'>
> & { last_row?: number };

/** Changes the job only while `runner` still owns it; answers whether it did. */
export async function updateOwnJob(db: Db, id: string, runner: string, patch: JobPatch): Promise<boolean> {
  const r = await db
    .updateTable('import_jobs')
    .set(patch)
    .where('id', '=', id)
    .where('runner', '=', runner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Makes `runner` the owner of an unfinished job that `from` owned (compare-and-set: of two
 * processes taking over the same job, one wins). `resume`: the job is taken over after its
 * process stopped, which is counted with the claim. Answers whether it did.
 */
export async function claimJob(
  db: Db,
  id: string,
  from: string | null,
  runner: string,
  at: string,
  resume = false,
): Promise<boolean> {
  let q = db
    .updateTable('import_jobs')
    .set((eb) => ({
      runner,
      heartbeat_at: at,
      status: 'running',
      ...(resume ? { resumes: eb('resumes', '+', 1) } : {}),
    }))
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running']);
  q = from === null ? q.where('runner', 'is', null) : q.where('runner', '=', from);
  const r = await q.executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db
    .updateTable('import_jobs')
    .set({ started_at: at })
    .where('id', '=', id)
    .where('started_at', 'is', null)
    .execute();
  return true;
}

/** The stored row of a job (undefined when gone). */
export async function findJobRow(db: Db, id: string): Promise<JobRow | undefined> {
  return (await db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst()) as
    JobRow | undefined;
}

/** Jobs not yet finished (queued or running), oldest first. */
export async function unfinishedJobs(db: Db): Promise<JobRow[]> {
  return (await db
    .selectFrom('import_jobs')
    .selectAll()
    .where('status', 'in', ['queued', 'running'])
    .orderBy('created_at')
    .execute()) as JobRow[];
}

export async function loadJob(db: Db, id: string): Promise<ImportJob> {
  const row = await findJobRow(db, id);
  if (!row) throw notFound('Import job');
  return toJob(row);
}
