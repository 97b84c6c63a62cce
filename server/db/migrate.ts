import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { engineOf } from './engine.js';
import * as meta from './migrations/20261124T1000-meta-tables.js';
import * as permissions from './migrations/20261124T1100-permissions-audit.js';

/** Migrations by timestamped name; Kysely runs the missing ones in name order. */
const migrations: Record<string, Migration> = {
  '20261124T1000-meta-tables': meta,
  '20261124T1100-permissions-audit': permissions,
};

/** Brings the meta tables up to date; throws with the failing migration's error. */
export async function migrate(db: Kysely<any>): Promise<void> {
  // On PostgreSQL, keep Kysely's bookkeeping in the schema we run in (search_path), so several
  // databases in one cluster (tests, tenants) never see each other's migration lock.
  const schema = engineOf(db) === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0].s : undefined;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`);
  }
}
