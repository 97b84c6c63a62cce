import type { Kysely } from 'kysely';
import { engineOf } from '../engine.js';

/** The in-app inbox. */
export async function up(db: Kysely<any>): Promise<void> {
  const serial = engineOf(db) === 'postgres' ? 'bigserial' : 'integer';
  await db.schema
    .createTable('notifications')
    .addColumn('id', serial, (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('form_id', 'text')
    .addColumn('record_id', 'text')
    .addColumn('source', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
