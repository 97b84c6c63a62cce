import type { Db, ImportJobsTable } from '../db/database.js';
import { notFound } from '../errors.js';
import type { ImportJob, ImportOptions } from './imports.schema.js';

const toJob = (r: ImportJobsTable): ImportJob => {
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

export async function insertJob(db: Db, row: Pick<ImportJobsTable, 'id' | 'form_id' | 'user_id' | 'file_name' | 'format' | 'options' | 'created_at'>): Promise<void> {
  await db.insertInto('import_jobs').values({ ...row, status: 'queued', mapping: null, total: null, processed: 0, created: 0, updated: 0, skipped: 0, failed: 0, errors: '[]', error: null, started_at: null, finished_at: null }).execute();
}

export type JobPatch = Partial<Omit<ImportJobsTable, 'id' | 'form_id' | 'user_id' | 'created_at' | 'options'>>;

export async function updateJob(db: Db, id: string, patch: JobPatch): Promise<void> {
  await db.updateTable('import_jobs').set(patch).where('id', '=', id).execute();
}

export async function loadJob(db: Db, id: string): Promise<ImportJob> {
  const row = await db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Import job');
  return toJob(row);
}
