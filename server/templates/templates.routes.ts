import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { auditFrom } from '../audit/audit.service.js';
import { assertManager } from '../automations/automations.service.js';
import type { AppEnv } from '../context.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { publishSchema } from '../schemas/schemas.routes.js';
import { indexApp } from '../indexes/index-reconcile.js';
import { iso } from '../shared/clock.js';
import { valid } from '../shared/validate.js';
import { exportApp } from './export.js';
import { installTemplate } from './install.js';
import { templateWithoutSecrets } from './secrets.js';
import { checkTemplate } from './template-check.js';
import { type TemplateDoc, templateSchema } from './template.schema.js';
import { findTemplate, listTemplates, saveImported, shippedTemplates } from './templates.repository.js';
import { applyUpgrade, upgradePlan } from './upgrade.js';

publishSchema('template', templateSchema);

const installBody = z.strictObject({
  /** Install the template's sample records too. */
  sampleData: z.boolean().optional(),
  /** Upgrade this app (installed from an earlier version) instead of creating one. */
  appId: z.string().max(40).optional(),
  /** With appId: only answer the plan (the default). */
  plan: z.boolean().optional(),
  /** With appId: apply the plan. */
  confirm: z.boolean().optional(),
});

const adminOnly = (isAdmin: boolean) => {
  if (!isAdmin) throw forbidden('Only admins install and import templates');
};

/** Templates: the shipped files and imported documents; install and upgrade. /api/templates */
export const templatesRoutes = new Hono<AppEnv>()
  .get(
    '/',
    describeRoute({
      tags: ['templates'],
      summary: 'Shipped and imported templates: id, name, version, description, category',
    }),
    async (c) => {
      // Imported documents (and their sample data) are the admins'; everyone sees the shipped ones.
      const items = await listTemplates(c.var.deps.db);
      return c.json({
        items: c.var.user.isAdmin ? items : items.filter((t) => t.source === 'shipped'),
        nextCursor: null,
      });
    },
  )
  .get(
    '/:templateId',
    describeRoute({
      tags: ['templates'],
      summary: 'A whole template document, without secrets (imported ones: admins only)',
    }),
    async (c) => {
      const id = c.req.param('templateId');
      if (!c.var.user.isAdmin && !shippedTemplates().has(id)) throw notFound('Template');
      // Imported documents passed checkTemplate on the way in; the suite checks every shipped one.
      return c.json(templateWithoutSecrets(await findTemplate(c.var.deps.db, id)) as TemplateDoc);
    },
  )
  .post(
    '/',
    describeRoute({
      tags: ['templates'],
      summary: 'Import a template document (422 naming each problem’s place in it)',
    }),
    valid('json', z.record(z.string(), z.unknown())),
    async (c) => {
      adminOnly(c.var.user.isAdmin);
      const raw = c.req.valid('json');
      const { doc } = checkTemplate(raw);
      if (shippedTemplates().has(doc.id))
        throw conflict(`"${doc.id}" is a shipped template; give the document another id`, [
          { path: '/id', message: 'is the id of a shipped template' },
        ]);
      await saveImported(c.var.deps.db, doc, raw, c.var.user.id, iso(c.var.deps.clock.now()));
      return c.json(
        {
          id: doc.id,
          name: doc.name,
          version: doc.version,
          description: doc.description ?? null,
          category: doc.category ?? null,
          icon: doc.icon ?? null,
          source: 'imported' as const,
        },
        201,
      );
    },
  )
  .post(
    '/:templateId/install',
    describeRoute({
      tags: ['templates'],
      summary:
        'Install into a new app (201 {app, created}); with appId answer the upgrade plan, with confirm apply it',
    }),
    valid('json', installBody),
    async (c) => {
      adminOnly(c.var.user.isAdmin);
      const deps = c.var.deps;
      const body = c.req.valid('json');
      const checked = checkTemplate(await findTemplate(deps.db, c.req.param('templateId')));
      if (body.appId) {
        if (!body.confirm) return c.json({ plan: await upgradePlan(deps, body.appId, checked) });
        const plan = await applyUpgrade(deps, c.var.user, body.appId, checked);
        await indexApp(deps, body.appId);
        await auditFrom(c, {
          action: 'app.updated',
          targetType: 'app',
          targetId: body.appId,
          summary: `template ${checked.doc.id} ${plan.from} → ${plan.to}`,
          details: { items: plan.items.length },
        });
        const app = await deps.db
          .selectFrom('apps')
          .selectAll()
          .where('id', '=', body.appId)
          .executeTakeFirstOrThrow();
        return c.json({
          app: {
            id: app.id,
            name: app.name,
            templateId: app.template_id,
            templateVersion: app.template_version,
          },
          plan,
          applied: !(plan.noChanges && plan.from === plan.to),
        });
      }
      const out = await installTemplate(deps, c.var.user, checked, { sampleData: !!body.sampleData });
      await indexApp(deps, out.app.id as string);
      await auditFrom(c, {
        action: 'app.created',
        targetType: 'app',
        targetId: out.app.id as string,
        summary: `${checked.doc.name} (template ${checked.doc.id} ${checked.doc.version})`,
        details: out.created,
      });
      return c.json(out, 201);
    },
  );

/** An app as a template document: /api/apps/:appId/export?data=true|false */
export const appExportRoutes = new Hono<AppEnv>().get(
  '/:appId/export',
  describeRoute({
    tags: ['templates'],
    summary: 'The app as a template document (ids → keys); data=true adds its records as inline sample data',
  }),
  valid('query', z.object({ data: z.enum(['true', 'false']).optional(), id: z.string().max(63).optional() })),
  async (c) => {
    const deps = c.var.deps;
    const appId = c.req.param('appId');
    await assertManager(deps, c.var.user, appId);
    const q = c.req.valid('query');
    const doc = await exportApp(deps, c.var.user, appId, { data: q.data === 'true', id: q.id });
    await auditFrom(c, {
      action: 'export',
      targetType: 'app',
      targetId: appId,
      summary: `template export${q.data === 'true' ? ' with data' : ''}`,
    });
    return c.json(doc);
  },
);
