import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import type { Context } from 'hono';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import { AppError, conflict } from '../errors.js';
import { reconcileIndexes } from '../indexes/index-reconcile.js';
import { partialPrefix } from './backup-store.js';
import { ExportArchiveInvalid } from './export-archive.js';
import { exportEverything } from './export-all.js';
import { exportFileName } from './export.schema.js';
import { ImportRefused, importEverything } from './import-all.js';

/** The import's body is a whole instance: it streams to disk, outside the JSON body limit (admins only). */
export const isBackupImport = (method: string, p: string) => method === 'POST' && p === '/api/backups/import';

const invalidBody = (message: string, why: string) =>
  new AppError('validation_failed', message, [{ path: '/body', message: why }]);

/** A temp folder for one request under the backup folder (removed at the next start if we die). */
const workDir = async (c: Context<AppEnv>, what: string) => {
  await fs.promises.mkdir(c.var.deps.config.backupDir, { recursive: true });
  return fs.promises.mkdtemp(
    path.join(c.var.deps.config.backupDir, `${partialPrefix}${process.pid}-${what}-`),
  );
};

/**
 * `GET /api/backups/export`: everything as one engine-independent archive, streamed to the admin
 * and removed from the server once sent. Audited.
 */
export async function downloadExport(c: Context<AppEnv>) {
  const deps = c.var.deps;
  const name = exportFileName(deps.clock.now());
  const work = await workDir(c, 'download');
  const file = path.join(work, name);
  try {
    const m = await exportEverything(deps, file, c.var.user);
    const { size } = await fs.promises.stat(file);
    const records = m.tables.filter((t) => t.name.startsWith('r_frm_')).reduce((s, t) => s + t.rows, 0);
    const details = { apps: m.apps.length, records, size };
    await auditFrom(c, {
      action: 'backup.exported',
      targetType: 'backup',
      targetId: name,
      summary: name,
      details,
    });
    const stream = fs.createReadStream(file);
    stream.once('close', () => void fs.promises.rm(work, { recursive: true, force: true }));
    return c.body(Readable.toWeb(stream) as ReadableStream<Uint8Array>, 200, {
      'content-type': 'application/gzip',
      'content-length': String(size),
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    });
  } catch (e) {
    await fs.promises.rm(work, { recursive: true, force: true });
    throw e;
  }
}

/**
 * `POST /api/backups/import` with an export as the raw body: imports it into this empty instance
 * (409 when it holds data or the export is of another migration level, 422 when the body is no
 * sound export). The instance's people are replaced by the exported ones, so the caller's session
 * ends: they sign in again with their exported account. Audited.
 */
export async function uploadImport(c: Context<AppEnv>) {
  const deps = c.var.deps;
  const body = c.req.raw.body;
  if (!body) throw invalidBody('Send the export archive as the request body', 'required');
  const work = await workDir(c, 'upload');
  const file = path.join(work, 'upload.tar.gz');
  try {
    await pipeline(Readable.fromWeb(body as WebStream<Uint8Array>), fs.createWriteStream(file));
    const report = await importEverything(deps, file);
    const summary = `${report.apps} apps, ${report.records} records`;
    const details = { ok: report.ok, files: report.files };
    await auditFrom(c, { action: 'backup.imported', targetType: 'backup', summary, details });
    reconcileIndexes(deps).catch((e) => console.error('index reconcile after import', e));
    return c.json(report, 200);
  } catch (e) {
    if (e instanceof ImportRefused) throw conflict(`Import refused: ${e.message}`);
    if (e instanceof ExportArchiveInvalid)
      throw invalidBody(`Not a sound Tessera export: ${e.message}`, e.message);
    throw e;
  } finally {
    await fs.promises.rm(work, { recursive: true, force: true });
  }
}
