import { type Context, Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import { type ErrorDetail, invalid } from '../errors.js';
import { loadModel } from '../forms/model-cache.js';
import { filterContext } from '../permissions/record-access.js';
import { publishSchema } from '../schemas/schemas.routes.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { valid } from '../shared/validate.js';
import { assertAppManager, assertAppVisible } from './dashboard-access.js';
import {
  deleteDashboard,
  getDashboard,
  insertDashboard,
  listDashboards,
  replaceDashboard,
} from './dashboards.repository.js';
import { type DashboardInput, dashboardSchema, dataBody } from './dashboards.schema.js';
import { checkWidget } from './widget-check.js';
import { widgetData } from './widget-data.js';
import { indexAppDashboards } from './widget-index.js';

publishSchema('dashboard', dashboardSchema);

/** Widgets must point at forms of the dashboard's app, and at fields those forms have. */
async function checkDashboard(c: Context<AppEnv>, appId: string, d: DashboardInput): Promise<void> {
  const db = c.var.deps.db;
  const forms = new Set(
    (await db.selectFrom('forms').select('id').where('app_id', '=', appId).execute()).map((f) => f.id),
  );
  const errors: ErrorDetail[] = [];
  for (const [i, w] of d.widgets.entries()) {
    if (!forms.has(w.formId)) {
      errors.push({ path: `/widgets/${i}/formId`, message: 'is not a form of this app' });
      continue;
    }
    const model = await loadModel(db, w.formId);
    errors.push(...checkWidget(w, model, filterContext(model, c.var.user, c.var.deps), `/widgets/${i}`));
  }
  if (errors.length) throw invalid(`${errors[0].path}: ${errors[0].message}`, errors);
}

/** Dashboards of an app: /api/apps/:appId/dashboards. */
export const appDashboardsRoutes = new Hono<AppEnv>()
  .get(
    '/:appId/dashboards',
    describeRoute({ tags: ['dashboards'], summary: "An app's dashboards" }),
    async (c) => {
      await assertAppVisible(c.var.deps.db, c.var.user, c.req.param('appId'));
      return c.json({ items: await listDashboards(c.var.deps.db, c.req.param('appId')), nextCursor: null });
    },
  )
  .post(
    '/:appId/dashboards',
    describeRoute({ tags: ['dashboards'], summary: 'Create a dashboard' }),
    valid('json', dashboardSchema),
    async (c) => {
      const { db, clock } = c.var.deps;
      const appId = c.req.param('appId');
      await assertAppVisible(db, c.var.user, appId);
      await assertAppManager(db, c.var.user, appId);
      const input = c.req.valid('json');
      await checkDashboard(c, appId, input);
      const saved = await insertDashboard(db, {
        id: newId('dsh'),
        appId,
        input,
        userId: c.var.user.id,
        at: iso(clock.now()),
      });
      await auditFrom(c, {
        action: 'dashboard.created',
        targetType: 'dashboard',
        targetId: saved.id,
        summary: input.name,
      });
      indexAppDashboards(c.var.deps, appId);
      return c.json(saved, 201);
    },
  );

/** One dashboard: /api/dashboards/:id, and its data. */
export const dashboardsRoutes = new Hono<AppEnv>()
  .get('/:id', describeRoute({ tags: ['dashboards'], summary: 'A dashboard document' }), async (c) => {
    const d = await getDashboard(c.var.deps.db, c.req.param('id'));
    await assertAppVisible(c.var.deps.db, c.var.user, d.appId);
    return c.json(d);
  })
  .put(
    '/:id',
    describeRoute({ tags: ['dashboards'], summary: 'Replace a dashboard' }),
    valid('json', dashboardSchema),
    async (c) => {
      const { db, clock } = c.var.deps;
      const d = await getDashboard(db, c.req.param('id'));
      await assertAppVisible(db, c.var.user, d.appId);
      await assertAppManager(db, c.var.user, d.appId);
      const input = c.req.valid('json');
      await checkDashboard(c, d.appId, input);
      const saved = await replaceDashboard(db, d.id, input, iso(clock.now()));
      await auditFrom(c, {
        action: 'dashboard.updated',
        targetType: 'dashboard',
        targetId: d.id,
        summary: input.name,
      });
      indexAppDashboards(c.var.deps, d.appId);
      return c.json(saved);
    },
  )
  .delete('/:id', describeRoute({ tags: ['dashboards'], summary: 'Delete a dashboard' }), async (c) => {
    const db = c.var.deps.db;
    const d = await getDashboard(db, c.req.param('id'));
    await assertAppVisible(db, c.var.user, d.appId);
    await assertAppManager(db, c.var.user, d.appId);
    await deleteDashboard(db, d.id);
    await auditFrom(c, {
      action: 'dashboard.deleted',
      targetType: 'dashboard',
      targetId: d.id,
      summary: d.name,
    });
    indexAppDashboards(c.var.deps, d.appId);
    return c.json({ ok: true });
  })
  .post(
    '/:id/data',
    describeRoute({
      tags: ['dashboards'],
      summary: "Every widget's data in one call, with the viewer's permissions",
    }),
    valid('json', dataBody),
    async (c) => {
      const d = await getDashboard(c.var.deps.db, c.req.param('id'));
      await assertAppVisible(c.var.deps.db, c.var.user, d.appId);
      const only = c.req.valid('json').widgets;
      const widgets = only ? d.widgets.filter((w) => only.includes(w.id)) : d.widgets;
      // Side by side: PostgreSQL answers them on several connections (SQLite still runs one at a time).
      const items = await Promise.all(widgets.map((w) => widgetData(c.var.deps, c.var.user, w)));
      return c.json({ widgets: items, at: iso(c.var.deps.clock.now()) });
    },
  );
