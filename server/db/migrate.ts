import { type Kysely, type Migration, Migrator } from 'kysely';
import * as meta from './migrations/20261124T1000-meta-tables.js';

/** Migrations by timestamped name; Kysely runs the missing ones in name order. */
const migrations: Record<string, Migration> = {
  '20261124T1000-meta-tables': meta,
};

/** Brings the meta tables up to date; throws with the failing migration's error. */
export async function migrate(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`);
  }
}
