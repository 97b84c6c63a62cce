import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../context.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { findFile, mayUseFile } from './file-access.js';
import { checkPendingUploads } from './upload-quota.js';
import { multipartFraming, receiveUpload } from '../imports/multipart.js';

/**
 * Attachment upload (multipart field `file`) and download. An upload is its uploader's alone for
 * 24 hours or until a record holds it; from then on whoever may read a record holding it may
 * download it (server/files/file-access.ts); everyone else gets 404. Uploads waiting for a record
 * are limited per person (upload-quota.ts).
 */
export const filesRoutes = new Hono<AppEnv>()
  .post(
    '/',
    describeRoute({
      tags: ['files'],
      summary: 'Upload a file (multipart, field "file"); answers {id, name, size, mimeType, url}',
    }),
    async (c) => {
      const deps = c.var.deps;
      const len = Number(c.req.header('content-length') ?? 0);
      if (len > deps.config.maxUploadBytes + multipartFraming)
        throw new AppError(
          'payload_too_large',
          `Files may be at most ${Math.round(deps.config.maxUploadBytes / 1048576)} MB`,
        );
      // The body streams to a temp file beside the storage (never whole in memory), then moves in.
      const id = newId('fil');
      const temp = path.join(deps.config.dataDir, 'uploads', `${id}.part`);
      await fs.promises.mkdir(path.dirname(temp), { recursive: true });
      try {
        const u = await receiveUpload(
          c.req.raw.body,
          c.req.header('content-type') ?? '',
          'file',
          temp,
          deps.config.maxUploadBytes,
        );
        if (!u.file)
          throw badRequest('Expected a multipart/form-data body with a "file" field', [
            { path: '/file', message: 'is required' },
          ]);
        await checkPendingUploads(deps, c.var.user, u.file.size);
        const name = u.file.name || 'file';
        const mimeType = (u.file.type || 'application/octet-stream').slice(0, 100);
        await deps.files.putFile(id, temp);
        await deps.db
          .insertInto('files')
          .values({
            id,
            name,
            size: u.file.size,
            mime_type: mimeType,
            storage_key: id,
            created_by: c.var.user.id,
            created_at: iso(deps.clock.now()),
          })
          .execute();
        return c.json({ id, name, size: u.file.size, mimeType, url: `/api/files/${id}` }, 201);
      } finally {
        await fs.promises.rm(temp, { force: true });
      }
    },
  )
  .get(
    '/:fileId',
    describeRoute({
      tags: ['files'],
      summary:
        'Download a file: readers of a record that holds it, or its uploader while no record does (24 h); else 404',
    }),
    async (c) => {
      const deps = c.var.deps;
      const row = await findFile(deps.db, c.req.param('fileId'));
      // Without the right to it, a file that exists answers exactly like one that does not.
      const data =
        row && (await mayUseFile(deps, deps.db, c.var.user, row)) && (await deps.files.open(row.storage_key));
      if (!row || !data) throw notFound('File');
      // Served as a download with its declared type, never sniffed, so an uploaded HTML file cannot run.
      return c.body(data.stream, 200, {
        'content-length': String(data.size),
        'content-type': row.mime_type,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(row.name)}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      });
    },
  );
