import type { Kysely } from 'kysely';

/**
 * Backup runs: one row per backup started by the schedule or an admin. A scheduled run first
 * inserts its `slot` (the cron occurrence, e.g. `scheduled:2026-12-08T03:00`): the unique index
 * makes it the lease, so when several processes share the database exactly one of them takes
 * that backup. The archives themselves live in the backup folder; this only tracks who ran what.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backup_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slot', 'text', (c) => c.unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint')
    .addColumn('error', 'text')
    .addColumn('started_by', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('backup_runs_started').on('backup_runs').column('started_at').execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
