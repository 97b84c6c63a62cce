import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { auditFrom } from '../audit/audit.service.js';
import { visibleForms } from '../permissions/access.js';
import type { AppEnv } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { safeText } from '../forms/forms.schema.js';
import { definitionContext, hiddenFieldIds } from '../forms/definition-view.js';
import { deleteForm } from '../forms/forms.service.js';
import { listAppForms } from '../forms/forms.repository.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { valid } from '../shared/validate.js';

const appBody = z.strictObject({
  name: safeText(100).min(1),
  icon: z.string().max(64).nullish(),
  description: safeText(2000).nullish(),
});

type AppRow = {
  id: string;
  name: string;
  icon: string | null;
  description: string | null;
  template_id: string | null;
  template_version: string | null;
  created_at: string;
  updated_at: string;
};
const toApp = (r: AppRow) => ({
  id: r.id,
  name: r.name,
  icon: r.icon,
  description: r.description,
  templateId: r.template_id,
  templateVersion: r.template_version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Apps: containers of forms, views, workflows and automations. */
export const appsRoutes = new Hono<AppEnv>()
  .get('/', describeRoute({ tags: ['apps'], summary: 'List apps with their forms' }), async (c) => {
    const db = c.var.deps.db;
    const apps = await db.selectFrom('apps').selectAll().orderBy('created_at').orderBy('id').execute();
    let forms = await db
      .selectFrom('forms')
      .select(['id', 'app_id', 'key', 'name'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    // Members see the apps and forms some role lets them read; admins see everything.
    const allowed = await visibleForms(db, c.var.user);
    if (allowed) forms = forms.filter((f) => allowed.has(f.id));
    const visible = c.var.user.isAdmin ? apps : apps.filter((a) => forms.some((f) => f.app_id === a.id));
    return c.json({
      items: visible.map((a) => ({
        ...toApp(a),
        forms: forms.filter((f) => f.app_id === a.id).map((f) => ({ id: f.id, key: f.key, name: f.name })),
      })),
      nextCursor: null,
    });
  })
  .post(
    '/',
    describeRoute({ tags: ['apps'], summary: 'Create an app' }),
    valid('json', appBody),
    async (c) => {
      if (!c.var.user.isAdmin) throw forbidden('Only admins create apps');
      const body = c.req.valid('json');
      const now = iso(c.var.deps.clock.now());
      const row = {
        id: newId('app'),
        name: body.name,
        icon: body.icon ?? null,
        description: body.description ?? null,
        template_id: null,
        template_version: null,
        created_by: c.var.user.id,
        created_at: now,
        updated_at: now,
      };
      await c.var.deps.db.insertInto('apps').values(row).execute();
      await auditFrom(c, { action: 'app.created', targetType: 'app', targetId: row.id, summary: row.name });
      return c.json({ ...toApp(row), forms: [] }, 201);
    },
  )
  .get('/:appId', describeRoute({ tags: ['apps'], summary: 'An app with its forms' }), async (c) => {
    const db = c.var.deps.db;
    const app = await db
      .selectFrom('apps')
      .selectAll()
      .where('id', '=', c.req.param('appId'))
      .executeTakeFirst();
    if (!app) throw notFound('App');
    const allowed = await visibleForms(db, c.var.user);
    const forms = (await listAppForms(db, app.id)).filter((f) => !allowed || allowed.has(f.id));
    if (allowed && !forms.length) throw notFound('App');
    // A member counts only the fields their role shows them.
    const counts = await Promise.all(
      forms.map(async (f) =>
        allowed
          ? f.fields.length - hiddenFieldIds(await definitionContext(c.var.deps, c.var.user, f.id)).size
          : f.fields.length,
      ),
    );
    return c.json({
      ...toApp(app),
      forms: forms.map((f, i) => ({ id: f.id, key: f.key, name: f.name, fieldCount: counts[i] })),
    });
  })
  .patch(
    '/:appId',
    describeRoute({ tags: ['apps'], summary: 'Rename or describe an app' }),
    valid('json', appBody.partial()),
    async (c) => {
      if (!c.var.user.isAdmin) throw forbidden('Only admins change apps');
      const body = c.req.valid('json');
      const db = c.var.deps.db;
      const r = await db
        .updateTable('apps')
        .set({
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.icon !== undefined ? { icon: body.icon } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          updated_at: iso(c.var.deps.clock.now()),
        })
        .where('id', '=', c.req.param('appId'))
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw notFound('App');
      const app = await db
        .selectFrom('apps')
        .selectAll()
        .where('id', '=', c.req.param('appId'))
        .executeTakeFirstOrThrow();
      await auditFrom(c, {
        action: 'app.updated',
        targetType: 'app',
        targetId: app.id,
        summary: app.name,
        details: body,
      });
      return c.json(toApp(app));
    },
  )
  .delete(
    '/:appId',
    describeRoute({ tags: ['apps'], summary: 'Delete an app and everything in it' }),
    async (c) => {
      if (!c.var.user.isAdmin) throw forbidden('Only admins delete apps');
      const db = c.var.deps.db;
      const app = await db
        .selectFrom('apps')
        .select('id')
        .where('id', '=', c.req.param('appId'))
        .executeTakeFirst();
      if (!app) throw notFound('App');
      for (const f of await listAppForms(db, app.id)) await deleteForm(c.var.deps, f.id, c.var.user.id);
      await db.deleteFrom('apps').where('id', '=', app.id).execute();
      await auditFrom(c, { action: 'app.deleted', targetType: 'app', targetId: app.id });
      return c.json({ ok: true });
    },
  );
