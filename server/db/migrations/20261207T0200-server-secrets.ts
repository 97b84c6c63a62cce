import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * Keys the server keeps for itself, shared by every process on the database and kept across
 * restarts. `cursor` encrypts and authenticates list cursors (AES-256-GCM), so a cursor shows no
 * record's values and a changed or foreign one is refused. Created here, once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('server_secrets')
    .values({ name: 'cursor', value: randomBytes(32).toString('base64') })
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
