import path from 'node:path';
import { loadConfig } from '../config.js';
import { connect } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { ExportArchiveInvalid } from './export-archive.js';
import { ImportRefused, importEverything } from './import-all.js';
import { liveServers } from './server-presence.js';
import { sqliteFileOf } from './take-backup.js';

/**
 * `npm run import-all -- <file>`: imports an export into the EMPTY instance the environment
 * configures (TESSERA_DATA_DIR, DATABASE_URL: e.g. a new PostgreSQL database, to move off SQLite).
 * Run it with the server stopped; the database is created and migrated first when it is new.
 * Prints each table's row count against the export's (exit code 1 on a mismatch).
 */
const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run import-all -- <export file (.tar.gz)>');
  process.exit(2);
}
const config = loadConfig();
const servers = liveServers(config.dataDir);
if (servers.length) {
  const pids = servers.join(', ');
  console.error(
    `Import refused: a Tessera server is running on ${config.dataDir} (pid ${pids}); stop it first`,
  );
  process.exit(1);
}
const handle = connect({ url: config.databaseUrl, sqliteFile: sqliteFileOf(config.dataDir) });
try {
  await migrate(handle.db);
  const report = await importEverything({ db: handle.db, engine: handle.engine, config }, path.resolve(file));
  for (const [t, n] of Object.entries(report.tables))
    if (n.expected !== n.found) console.error(`${t}: ${n.found} rows, the export has ${n.expected}`);
  const differ = report.ok ? '' : ' — COUNTS DIFFER';
  console.log(`Imported ${report.apps} apps, ${report.records} records, ${report.files} files${differ}`);
  process.exitCode = report.ok ? 0 : 1;
} catch (e) {
  const known = e instanceof ImportRefused || e instanceof ExportArchiveInvalid;
  console.error(known ? `Import refused: ${(e as Error).message}` : e);
  process.exitCode = 1;
} finally {
  await handle.close();
}
