import path from 'node:path';
import { loadConfig } from '../config.js';
import { connect } from '../db/connect.js';
import { localStorage } from '../files/storage.js';
import { systemClock } from '../shared/clock.js';
import { exportEverything } from './export-all.js';
import { exportFileName } from './export.schema.js';
import { filesDirOf, sqliteFileOf } from './take-backup.js';

/**
 * `npm run export-all -- [file]`: exports every app with its data, the people, departments and roles,
 * and the attachment files, as one engine-independent archive (default: a dated file in the current
 * folder). A server may keep running: the export reads one consistent moment of the database.
 */
const config = loadConfig();
const handle = connect({ url: config.databaseUrl, sqliteFile: sqliteFileOf(config.dataDir) });
const target = path.resolve(process.argv[2] ?? exportFileName(new Date()));
try {
  const files = localStorage(filesDirOf(config.dataDir));
  const deps = { db: handle.db, engine: handle.engine, config, clock: systemClock, files };
  const m = await exportEverything(deps, target);
  const records = m.tables.filter((t) => t.name.startsWith('r_frm_')).reduce((s, t) => s + t.rows, 0);
  const attachments = m.parts.filter((p) => p.path.startsWith('files/')).length;
  console.log(`${target}: ${m.apps.length} apps, ${records} records, ${attachments} files`);
} catch (e) {
  console.error('Export failed:', (e as Error).message);
  process.exitCode = 1;
} finally {
  await handle.close();
}
