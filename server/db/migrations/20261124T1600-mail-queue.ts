import type { Kysely } from 'kysely';
import { engineOf } from '../engine.js';

/**
 * E-mail for notifications: each user may turn it off (`users.mail_notifications`), and the mails
 * to send wait in `mail_queue`, written in the notification's own transaction and sent later by
 * the mail loop, which claims rows with a lease (`claimed_until`) and retries with backoff
 * (`attempts`, `next_at`). A row is deleted once sent; one that failed for good keeps its error.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = engineOf(db) === 'postgres';
  await db.schema
    .alterTable('users')
    .addColumn('mail_notifications', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('mail_queue')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => c.primaryKey())
    .addColumn('notification_id', pg ? 'bigint' : 'integer', (c) =>
      c.notNull().references('notifications.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_at', 'text', (c) => c.notNull())
    .addColumn('claimed_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The loop asks for "due and not failed" on every pass.
  await db.schema.createIndex('mail_queue_due').on('mail_queue').columns(['failed_at', 'next_at']).execute();
  await db.schema.createIndex('mail_queue_notification').on('mail_queue').column('notification_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
