import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { openAPIRouteHandler } from 'hono-openapi';
import type { Kysely } from 'kysely';
import { appsRoutes } from './apps/apps.routes.js';
import { apiGate, csrfCookie } from './auth/auth.middleware.js';
import { noStoreByDefault, securityHeaders } from './auth/security-headers.js';
import { authRoutes } from './auth/auth.routes.js';
import { tokenRoutes } from './auth/tokens.routes.js';
import type { Config } from './config.js';
import type { AppEnv, Deps } from './context.js';
import type { Database, Engine } from './db/database.js';
import { auditRoutes } from './audit/audit.routes.js';
import { backupsRoutes } from './backup/backups.routes.js';
import { isBackupImport } from './backup/export.routes.js';
import { appAutomationsRoutes, automationsRoutes } from './automations/automations.routes.js';
import { hooksRoutes } from './automations/hooks.routes.js';
import { appDashboardsRoutes, dashboardsRoutes } from './dashboards/dashboards.routes.js';
import { departmentsRoutes } from './directory/departments.routes.js';
import { rolesRoutes } from './directory/roles.routes.js';
import { usersRoutes } from './directory/users.routes.js';
import { AppError } from './errors.js';
import { exportsRoutes } from './exports/exports.routes.js';
import { filesRoutes } from './files/files.routes.js';
import { formImportsRoutes, importsRoutes, isImportUpload } from './imports/imports.routes.js';
import { isAttachmentUpload, multipartFraming } from './imports/multipart.js';
import { jsonDepthGuard } from './shared/json-depth.js';
import { localStorage } from './files/storage.js';
import { appFormsRoutes, formsRoutes } from './forms/forms.routes.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { recordsRoutes } from './records/records.routes.js';
import { publicFormsRoutes } from './public/public-forms.routes.js';
import { publicLinkRoutes } from './public/public-links.routes.js';
import { publishSchema, schemasRoutes } from './schemas/schemas.routes.js';
import { formViewsRoutes, viewsRoutes } from './views/views.routes.js';
import { viewSchema } from './views/views.schema.js';
import { workflowsRoutes } from './workflows/workflows.routes.js';
import { appExportRoutes, templatesRoutes } from './templates/templates.routes.js';
import { searchRoutes } from './search/search.routes.js';
import { segmentsRoutes } from './segments/segments.routes.js';
import { segmentationSchema } from './segments/segments.schema.js';
import { workflowSchema } from './workflows/workflow.schema.js';
import { type Clock, systemClock } from './shared/clock.js';

export const version = '0.1.0';

publishSchema('view', viewSchema);
publishSchema('workflow', workflowSchema);
publishSchema('segmentation', segmentationSchema);

const api = new Hono<AppEnv>()
  .get('/health', (c) => c.json({ status: 'ok', db: c.var.deps.engine, version }))
  .route('/auth', authRoutes)
  .route('/tokens', tokenRoutes)
  .route('/users', usersRoutes)
  .route('/departments', departmentsRoutes)
  .route('/roles', rolesRoutes)
  .route('/audit', auditRoutes)
  .route('/backups', backupsRoutes)
  .route('/apps', appsRoutes)
  .route('/apps', appFormsRoutes)
  .route('/forms', formsRoutes)
  .route('/forms', recordsRoutes)
  .route('/forms', formViewsRoutes)
  .route('/forms', workflowsRoutes)
  .route('/forms', segmentsRoutes)
  .route('/views', viewsRoutes)
  .route('/files', filesRoutes)
  .route('/forms', formImportsRoutes)
  .route('/forms', exportsRoutes)
  .route('/imports', importsRoutes)
  .route('/apps', appDashboardsRoutes)
  .route('/dashboards', dashboardsRoutes)
  .route('/forms', publicLinkRoutes)
  .route('/public', publicFormsRoutes)
  .route('/apps', appAutomationsRoutes)
  .route('/automations', automationsRoutes)
  .route('/hooks', hooksRoutes)
  .route('/templates', templatesRoutes)
  .route('/apps', appExportRoutes)
  .route('/search', searchRoutes)
  .route('/notifications', notificationsRoutes)
  .route('/schemas', schemasRoutes);

