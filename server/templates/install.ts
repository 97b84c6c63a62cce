import type { Kysely } from 'kysely';
import type { CurrentUser, Deps } from '../context.js';
import type { Database } from '../db/database.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { applyForms } from './apply-forms.js';
import {
  type ApplyContext,
  putAutomation,
  putDashboard,
  putRole,
  putView,
  putWorkflow,
} from './apply-parts.js';
import { generateCrmSuite, type SampleBlock } from './sample-data.js';
import { insertSampleData } from './sample-insert.js';
import type { CheckedTemplate } from './template-check.js';
import { emptyIds, saveTemplateState, type TemplateIds } from './template-state.js';
import type { TemplateDoc } from './template.schema.js';

export interface Created {
  forms: number;
  views: number;
  workflows: number;
  automations: number;
  dashboards: number;
  roles: number;
  records: number;
}

/** The sample records a template brings: generated (seeded) or written inline. */
export function sampleBlocks(doc: TemplateDoc, now: Date, timeZone: string): SampleBlock[] {
  const s = doc.sampleData;
  if (!s) return [];
  if (Array.isArray(s)) return s;
  return generateCrmSuite(s.seed, now, timeZone, s.counts);
}

/** Runs `fn` in one transaction with `deps.db` being that transaction. */
export function inTransaction<T>(deps: Deps, fn: (tx: Deps) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute((tx) => fn({ ...deps, db: tx as unknown as Kysely<Database> }));
}

/**
 * Installs a checked template into a new app in ONE transaction: the app; its forms (relations
 * resolved, reverse sides named, lookups and rollups once their relations exist); roles; views;
 * workflows; automations; dashboards; optionally the sample records; and the template state
 * (version, definitions as installed, key → id maps) that upgrades merge against.
 */
export async function installTemplate(
  deps: Deps,
  user: CurrentUser,
  checked: CheckedTemplate,
  opts: { sampleData: boolean },
): Promise<{ app: Record<string, unknown>; created: Created }> {
  const { doc, parts } = checked;
  return inTransaction(deps, async (d) => {
    const now = d.clock.now();
    const at = iso(now);
    const app = {
      id: newId('app'),
      name: doc.name,
      icon: doc.icon ?? null,
      description: doc.description ?? null,
      template_id: doc.id,
      template_version: doc.version,
      created_by: user.id,
      created_at: at,
      updated_at: at,
    };
    await d.db.insertInto('apps').values(app).execute();
    const defs = await applyForms(
      d,
      app.id,
      parts.forms.map((f, index) => ({ ...f, dirty: true, index })),
      user.id,
    );

    const ids: TemplateIds = emptyIds();
    for (const f of parts.forms) {
      const def = defs.get(f.key)!;
      ids.forms[f.key] = def.id;
      ids.fields[f.key] = Object.fromEntries(def.fields.map((x) => [x.key, x.id]));
    }
    const ctx: ApplyContext = {
      deps: d,
      appId: app.id,
      userId: user.id,
      now,
      form: (k) => ids.forms[k],
      role: (k) => ids.roles[k],
    };
    for (const r of parts.roles) ids.roles[r.key] = await putRole(ctx, r);
    for (const [i, v] of parts.views.entries())
      ids.views[`${v.form}/${v.key}`] = await putView(ctx, v, `/views/${i}`);
    for (const [i, w] of parts.workflows.entries()) await putWorkflow(ctx, w, `/workflows/${i}`);
    for (const [i, a] of parts.automations.entries())
      ids.automations[a.key] = await putAutomation(ctx, a, `/automations/${i}`);
    for (const [i, x] of parts.dashboards.entries())
      ids.dashboards[x.key] = await putDashboard(ctx, x, `/dashboards/${i}`);
    const records = opts.sampleData
      ? await insertSampleData(d, defs, sampleBlocks(doc, now, d.config.timeZone), {
          userId: user.id,
          departmentId: user.mainDepartmentId,
        })
      : 0;

    await saveTemplateState(d.db, {
      appId: app.id,
      templateId: doc.id,
      version: doc.version,
      snapshot: parts,
      ids,
      installedAt: at,
      updatedAt: at,
    });
    const created: Created = {
      forms: parts.forms.length,
      views: parts.views.length,
      workflows: parts.workflows.length,
      automations: parts.automations.length,
      dashboards: parts.dashboards.length,
      roles: parts.roles.length,
      records,
    };
    return {
      app: {
        id: app.id,
        name: app.name,
        icon: app.icon,
        description: app.description,
        templateId: doc.id,
        templateVersion: doc.version,
        createdAt: at,
        updatedAt: at,
        forms: [...defs.values()].map((f) => ({ id: f.id, key: f.key, name: f.name })),
      },
      created,
    };
  });
}
