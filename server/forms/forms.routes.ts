import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { requireAuth } from '../auth/auth.middleware.js';
import type { AppEnv } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { valid } from '../shared/validate.js';
import { formInputSchema } from './form-input.schema.js';
import { getFormDef, listAppForms } from './forms.repository.js';
import { createForm, deleteForm, purgeField, replaceForm } from './forms.service.js';
import { loadModel } from './model-cache.js';
import { compileSchema } from './schema-compiler.js';

const requireManager = (isAdmin: boolean) => {
  if (!isAdmin) throw forbidden('Only admins change form definitions');
};

/** Forms under an app: /api/apps/:appId/forms. */
export const appFormsRoutes = new Hono<AppEnv>()
  .use(requireAuth)
  .get('/:appId/forms', describeRoute({ tags: ['forms'], summary: "An app's form definitions" }), async (c) => {
    const db = c.var.deps.db;
    const app = await db.selectFrom('apps').select('id').where('id', '=', c.req.param('appId')).executeTakeFirst();
    if (!app) throw notFound('App');
    return c.json({ items: await listAppForms(db, app.id), nextCursor: null });
  })
  .post('/:appId/forms', describeRoute({ tags: ['forms'], summary: 'Create a form (and its record table)' }), valid('json', formInputSchema), async (c) => {
    requireManager(c.var.user.isAdmin);
    return c.json(await createForm(c.var.deps, c.req.param('appId'), c.req.valid('json'), c.var.user.id), 201);
  });

/** One form: /api/forms/:formId. */
export const formsRoutes = new Hono<AppEnv>()
  .use(requireAuth)
  .get('/:formId', describeRoute({ tags: ['forms'], summary: 'A form definition' }), async (c) => c.json(await getFormDef(c.var.deps.db, c.req.param('formId'))))
  .put(
    '/:formId',
    describeRoute({ tags: ['forms'], summary: 'Replace a form definition and migrate its table (?force=true accepts values that cannot convert)' }),
    valid('query', z.object({ force: z.enum(['true', 'false']).optional() })),
    valid('json', formInputSchema),
    async (c) => {
      requireManager(c.var.user.isAdmin);
      return c.json(await replaceForm(c.var.deps, c.req.param('formId'), c.req.valid('json'), c.var.user.id, { force: c.req.valid('query').force === 'true' }));
    },
  )
  .delete('/:formId', describeRoute({ tags: ['forms'], summary: 'Delete a form and its records' }), async (c) => {
    requireManager(c.var.user.isAdmin);
    await deleteForm(c.var.deps, c.req.param('formId'), c.var.user.id);
    return c.json({ ok: true });
  })
  .get('/:formId/schema', describeRoute({ tags: ['forms'], summary: 'JSON Schema (2020-12) + uiSchema for rendering with rjsf' }), async (c) => {
    const model = await loadModel(c.var.deps.db, c.req.param('formId'));
    return c.json(compileSchema(model));
  })
  .get('/:formId/versions', describeRoute({ tags: ['forms'], summary: 'Earlier definitions, newest first' }), async (c) => {
    const db = c.var.deps.db;
    await getFormDef(db, c.req.param('formId'));
    const rows = await db.selectFrom('form_versions').selectAll().where('form_id', '=', c.req.param('formId')).orderBy('version', 'desc').limit(100).execute();
    return c.json({ items: rows.map((r) => ({ version: r.version, createdAt: r.created_at, createdBy: r.created_by, definition: JSON.parse(r.definition) })), nextCursor: null });
  })
  .delete('/:formId/fields/:fieldId', describeRoute({ tags: ['forms'], summary: "Purge a removed field's kept data" }), async (c) => {
    requireManager(c.var.user.isAdmin);
    return c.json(await purgeField(c.var.deps, c.req.param('formId'), c.req.param('fieldId'), c.var.user.id));
  });