/** The API's type, for the web client (`hc<AppType>`). */
export type AppType = typeof api;

/** Maps any thrown error to the API.md error shape; unexpected ones are logged and answered 500. */
function toErrorResponse(err: Error, reqId: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    const s = err.status;
    if (s === 413) return new AppError('payload_too_large', 'The request body is too large');
    if (s === 400) return new AppError('bad_request', err.message || 'Malformed request');
    if (s === 401) return new AppError('unauthorized', err.message || 'Please sign in');
    if (s === 403) return new AppError('forbidden', err.message || 'Forbidden');
    if (s === 404) return new AppError('not_found', err.message || 'Not found');
  }
  const msg = String((err as { message?: string }).message ?? '');
  const code = (err as { code?: string }).code;
  // Unique indexes are the last line against a race between two writers.
  if (code === '23505' || /UNIQUE constraint failed/.test(msg))
    return new AppError('conflict', 'A unique value is already used by another record');
  if (code === '40001' || code === '40P01' || code === 'SQLITE_BUSY')
    return new AppError('conflict', 'Another write got in the way; please retry');
  console.error(`[${reqId}]`, err);
  return new AppError('internal', `Internal error (request ${reqId})`);
}

/**
 * 400 for a URL whose path or query has broken percent-encoding or a NUL character: no id or
 * search text can contain one (PostgreSQL cannot even compare it), so it is malformed.
 */
const refuseUnreadableUrls = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const parts: Array<[string, string]> = [
    ['', url.pathname],
    ...url.search
      .slice(1)
      .split('&')
      .filter(Boolean)
      .map((pair): [string, string] => [`/${pair.split('=')[0]}`, pair]),
  ];
  for (const [path, raw] of parts) {
    let text: string;
    try {
      text = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      throw new AppError(
        'bad_request',
        'The URL has broken percent-encoding',
        path ? [{ path, message: 'has broken percent-encoding' }] : [],
      );
    }
    if (text.includes('\u0000'))
      throw new AppError(
        'bad_request',
        'The URL contains a NUL character',
        path ? [{ path, message: 'must not contain NUL characters' }] : [],
      );
  }
  await next();
});

export interface CreateAppOptions {
  db: Kysely<Database>;
  engine: Engine;
  config: Config;
  clock?: Clock;
  /** Serve the built web app from this folder (production). */
  webDir?: string;
}

