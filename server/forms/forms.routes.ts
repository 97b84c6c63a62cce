import { type Context, Hono } from 'hono';
import { auditFrom } from '../audit/audit.service.js';
import { assertManage, grantCovers, userGrants, visibleForms } from '../permissions/access.js';
import { recordContext } from '../permissions/record-access.js';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { notFound } from '../errors.js';
import { valid } from '../shared/validate.js';
import { formInputSchema } from './form-input.schema.js';
import { getFormDef, listAppForms } from './forms.repository.js';
import type { FormDef } from './forms.schema.js';
import { createForm, deleteForm, type MigrationSummary, purgeField, replaceForm } from './forms.service.js';
import { compileSchema } from './schema-compiler.js';
import { definitionContext, hiddenFieldIds, presentDefinition, presentVersion } from './definition-view.js';

/** Changing a definition needs admin or a `manage` grant on the app or form. */
const requireManager = (c: Context<AppEnv>, appId: string, formId?: string) =>
  assertManage(c.var.deps.db, c.var.user, appId, formId, 'You may not change the definition of this form');

/** A definition as the caller sees it: fields hidden from them are not there. */
async function visibleDefinition(c: Context<AppEnv>, formId: string) {
  const db = c.var.deps.db;
  if (c.var.user.isAdmin) return getFormDef(db, formId);
  const rc = await definitionContext(c.var.deps, c.var.user, formId);
  return presentDefinition(await getFormDef(db, formId), hiddenFieldIds(rc));
}

/** What a save changed, without the fields hidden from the caller. */
function visibleMigration(m: MigrationSummary, def: FormDef, hidden: Set<string>): MigrationSummary {
  const keys = new Set(def.fields.filter((f) => hidden.has(f.id)).map((f) => f.key));
  const ok = (k: string) => !keys.has(k);
  return {
    addedColumns: m.addedColumns.filter(ok),
    converted: m.converted.filter((x) => ok(x.key)),
    removed: m.removed.filter(ok),
    restored: m.restored.filter(ok),
    recomputed: m.recomputed.filter(ok),
  };
}

/** Forms under an app: /api/apps/:appId/forms. */
export const appFormsRoutes = new Hono<AppEnv>()
  .get(
    '/:appId/forms',
    describeRoute({ tags: ['forms'], summary: "An app's form definitions" }),
    async (c) => {
      const db = c.var.deps.db;
      const app = await db
        .selectFrom('apps')
        .select('id')
        .where('id', '=', c.req.param('appId'))
        .executeTakeFirst();
      if (!app) throw notFound('App');
      const allowed = await visibleForms(db, c.var.user);
      const forms = (await listAppForms(db, app.id)).filter((f) => !allowed || allowed.has(f.id));
      return c.json({
        items: await Promise.all(forms.map((f) => (allowed ? visibleDefinition(c, f.id) : f))),
        nextCursor: null,
      });
    },
  )
  .post(
    '/:appId/forms',
    describeRoute({ tags: ['forms'], summary: 'Create a form (and its record table)' }),
    valid('json', formInputSchema),
    async (c) => {
      await requireManager(c, c.req.param('appId'));
      const def = await createForm(c.var.deps, c.req.param('appId'), c.req.valid('json'), c.var.user.id);
      await auditFrom(c, {
        action: 'form.created',
        targetType: 'form',
        targetId: def.id,
        summary: def.name,
        details: { fields: def.fields.map((f) => f.key) },
      });
      return c.json(def, 201);
    },
  );

