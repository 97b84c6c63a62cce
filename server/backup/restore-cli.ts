import path from 'node:path';
import { loadConfig } from '../config.js';
import { RestoreRefused, restoreBackup } from './restore.js';

/**
 * `npm run restore -- <backup.tar.gz>`: restores a backup into the data folder and database the
 * environment configures (TESSERA_DATA_DIR, DATABASE_URL). Run it with the server stopped.
 */
const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run restore -- <backup file (.tar.gz)>');
  process.exit(2);
}
try {
  const report = await restoreBackup(loadConfig(), path.resolve(file));
  process.exit(report.ok ? 0 : 1);
} catch (e) {
  console.error(e instanceof RestoreRefused ? `Restore refused: ${e.message}` : e);
  process.exit(1);
}
