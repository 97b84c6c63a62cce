import { type Kysely, sql } from 'kysely';

/**
 * Automations: definitions with their versions, the run log (one run per automation and event,
 * enforced by a unique index so no event runs an automation twice) and the job queue the worker
 * claims with a lease (schedules, parked waits, retries and runs to execute).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('automations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('form_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('trigger_type', 'text', (c) => c.notNull())
    .addColumn('hook_id', 'text', (c) => c.unique())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('automations_app').on('automations').column('app_id').execute();
  await db.schema
    .createIndex('automations_trigger')
    .on('automations')
    .columns(['form_id', 'trigger_type'])
    .execute();

  await db.schema
    .createTable('automation_versions')
    .addColumn('automation_id', 'text', (c) => c.notNull().references('automations.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('automation_versions_pk', ['automation_id', 'version'])
    .execute();

  await db.schema
    .createTable('automation_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('automation_id', 'text', (c) => c.notNull().references('automations.id').onDelete('cascade'))
    .addColumn('automation_version', 'integer', (c) => c.notNull())
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('event_id', 'integer')
    .addColumn('form_id', 'text')
    .addColumn('record_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('condition_result', 'integer')
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('outputs', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('resume_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  // The idempotency key: an event runs an automation at most once, even across crashes and workers.
  await db.schema
    .createIndex('automation_runs_once')
    .unique()
    .on('automation_runs')
    .columns(['automation_id', 'event_key'])
    .execute();
  await db.schema
    .createIndex('automation_runs_list')
    .on('automation_runs')
    .columns(['automation_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('automation_runs_finished')
    .on('automation_runs')
    .column('finished_at')
    .execute();

  await db.schema
    .createTable('automation_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('automation_id', 'text', (c) => c.notNull().references('automations.id').onDelete('cascade'))
    .addColumn('run_id', 'text')
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('claimed_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index automation_jobs_due on automation_jobs (due_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
