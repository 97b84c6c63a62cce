import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { type ErrorDetail, invalid } from '../errors.js';
import { checkAutomation } from '../automations/automations.check.js';
import { saveAutomation } from '../automations/automations.repository.js';
import type { Automation, AutomationDef } from '../automations/automations.schema.js';
import { syncSchedule } from '../automations/schedule.js';
import { insertDashboard, replaceDashboard } from '../dashboards/dashboards.repository.js';
import { checkWidget } from '../dashboards/widget-check.js';
import type { FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import type { FilterContext } from '../filter/index.js';
import type { Grant } from '../permissions/permissions.schema.js';
import { dyn } from '../records/records.repository.js';
import { iso } from '../shared/clock.js';
import { newId, newSecret } from '../shared/ids.js';
import { ensureViewIndex } from '../views/view-index.js';
import { checkWorkflow } from '../workflows/workflow-check.js';
import type { Workflow } from '../workflows/workflow.schema.js';
import { findWorkflow, saveWorkflow } from '../workflows/workflows.repository.js';
import type { TemplateParts } from './template-check.js';
import { viewErrors } from './parts-check.js';
import { mapAutomation, mapDashboard, mapWorkflowRoles, type RefMap } from './template-refs.js';

/** What applying a template's parts needs: the transaction, who, when, and the key → id maps. */
export interface ApplyContext {
  deps: Deps;
  appId: string;
  userId: string;
  now: Date;
  form: RefMap;
  role: RefMap;
}

const fail = (errors: ErrorDetail[], base: string) => {
  if (errors.length)
    throw invalid(
      `${base}${errors[0].path}: ${errors[0].message}`,
      errors.map((e) => ({ ...e, path: `${base}${e.path}` })),
    );
};
const model = (ctx: ApplyContext, formKey: string) => loadModel(ctx.deps.db, ctx.form(formKey)!);
const fctxOf = (ctx: ApplyContext, m: FormModel): FilterContext => ({
  fields: m.filterFields,
  userId: ctx.userId,
  departmentIds: [],
  now: ctx.now,
  timeZone: ctx.deps.config.timeZone,
  engine: ctx.deps.engine,
});

type View = TemplateParts['views'][number];

/** Creates (no id) or replaces a view; answers its id. `path` names it in the template for errors. */
export async function putView(ctx: ApplyContext, v: View, path: string, id?: string): Promise<string> {
  const m = await model(ctx, v.form);
  fail(viewErrors(v, m, fctxOf(ctx, m), path), '');
  const { form: _f, key: _k, name, type, position, ...config } = v;
  const at = iso(ctx.now);
  const db = ctx.deps.db;
  if (id)
    await db
      .updateTable('views')
      .set({ name, type, config: JSON.stringify(config), sort: position, updated_at: at })
      .where('id', '=', id)
      .execute();
  else
    await db
      .insertInto('views')
      .values({
        id: (id = newId('viw')),
        form_id: m.def.id,
        name,
        type,
        config: JSON.stringify(config),
        sort: position,
        created_by: ctx.userId,
        created_at: at,
        updated_at: at,
      })
      .execute();
  // SQLite builds it in the background once the template's transaction has committed (`indexApp`).
  if (ctx.deps.engine !== 'sqlite') await ensureViewIndex(db, m, v.filter, v.sort);
  return id;
}

/** Saves a form's workflow (a new version); records without a state start in the initial one. */
export async function putWorkflow(
  ctx: ApplyContext,
  w: TemplateParts['workflows'][number],
  path: string,
): Promise<void> {
  const m = await model(ctx, w.form);
  const { form: _f, ...rest } = w;
  const wf = mapWorkflowRoles(rest, ctx.role) as Workflow;
  fail(checkWorkflow(wf, m).errors, path);
  const db = ctx.deps.db;
  const current = await findWorkflow(db, m.def.id);
  const at = iso(ctx.now);
  await saveWorkflow(db, m.def.id, wf, (current?.version ?? 0) + 1, ctx.userId, at);
  await dyn(db)
    .updateTable(m.table)
    .set({ state: wf.initial, state_entered_at: at })
    .where('state', 'is', null)
    .execute();
}

type TemplateAutomation = TemplateParts['automations'][number];

/** Creates or replaces an automation after the same checks its own API makes; answers its id. */
export async function putAutomation(
  ctx: ApplyContext,
  a: TemplateAutomation,
  path: string,
  current?: Automation,
): Promise<string> {
  const { key: _k, ...rest } = a;
  const def = mapAutomation(rest, ctx.form, ctx.role) as AutomationDef;
  if (def.trigger.type === 'webhook') {
    const old = current?.trigger.type === 'webhook' ? current.trigger : undefined;
    def.trigger = {
      ...def.trigger,
      hookId: def.trigger.hookId ?? old?.hookId ?? newSecret(12),
      secret: def.trigger.secret ?? old?.secret ?? newSecret(24),
    };
  }
  try {
    await checkAutomation(ctx.deps.db, ctx.deps, ctx.appId, def, ctx.userId);
  } catch (e) {
    fail((e as { details?: ErrorDetail[] }).details ?? [{ path: '', message: String(e) }], path);
  }
  const at = iso(ctx.now);
  const saved: Automation = {
    ...def,
    id: current?.id ?? newId('aut'),
    appId: ctx.appId,
    version: (current?.version ?? 0) + 1,
    createdBy: ctx.userId,
    createdAt: current?.createdAt ?? at,
    updatedAt: at,
  };
  await saveAutomation(ctx.deps.db, saved, ctx.userId);
  await syncSchedule(ctx.deps.db, saved, ctx.now, ctx.deps.config.timeZone);
  return saved.id;
}

/** Creates or replaces a dashboard whose widgets are checked against their forms; answers its id. */
export async function putDashboard(
  ctx: ApplyContext,
  d: TemplateParts['dashboards'][number],
  path: string,
  id?: string,
): Promise<string> {
  const { key: _k, ...rest } = d;
  const input = mapDashboard(rest, ctx.form);
  const errors: ErrorDetail[] = [];
  for (const [i, w] of input.widgets.entries()) {
    const m = await loadModel(ctx.deps.db, w.formId);
    errors.push(...checkWidget(w, m, fctxOf(ctx, m), `/widgets/${i}`));
  }
  fail(errors, path);
  const at = iso(ctx.now);
  if (id) return (await replaceDashboard(ctx.deps.db, id, input, at)).id;
  return (
    await insertDashboard(ctx.deps.db, { id: newId('dsh'), appId: ctx.appId, input, userId: ctx.userId, at })
  ).id;
}

/** A template role's grants with form keys turned into ids (a grant without a form covers the app). */
export function roleGrants(ctx: ApplyContext, r: TemplateParts['roles'][number]): Grant[] {
  return r.grants.map(({ form, ...g }) => ({
    ...(form ? { formId: ctx.form(form)! } : { appId: ctx.appId }),
    ...g,
  }));
}

/** Creates or replaces a role; answers its id. */
export async function putRole(
  ctx: ApplyContext,
  r: TemplateParts['roles'][number],
  id?: string,
): Promise<string> {
  const at = iso(ctx.now);
  const row = {
    name: r.name,
    description: r.description ?? null,
    grants: JSON.stringify(roleGrants(ctx, r)),
    updated_at: at,
  };
  const db: Db = ctx.deps.db;
  if (id) await db.updateTable('roles').set(row).where('id', '=', id).execute();
  else
    await db
      .insertInto('roles')
      .values({ id: (id = newId('rol')), ...row, created_at: at })
      .execute();
  return id;
}
