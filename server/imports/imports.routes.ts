import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { clientIp } from '../audit/audit.service.js';
import type { AppEnv, Deps } from '../context.js';
import { badRequest, invalid, notFound } from '../errors.js';
import { need } from '../permissions/access.js';
import { recordContext } from '../permissions/record-access.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { dedupable } from './dedupe.js';
import { insertJob, loadJob } from './import-jobs.repository.js';
import { UnreadableFile } from './limits.js';
import { startImport, uploadFile } from './import-runner.js';
import { thisRunner } from './runner-id.js';
import { optionsFromParts } from './imports.schema.js';
import { checkMappingTargets, suggestMapping, writableFields } from './mapping.js';
import { receiveUpload } from './multipart.js';
import { detectFormat, readRows } from './read-rows.js';

/**
 * Import uploads stream to disk and apply the upload limit (TESSERA_MAX_UPLOAD_MB) to the file
 * themselves, instead of the JSON body limit.
 */
export const isImportUpload = (method: string, p: string) =>
  method === 'POST' && /^\/api\/forms\/[^/]+\/import(\/preview)?$/.test(p);

/** Receives the multipart body into a temp file under the data dir; removes it on failure. */
async function upload(deps: Deps, req: Request, id: string) {
  const file = uploadFile(deps.config.dataDir, id);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  try {
    const u = await receiveUpload(
      req.body,
      req.headers.get('content-type') ?? '',
      'file',
      file,
      deps.config.maxUploadBytes,
    );
    if (!u.file)
      throw badRequest('Expected a "file" part (CSV or XLSX)', [{ path: '/file', message: 'is required' }]);
    const head = Buffer.alloc(4);
    const fd = await fs.promises.open(file, 'r');
    await fd.read(head, 0, 4, 0);
    await fd.close();
    return { ...u, file: u.file, format: detectFormat(u.file.name, head) };
  } catch (e) {
    await fs.promises.rm(file, { force: true });
    throw e;
  }
}

/** POST /api/forms/:formId/import (and /import/preview). */
export const formImportsRoutes = new Hono<AppEnv>()
  .post(
    '/:formId/import',
    describeRoute({
      tags: ['imports'],
      summary: 'Import a CSV or XLSX file (multipart "file" + mapping, dryRun, dedupe); 202 {jobId}',
    }),
    async (c) => {
      const deps = c.var.deps;
      const rc = await recordContext(deps.db, deps, c.var.user, c.req.param('formId'), 'create');
      const jobId = newId('imp');
      const u = await upload(deps, c.req.raw, jobId);
      try {
        const options = optionsFromParts(u.fields);
        const fields = writableFields(rc.model, rc.access);
        if (options.mapping) {
          const errors = checkMappingTargets(options.mapping, fields, rc.model);
          if (errors.length) throw invalid(errors[0].message, errors);
        }
        if (options.dedupe) {
          const f = rc.access.hidden.has(options.dedupe.field)
            ? undefined
            : rc.model.byKey.get(options.dedupe.field);
          if (!dedupable(f))
            throw invalid(`Records cannot be matched by "${options.dedupe.field}"`, [
              {
                path: '/dedupe/field',
                message: f
                  ? 'must be a single text, number, date or option field'
                  : `unknown field "${options.dedupe.field}"`,
              },
            ]);
          if (options.dedupe.mode === 'update') need(rc.access, 'update');
        }
        await insertJob(deps.db, {
          id: jobId,
          form_id: rc.model.def.id,
          user_id: c.var.user.id,
          file_name: u.file.name,
          format: u.format,
          options: JSON.stringify(options),
          created_at: iso(deps.clock.now()),
          runner: thisRunner,
        });
        startImport({
          deps,
          jobId,
          formId: rc.model.def.id,
          file: u.file.path,
          format: u.format,
          options,
          user: c.var.user,
          ip: clientIp(c),
          from: thisRunner,
        });
        return c.json({ jobId, status: 'queued', url: `/api/imports/${jobId}` }, 202);
      } catch (e) {
        await fs.promises.rm(u.file.path, { force: true });
        throw e;
      }
    },
  )
  .post(
    '/:formId/import/preview',
    describeRoute({
      tags: ['imports'],
      summary: 'The first rows of a file and the suggested column mapping',
    }),
    async (c) => {
      const deps = c.var.deps;
      const rc = await recordContext(deps.db, deps, c.var.user, c.req.param('formId'), 'create');
      const u = await upload(deps, c.req.raw, newId('imp'));
      try {
        const rows = [];
        try {
          for await (const r of readRows(u.file.path, u.format)) {
            rows.push(r.cells.map((x) => (x instanceof Date ? x.toISOString() : x)));
            if (rows.length > 20) break;
          }
        } catch (e) {
          if (e instanceof UnreadableFile) throw invalid(e.message, [{ path: '/file', message: e.detail }]);
          throw e;
        }
        const headers = (rows.shift() ?? []).map((h) => (h === null ? '' : String(h)));
        const fields = writableFields(rc.model, rc.access);
        return c.json({
          format: u.format,
          headers,
          rows,
          mapping: suggestMapping(headers.filter(Boolean), fields),
          fields: fields.map((f) => ({
            key: f.def.key,
            label: f.def.label,
            type: f.def.type,
            required: !!f.def.required,
          })),
        });
      } finally {
        await fs.promises.rm(u.file.path, { force: true });
      }
    },
  );

/** GET /api/imports/:jobId: progress and row errors, for the one who started it (or an admin). */
export const importsRoutes = new Hono<AppEnv>().get(
  '/:jobId',
  describeRoute({ tags: ['imports'], summary: 'An import job: status, counts, row errors, mapping used' }),
  async (c) => {
    const job = await loadJob(c.var.deps.db, c.req.param('jobId'));
    if (!c.var.user.isAdmin && job.createdBy !== c.var.user.id) throw notFound('Import job');
    return c.json(job);
  },
);
