import path from 'node:path';
import type { MigrationProvider } from 'kysely';
import { migrate, migrationStatus, shippedMigrations } from '../db/migrate.js';
import { pgTool } from './pg-tools.js';
import { type BackupSource, takeBackup } from './take-backup.js';

/**
 * Migrates the database, taking a backup first when it already holds data and migrations are
 * pending, and saying where it is. The migrations then run in one transaction (server/db/migrate.ts):
 * if one fails, the database stays as the previous version left it, and the backup is there too.
 * A backup that fails stops the upgrade; only PostgreSQL without pg_dump upgrades without one
 * (with a warning), since refusing would leave such servers unable to ever upgrade.
 */
export async function migrateWithBackup(
  src: BackupSource,
  log = console.log,
  provider: MigrationProvider = shippedMigrations,
): Promise<string | null> {
  const { applied, pending } = await migrationStatus(src.db, provider);
  let taken: string | null = null;
  if (pending.length && applied.length) {
    if (src.engine === 'postgres' && !pgTool('pg_dump')) {
      log(
        `WARNING: ${pending.length} migration(s) to apply and no pg_dump on the PATH: upgrading without a backup`,
      );
    } else {
      const info = await takeBackup(src, 'pre-upgrade');
      taken = path.join(src.config.backupDir, info.name);
      log(
        `${pending.length} migration(s) to apply (${pending.at(-1)}); the database was backed up first to ${taken}`,
      );
    }
  }
  await migrate(src.db, provider);
  return taken;
}
