import type { CurrentUser, Deps } from '../context.js';
import { conflict } from '../errors.js';
import { findAutomation } from '../automations/automations.repository.js';
import { iso } from '../shared/clock.js';
import { appParts } from './app-parts.js';
import { applyForms } from './apply-forms.js';
import {
  type ApplyContext,
  putAutomation,
  putDashboard,
  putRole,
  putView,
  putWorkflow,
} from './apply-parts.js';
import { inTransaction } from './install.js';
import type { CheckedTemplate } from './template-check.js';
import {
  findTemplateState,
  saveTemplateState,
  type TemplateIds,
  type TemplateState,
} from './template-state.js';
import { compareVersions } from './template.schema.js';
import { planUpgrade, type UpgradePlan } from './upgrade-plan.js';

async function stateFor(
  deps: Deps,
  appId: string,
  templateId: string,
  version: string,
): Promise<TemplateState> {
  const state = await findTemplateState(deps.db, appId);
  if (!state) throw conflict('This app was not installed from a template');
  if (state.templateId !== templateId)
    throw conflict(`This app was installed from the template "${state.templateId}", not "${templateId}"`);
  if (compareVersions(version, state.version) < 0)
    throw conflict(`The app has version ${state.version} of this template; ${version} is older`);
  return state;
}

/** The plan of upgrading an app to a template (nothing is changed). */
export async function upgradePlan(deps: Deps, appId: string, checked: CheckedTemplate): Promise<UpgradePlan> {
  const state = await stateFor(deps, appId, checked.doc.id, checked.doc.version);
  return planUpgrade(state, checked.parts, checked.doc.version, await appParts(deps.db, appId, state.ids))
    .plan;
}

/**
 * Applies the upgrade plan in one transaction: form changes through replaceForm (tables migrate,
 * data stays), then roles, views, workflows, automations and dashboards; the new version and
 * snapshot become the base of the next upgrade.
 */
export async function applyUpgrade(
  deps: Deps,
  user: CurrentUser,
  appId: string,
  checked: CheckedTemplate,
): Promise<UpgradePlan> {
  return inTransaction(deps, async (d) => {
    const state = await stateFor(d, appId, checked.doc.id, checked.doc.version);
    const ours = await appParts(d.db, appId, state.ids);
    const { plan, work } = planUpgrade(state, checked.parts, checked.doc.version, ours);
    if (plan.noChanges && plan.from === plan.to) return plan;
    const now = d.clock.now();
    const defs = await applyForms(d, appId, work.targets, user.id);
    const ids: TemplateIds = {
      ...state.ids,
      forms: {},
      fields: {},
      views: {},
      automations: {},
      dashboards: {},
      roles: {},
    };
    const formKey = (templateKey: string) =>
      (state.ids.forms[templateKey]
        ? ours.defs.find((x) => x.id === state.ids.forms[templateKey])?.key
        : undefined) ?? templateKey;
    for (const f of checked.parts.forms) {
      const def = defs.get(formKey(f.key));
      const id = state.ids.forms[f.key] ?? def?.id;
      if (!id) continue;
      ids.forms[f.key] = id;
      ids.fields[f.key] = {};
      for (const x of f.fields) {
        const fid =
          state.ids.fields[f.key]?.[x.key] ??
          (state.ids.forms[f.key] === def?.id || !state.ids.forms[f.key]
            ? def?.fields.find((y) => y.key === x.key)?.id
            : undefined);
        if (fid) ids.fields[f.key][x.key] = fid;
      }
    }
    const keep = (from: Record<string, string>, to: Record<string, string>, keys: string[]) =>
      keys.forEach((k) => from[k] && (to[k] = from[k]));
    keep(
      state.ids.roles,
      ids.roles,
      checked.parts.roles.map((r) => r.key),
    );
    keep(
      state.ids.views,
      ids.views,
      checked.parts.views.map((v) => `${v.form}/${v.key}`),
    );
    keep(
      state.ids.automations,
      ids.automations,
      checked.parts.automations.map((a) => a.key),
    );
    keep(
      state.ids.dashboards,
      ids.dashboards,
      checked.parts.dashboards.map((x) => x.key),
    );

    const formIds = new Map([...defs.values()].map((x) => [x.key, x.id]));
    const ctx: ApplyContext = {
      deps: d,
      appId,
      userId: user.id,
      now,
      form: (k) => formIds.get(k),
      role: (k) => ids.roles[k],
    };
    for (const r of work.roles) ids.roles[r.value.key] = await putRole(ctx, r.value, r.id);
    for (const v of work.views) ids.views[v.idKey] = await putView(ctx, v.value, v.path, v.id);
    for (const w of work.workflows) await putWorkflow(ctx, w.value, w.path);
    for (const a of work.automations)
      ids.automations[a.value.key] = await putAutomation(
        ctx,
        a.value,
        a.path,
        a.id ? await findAutomation(d.db, a.id) : undefined,
      );
    for (const x of work.dashboards)
      ids.dashboards[x.value.key] = await putDashboard(ctx, x.value, x.path, x.id);

    await saveTemplateState(d.db, {
      ...state,
      version: checked.doc.version,
      snapshot: checked.parts,
      ids,
      updatedAt: iso(now),
    });
    return plan;
  });
}