/** One form: /api/forms/:formId. */
export const formsRoutes = new Hono<AppEnv>()
  .get('/:formId', describeRoute({ tags: ['forms'], summary: 'A form definition' }), async (c) =>
    c.json(await visibleDefinition(c, c.req.param('formId'))),
  )
  .put(
    '/:formId',
    describeRoute({
      tags: ['forms'],
      summary:
        'Replace a form definition and migrate its table (?force=true accepts values that cannot convert)',
    }),
    valid('query', z.object({ force: z.enum(['true', 'false']).optional() })),
    valid('json', formInputSchema),
    async (c) => {
      const before = await getFormDef(c.var.deps.db, c.req.param('formId'));
      await requireManager(c, before.appId, before.id);
      const hidden = c.var.user.isAdmin
        ? undefined
        : hiddenFieldIds(await definitionContext(c.var.deps, c.var.user, before.id));
      const force = c.req.valid('query').force === 'true';
      const saved = await replaceForm(c.var.deps, c.req.param('formId'), c.req.valid('json'), c.var.user.id, {
        force,
        hidden,
      });
      const def = hidden
        ? { ...presentDefinition(saved, hidden), migration: visibleMigration(saved.migration, saved, hidden) }
        : saved;
      await auditFrom(c, {
        action: 'form.updated',
        targetType: 'form',
        targetId: def.id,
        summary: `${def.name} v${def.version}`,
        details: def.migration,
      });
      return c.json(def);
    },
  )
  .delete(
    '/:formId',
    describeRoute({ tags: ['forms'], summary: 'Delete a form and its records' }),
    async (c) => {
      const before = await getFormDef(c.var.deps.db, c.req.param('formId'));
      await requireManager(c, before.appId, before.id);
      await deleteForm(c.var.deps, c.req.param('formId'), c.var.user.id);
      await auditFrom(c, {
        action: 'form.deleted',
        targetType: 'form',
        targetId: before.id,
        summary: before.name,
      });
      return c.json({ ok: true });
    },
  )
  .get(
    '/:formId/schema',
    describeRoute({ tags: ['forms'], summary: 'JSON Schema (2020-12) + uiSchema for rendering with rjsf' }),
    async (c) => {
      const rc = await recordContext(c.var.deps.db, c.var.deps, c.var.user, c.req.param('formId'), 'read');
      return c.json(compileSchema(rc.model, rc.access));
    },
  )
  .get(
    '/:formId/access',
    describeRoute({
      tags: ['forms'],
      summary:
        'What the caller may do on this form: actions, hidden, read-only and masked fields (masked: exact-match filters only, no sort or group)',
    }),
    async (c) => {
      const rc = await recordContext(c.var.deps.db, c.var.deps, c.var.user, c.req.param('formId'), 'read');
      const grants = c.var.user.isAdmin ? [] : await userGrants(c.var.deps.db, c.var.user);
      const manage =
        c.var.user.isAdmin ||
        grants.some(
          (g) => g.actions.includes('manage') && grantCovers(g, rc.model.def.appId, rc.model.def.id),
        );
      return c.json({
        actions: [...rc.access.actions]
          .filter((a) => a !== 'manage' || manage)
          .concat(manage && !rc.access.actions.has('manage') ? ['manage'] : []),
        hidden: [...rc.access.hidden],
        readonly: [...rc.access.readonly],
        masked: [...rc.fctx.fields.values()].filter((f) => f.exactOnly).map((f) => f.key),
        sensitiveFull: rc.access.sensitiveFull,
        isAdmin: rc.access.isAdmin,
      });
    },
  )
  .get(
    '/:formId/versions',
    describeRoute({ tags: ['forms'], summary: 'Earlier definitions, newest first' }),
    async (c) => {
      const db = c.var.deps.db;
      const def = await getFormDef(db, c.req.param('formId'));
      await requireManager(c, def.appId, def.id);
      const rc = await definitionContext(c.var.deps, c.var.user, def.id);
      const rows = await db
        .selectFrom('form_versions')
        .selectAll()
        .where('form_id', '=', c.req.param('formId'))
        .orderBy('version', 'desc')
        .limit(100)
        .execute();
      return c.json({
        items: rows.map((r) => ({
          version: r.version,
          createdAt: r.created_at,
          createdBy: r.created_by,
          definition: presentVersion(JSON.parse(r.definition), rc),
        })),
        nextCursor: null,
      });
    },
  )
  .delete(
    '/:formId/fields/:fieldId',
    describeRoute({ tags: ['forms'], summary: "Purge a removed field's kept data" }),
    async (c) => {
      const before = await getFormDef(c.var.deps.db, c.req.param('formId'));
      await requireManager(c, before.appId, before.id);
      const def = await purgeField(c.var.deps, c.req.param('formId'), c.req.param('fieldId'), c.var.user.id);
      await auditFrom(c, {
        action: 'form.field_purged',
        targetType: 'form',
        targetId: def.id,
        summary: c.req.param('fieldId'),
      });
      return c.json(def);
    },
  );
