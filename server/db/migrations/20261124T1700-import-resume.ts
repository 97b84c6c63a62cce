import type { Kysely } from 'kysely';

/**
 * Imports survive the death of their process: each job names its runner and keeps a heartbeat,
 * and each chunk commits with `last_row`, so another process (or the next start) resumes the job
 * right after the last committed row. Jobs already present count as having done nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_jobs').addColumn('runner', 'text').execute();
  await db.schema.alterTable('import_jobs').addColumn('heartbeat_at', 'text').execute();
  await db.schema
    .alterTable('import_jobs')
    .addColumn('last_row', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The recovery pass looks for unfinished jobs.
  await db.schema.createIndex('import_jobs_status').on('import_jobs').column('status').execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
