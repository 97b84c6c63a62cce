import path from 'node:path';
import { loadConfig } from '../config.js';
import { connect } from '../db/connect.js';
import { systemClock } from '../shared/clock.js';
import { applyRetention } from './backup-store.js';
import { sqliteFileOf, takeBackup } from './take-backup.js';

/**
 * `npm run backup`: takes a backup now, from the command line (a server may keep running), into
 * TESSERA_BACKUP_DIR, then applies retention. Prints the archive's path.
 */
const config = loadConfig();
const handle = connect({ url: config.databaseUrl, sqliteFile: sqliteFileOf(config.dataDir) });
try {
  const info = await takeBackup(
    { db: handle.db, engine: handle.engine, config, clock: systemClock },
    'manual',
  );
  await applyRetention(config.backupDir, config.backupKeep, config.timeZone);
  const records = Object.values(info.manifest.counts).reduce((s, n) => s + n, 0);
  const file = path.join(config.backupDir, info.name);
  console.log(`${file} (${info.size} bytes, ${records} records, snapshot ${info.manifest.durationMs} ms)`);
} catch (e) {
  console.error('Backup failed:', (e as Error).message);
  process.exitCode = 1;
} finally {
  await handle.close();
}