/** Builds the whole HTTP app over a database; tests call this with their own database and clock. */
export function createApp(opts: CreateAppOptions) {
  const deps: Deps = {
    db: opts.db,
    engine: opts.engine,
    config: opts.config,
    clock: opts.clock ?? systemClock,
    files: localStorage(path.join(opts.config.dataDir, 'files')),
  };
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(securityHeaders(opts.config));
  app.use('/api/*', noStoreByDefault);
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // Bodies: JSON up to TESSERA_MAX_BODY_MB; attachments up to TESSERA_MAX_UPLOAD_MB (plus the multipart framing);
  // imports stream to disk and count their own bytes against TESSERA_MAX_UPLOAD_MB (server/imports/multipart.ts).
  const sized = (n: number) =>
    n >= 1048576 ? `${Math.round(n / 1048576)} MB` : `${Math.round(n / 1024)} KB`;
  const limitBody = bodyLimit({
    maxSize: opts.config.maxBodyBytes,
    onError: () => {
      throw new AppError(
        'payload_too_large',
        `The request body is larger than ${sized(opts.config.maxBodyBytes)}`,
      );
    },
  });
  const limitUpload = bodyLimit({
    maxSize: opts.config.maxUploadBytes + multipartFraming,
    onError: () => {
      throw new AppError('payload_too_large', `Files may be at most ${sized(opts.config.maxUploadBytes)}`);
    },
  });
  const streamsItsBody = (m: string, p: string) => isImportUpload(m, p) || isBackupImport(m, p);
  app.use('/api/*', (c, next) =>
    streamsItsBody(c.req.method, c.req.path)
      ? next()
      : isAttachmentUpload(c.req.method, c.req.path)
        ? limitUpload(c, next)
        : limitBody(c, next),
  );
  app.use('/api/*', jsonDepthGuard);
  app.use('/api/*', refuseUnreadableUrls);
  app.use('/api/*', csrfCookie);
  // Authentication happens here, once per request (public paths: auth.middleware.ts).
  app.use('/api/*', apiGate);
  app.onError((err, c) => {
    const e = toErrorResponse(err, c.var.requestId ?? '-');
    return c.json(e.toJSON(), e.status, e.headers);
  });
  app.route('/api', api);
  app.get(
    '/api/openapi.json',
    openAPIRouteHandler(app, {
      documentation: {
        info: {
          title: 'Tessera API',
          version,
          description:
            'Forms, records, views, workflows and automations. Errors: {"error":{"code","message","details"}}.',
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'tessera_session' },
            bearer: { type: 'http', scheme: 'bearer' },
          },
        },
        security: [{ session: [] }, { bearer: [] }],
      },
    }),
  );
  app.get('/api/docs', (c) => c.html(docsPage));
  app.get('/api/docs.js', (c) =>
    c.body(docsScript, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.all('/api/*', () => {
    throw new AppError('not_found', 'No such API route');
  });
  if (opts.webDir && fs.existsSync(opts.webDir)) serveWebApp(app, opts.webDir);
  return app;
}

/** Hashed build files never change under their name; everything else (index.html) is asked again each time. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * Serves the built web app: files from `webDir` (the `.br` / `.gz` written beside them at build time
 * when the browser accepts one, else compressed on the fly), and index.html for every other path so
 * the client-side router takes over. A missing file under /assets/ is a 404, never index.html.
 */
function serveWebApp(app: Hono<AppEnv>, webDir: string) {
  const root = path.relative(process.cwd(), webDir) || '.';
  app.use('/*', async (c, next) => {
    await next();
    if (c.res.status !== 200 && c.res.status !== 206) return;
    if (!c.res.headers.has('Cache-Control'))
      c.res.headers.set('Cache-Control', c.req.path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
  });
  // Whatever has no precompressed file (a build without them, index.html) is gzipped here.
  app.use('/*', compress());
  app.use('/*', serveStatic({ root, precompressed: true }));
  app.get('/assets/*', (c) => c.text('Not found', 404, { 'Cache-Control': 'no-store' }));
  const index = fs.readFileSync(path.join(webDir, 'index.html'), 'utf8');
  app.get('*', (c) => c.html(index));
}

// A self-contained API browser: lists every operation of /api/openapi.json (no CDN, CSP-safe).
const docsPage = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Tessera API</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#1f2328}h1{font-size:1.6rem}
.op{border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0;padding:.4rem .8rem}.m{display:inline-block;width:4.5rem;font-weight:600}
.get{color:#0969da}.post{color:#1a7f37}.put,.patch{color:#9a6700}.delete{color:#cf222e}code{font-size:13px}</style></head>
<body><h1>Tessera API</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a></p><div id="ops">Loading…</div>
<script src="/api/docs.js"></script></body></html>`;

const docsScript = `fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{const box=document.getElementById('ops');box.textContent='';
for(const [p,ops] of Object.entries(doc.paths||{}))for(const [m,op] of Object.entries(ops)){const d=document.createElement('div');d.className='op';
const s=document.createElement('span');s.className='m '+m;s.textContent=m.toUpperCase();const c=document.createElement('code');c.textContent=p;
const t=document.createElement('div');t.textContent=(op.summary||'')+(op.tags?' ['+op.tags.join(', ')+']':'');d.append(s,c,t);box.append(d);}});`;
