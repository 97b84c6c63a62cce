import path from 'node:path';
import { serve } from '@hono/node-server';
import { createApp, version } from './app.js';
import { ensureFirstAdmin } from './auth/auth.service.js';
import { loadConfig } from './config.js';
import { connect } from './db/connect.js';
import { startBackupSchedule } from './backup/backup.service.js';
import { announceServer } from './backup/server-presence.js';
import { migrateWithBackup } from './backup/upgrade.js';
import { localStorage } from './files/storage.js';
import { systemClock } from './shared/clock.js';
import { startSlaScheduler } from './workflows/sla.js';
import { startSegmentScheduler } from './segments/segments.service.js';
import { startWorker } from './automations/worker.js';
import { startMailer } from './mail/mail-sender.js';
import { startImportRecovery } from './imports/import-recovery.js';
import { startFileCleanup } from './files/file-cleanup.js';
import { reconcileIndexes } from './indexes/index-reconcile.js';

const config = loadConfig();
const handle = connect({ url: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'tessera.db') });
// A restore refuses to run while this mark says a server uses the data folder.
const leaveDataDir = announceServer(config.dataDir);
// Pending migrations on a database with data: a backup is taken first (its path is printed).
await migrateWithBackup({ db: handle.db, engine: handle.engine, config, clock: systemClock });
const deps = {
  db: handle.db,
  engine: handle.engine,
  config,
  clock: systemClock,
  files: localStorage(path.join(config.dataDir, 'files')),
};
await ensureFirstAdmin(deps);
// Time limits are checked every minute, and at once: limits that passed while we were down fire now.
const stopSla = startSlaScheduler(deps);
const stopSegments = startSegmentScheduler(deps);
// The automation worker drains the outbox and runs due jobs; its first pass catches up on missed schedules.
const worker = startWorker(deps);
// Notification e-mails queued by any process go out from here, with retries (only when SMTP is configured).
const mailer = startMailer(deps);
// Imports whose process died go on after their last committed chunk (at once after a crash here).
const stopImports = startImportRecovery(deps);
// Files no record holds (never attached within a day, or their records purged) are deleted hourly, by one process.
const stopFileCleanup = startFileCleanup(deps);
// Backups on TESSERA_BACKUP_CRON; the run of each occurrence is leased, so one process takes it.
const stopBackups = startBackupSchedule(deps);
const app = createApp({
  db: handle.db,
  engine: handle.engine,
  config,
  webDir: path.resolve(process.env.TESSERA_WEB_DIR ?? 'dist/web'),
});
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  console.log(`Tessera ${version} on http://${config.host}:${info.port} (${handle.engine})`);
});
// Dashboard and view indexes are built in the background (SQLite): any a stop cut short are built now.
reconcileIndexes(deps).catch((e) => console.error('index reconcile', e));

const stop = async () => {
  stopSla();
  stopSegments();
  stopImports();
  stopFileCleanup();
  stopBackups();
  await worker.stop();
  await mailer.stop();
  server.close();
  await handle.close();
  leaveDataDir();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
