import type { Kysely } from 'kysely';

/**
 * Counts how often an import job was taken over after its process stopped: a job is resumed at
 * most once, so an import that stops the server (a crash, a kill for memory) cannot take it down
 * again on every start. Jobs already present count as never resumed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('import_jobs')
    .addColumn('resumes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
