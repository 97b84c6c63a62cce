import fs from 'node:fs';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import { forbidden } from '../errors.js';
import { backupPath } from './backup-store.js';
import { backupList, startBackup } from './backup.service.js';
import { downloadExport, uploadImport } from './export.routes.js';

/**
 * Backups: list, start one now, download one; export everything, import an export into an empty
 * instance. Admins only; downloads, exports and imports are audited.
 */
export const backupsRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (!c.var.user.isAdmin) throw forbidden('Only admins manage backups');
    await next();
  })
  .get(
    '/',
    describeRoute({ tags: ['backups'], summary: 'List backups, newest first (admins)' }),
    async (c) => {
      return c.json({ items: await backupList(c.var.deps), nextCursor: null });
    },
  )
  .post('/', describeRoute({ tags: ['backups'], summary: 'Start a backup now (admins); 202' }), async (c) => {
    const started = await startBackup(c.var.deps, 'manual', { userId: c.var.user.id });
    const run = started!.run;
    await auditFrom(c, {
      action: 'backup.started',
      targetType: 'backup',
      targetId: run.name,
      summary: run.name,
    });
    return c.json({ name: run.name, status: run.status, createdAt: run.started_at, kind: run.kind }, 202);
  })
  .get(
    '/export',
    describeRoute({ tags: ['backups'], summary: 'Export everything, engine-independent (admins, audited)' }),
    downloadExport,
  )
  .post(
    '/import',
    describeRoute({ tags: ['backups'], summary: 'Import an export into this empty instance (admins)' }),
    uploadImport,
  )
  .get(
    '/:name/download',
    describeRoute({ tags: ['backups'], summary: 'Download a backup (admins, audited)' }),
    async (c) => {
      const name = c.req.param('name');
      const file = backupPath(c.var.deps.config.backupDir, name);
      const { size } = await fs.promises.stat(file);
      await auditFrom(c, {
        action: 'backup.downloaded',
        targetType: 'backup',
        targetId: name,
        summary: name,
      });
      const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>;
      return c.body(body, 200, {
        'content-type': 'application/gzip',
        'content-length': String(size),
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
      });
    },
  );
