import { type Kysely, sql } from 'kysely';

/**
 * Abuse controls and token limits (issue #14):
 * - `rate_limits.next_ms`: when a spaced-out key (sign-in attempts on one account) takes its next
 *   attempt, in epoch milliseconds, so one atomic statement can decide and move it;
 * - API tokens may expire, be read-only, or act on one app only;
 * - `used_fill_tokens`: a public form's fill token takes one submission (its primary key refuses
 *   a replay, also a concurrent one);
 * - users in departments without a main department get one (the first by id), so the records
 *   they create carry a department they can read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('rate_limits')
    .addColumn('next_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
  await db.schema
    .alterTable('api_tokens')
    .addColumn('read_only', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('api_tokens').addColumn('app_id', 'text').execute();
  await db.schema
    .createTable('used_fill_tokens')
    .addColumn('mac', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('used_fill_tokens_expires')
    .on('used_fill_tokens')
    .column('expires_at')
    .execute();
  await sql`update users set main_department_id = (select min(department_id) from user_departments ud where ud.user_id = users.id)
            where main_department_id is null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
