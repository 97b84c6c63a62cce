import type { Automation } from '../automations/automations.schema.js';
import { listAutomations } from '../automations/automations.repository.js';
import { listDashboards } from '../dashboards/dashboards.repository.js';
import type { Db } from '../db/database.js';
import { listAppForms } from '../forms/forms.repository.js';
import type { FormDef } from '../forms/forms.schema.js';
import type { Grant } from '../permissions/permissions.schema.js';
import type { ViewDef } from '../views/views.schema.js';
import { findWorkflow } from '../workflows/workflows.repository.js';
import type { TemplateParts } from './template-check.js';
import { formToTemplate } from './template-fields.js';
import { mapAutomation, mapDashboard, mapWorkflowRoles } from './template-refs.js';
import type { TemplateIds } from './template-state.js';

/** An app's definitions in template shape, with the database ids each part came from. */
export interface AppParts extends TemplateParts {
  defs: FormDef[];
  viewIds: string[];
  automationIds: string[];
  dashboardIds: string[];
  roleIds: string[];
}

const invert = (m: Record<string, string>) => new Map(Object.entries(m).map(([k, v]) => [v, k]));

/** A stored automation as a template automation: no ids, no webhook secrets. */
export function automationToTemplate(a: Automation, key: string): TemplateParts['automations'][number] {
  const { id: _i, appId: _a, version: _v, createdBy: _c, createdAt: _ca, updatedAt: _u, ...def } = a;
  if (def.trigger.type === 'webhook') {
    const { hookId: _h, secret: _s, ...t } = def.trigger;
    def.trigger = t as typeof def.trigger;
  }
  return { ...def, key } as TemplateParts['automations'][number];
}

/**
 * Reads an app as template parts: ids become keys (forms, fields, roles), views, automations and
 * dashboards are named by the key the template state gives them (else by name). Roles are those
 * whose every grant is on this app or its forms. Private views (`shared: false`) are left out.
 */
export async function appParts(db: Db, appId: string, ids?: TemplateIds): Promise<AppParts> {
  const defs = await listAppForms(db, appId);
  const byId = new Map(defs.map((d) => [d.id, d]));
  const formKey = (id: string) => byId.get(id)?.key;
  const roleRows = await db.selectFrom('roles').selectAll().orderBy('created_at').orderBy('id').execute();
  const roleKeys = invert(ids?.roles ?? {});
  const appRoles = roleRows.filter((r) => {
    const grants = JSON.parse(r.grants) as Grant[];
    return (
      roleKeys.has(r.id) ||
      (grants.length > 0 && grants.every((g) => g.appId === appId || (g.formId && byId.has(g.formId))))
    );
  });
  appRoles.forEach((r, i) => !roleKeys.has(r.id) && roleKeys.set(r.id, `role${i + 1}`));
  const roleKey = (id: string) => roleKeys.get(id);

  const viewKeys = invert(ids?.views ?? {});
  const viewRows = defs.length
    ? await db
        .selectFrom('views')
        .selectAll()
        .where(
          'form_id',
          'in',
          defs.map((d) => d.id),
        )
        .orderBy('sort')
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    : [];
  const views = viewRows
    .map((r) => ({ r, config: JSON.parse(r.config) as Omit<ViewDef, 'name' | 'type' | 'position'> }))
    .filter(({ config }) => config.shared !== false);
  const workflows: TemplateParts['workflows'] = [];
  for (const d of defs) {
    const wf = await findWorkflow(db, d.id);
    if (!wf) continue;
    const { version: _v, ...rest } = wf;
    workflows.push({ form: d.key, ...mapWorkflowRoles(rest, roleKey) } as TemplateParts['workflows'][number]);
  }
  const automationKeys = invert(ids?.automations ?? {});
  const automations = await listAutomations(db, appId);
  const dashboardKeys = invert(ids?.dashboards ?? {});
  const dashboards = await listDashboards(db, appId);

  return {
    defs,
    forms: defs.map((d) => formToTemplate(d, byId)),
    views: views.map(({ r, config }) => ({
      ...config,
      form: formKey(r.form_id)!,
      key: viewKeys.get(r.id)?.split('/').slice(1).join('/') ?? r.name,
      name: r.name,
      type: r.type as ViewDef['type'],
      position: r.sort,
    })),
    viewIds: views.map(({ r }) => r.id),
    workflows,
    automations: automations.map((a) =>
      mapAutomation(automationToTemplate(a, automationKeys.get(a.id) ?? a.name), formKey, roleKey),
    ),
    automationIds: automations.map((a) => a.id),
    dashboards: dashboards.map(
      ({ id, appId: _a, version: _v, createdBy: _c, createdAt: _ca, updatedAt: _u, ...d }) => ({
        ...mapDashboard(d, formKey),
        key: dashboardKeys.get(id) ?? d.name,
      }),
    ),
    dashboardIds: dashboards.map((d) => d.id),
    roles: appRoles.map((r) => ({
      key: roleKey(r.id)!,
      name: r.name,
      ...(r.description ? { description: r.description } : {}),
      grants: (JSON.parse(r.grants) as Grant[]).map(({ appId: _a, formId, ...g }) => ({
        ...(formId ? { form: formKey(formId) ?? formId } : {}),
        ...g,
      })),
    })),
    roleIds: appRoles.map((r) => r.id),
  };
}
