import type { CurrentUser, Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import type { RelationField } from '../fields/types/relation.js';
import { compileFilter } from '../filter/index.js';
import { definitionContext, hiddenFieldIds, presentDefinition } from '../forms/definition-view.js';
import type { FormDef } from '../forms/forms.schema.js';
import { type RecordContext, present } from '../permissions/record-access.js';
import { dyn, rowsToRecords, selectColumns, type RecordRow } from '../records/records.repository.js';
import { findWorkflow } from '../workflows/workflows.repository.js';
import { appParts } from './app-parts.js';
import type { SampleBlock } from './sample-data.js';
import { templateWithoutSecrets } from './secrets.js';
import { formToTemplate } from './template-fields.js';
import { findTemplateState } from './template-state.js';

/**
 * The live records of a form the caller may read, oldest first, as inline sample data: records
 * outside their read scope are absent, hidden fields too. Sensitive values, which lists show a
 * non-admin masked, are left out: a masked phone is no value, and the template would not install.
 */
async function formRecords(db: Db, rc: RecordContext, formKey: string): Promise<SampleBlock> {
  const { model, access } = rc;
  if (!access.isAdmin && !access.actions.has('read')) return { form: formKey, records: [] };
  const hasWorkflow = !!(await findWorkflow(db, model.def.id));
  let q = dyn(db).selectFrom(model.table).select(selectColumns(model)).where('deleted_at', 'is', null);
  const scope = access.scope.read;
  if (scope) q = q.where(compileFilter(scope, rc.scopeContext));
  const rows = (await q.orderBy('seq').execute()) as RecordRow[];
  const masked = (f: (typeof model.fields)[number]) => !access.isAdmin && !!f.def.sensitive;
  const writable = model.fields.filter(
    (f) =>
      !f.type.computed && f.def.type !== 'attachment' && !(f.def as RelationField).reverseOf && !masked(f),
  );
  const records = (await rowsToRecords(db, model, rows)).map((r) => {
    const seen = present(rc, r, 'list').fields;
    return {
      ref: r.id,
      ...(hasWorkflow && r.state ? { state: r.state } : {}),
      fields: Object.fromEntries(
        writable
          .map((f) => [f.def.key, seen[f.def.key]])
          .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && !v.length)),
      ),
    };
  });
  return { form: formKey, records };
}

/** Relation values naming only records the document carries (others are outside the caller's scope). */
function keepExportedLinks(blocks: SampleBlock[], defs: FormDef[]): SampleBlock[] {
  const refs = new Set(blocks.flatMap((b) => b.records.map((r) => r.ref)));
  const relations = new Map(
    defs.map((d) => [d.key, new Set(d.fields.filter((f) => f.type === 'relation').map((f) => f.key))]),
  );
  return blocks.map((b) => ({
    ...b,
    records: b.records.map((r) => ({
      ...r,
      fields: Object.fromEntries(
        Object.entries(r.fields)
          .map(([k, v]): [string, unknown] => [
            k,
            relations.get(b.form)?.has(k) && Array.isArray(v) ? v.filter((id) => refs.has(id as string)) : v,
          ])
          .filter(([, v]) => !(Array.isArray(v) && !v.length)),
      ),
    })),
  }));
}

/** A test of whether a JSON value names one of `names`: as a key, a whole string, or a `{{…}}` / `{…}` reference in text. */
function mentionOf(names: Set<string>): (value: unknown) => boolean {
  const inText = new RegExp(`(?<![A-Za-z0-9_])(?:${[...names].join('|')})(?![A-Za-z0-9_])`);
  const mentions = (value: unknown): boolean => {
    if (typeof value === 'string') return names.has(value) || (value.includes('{') && inText.test(value));
    if (Array.isArray(value)) return value.some(mentions);
    if (value && typeof value === 'object')
      return Object.entries(value).some(([k, v]) => names.has(k) || mentions(v));
    return false;
  };
  return mentions;
}

/**
 * Turns an app into a template document (ids → keys) as the caller may see it; with `data`, the
 * records they may read come along as inline sample data. A non-admin's document leaves out the
 * fields hidden from them and every view, workflow, automation, dashboard widget and role that
 * names one; secrets never leave (server/templates/secrets.ts). The document installs anywhere:
 * `POST /api/templates` then `…/install`.
 */
export async function exportApp(
  deps: Deps,
  user: CurrentUser,
  appId: string,
  opts: { data: boolean; id?: string },
) {
  const db = deps.db;
  const app = await db.selectFrom('apps').selectAll().where('id', '=', appId).executeTakeFirst();
  if (!app) throw notFound('App');
  const state = await findTemplateState(db, appId);
  const {
    defs,
    viewIds: _v,
    automationIds: _a,
    dashboardIds: _d,
    roleIds: _r,
    ...all
  } = await appParts(db, appId, state?.ids);
  const contexts = await Promise.all(defs.map((d) => definitionContext(deps, user, d.id)));
  const hidden = contexts.map(hiddenFieldIds);
  const names = new Set(
    defs.flatMap((d, i) => d.fields.filter((f) => hidden[i].has(f.id)).flatMap((f) => [f.key, f.id])),
  );
  const byId = new Map(defs.map((d) => [d.id, d]));
  const mentions = mentionOf(names);
  const parts = !names.size
    ? all
    : {
        forms: defs.map((d, i) => formToTemplate(presentDefinition(d, hidden[i]) as FormDef, byId)),
        views: all.views.filter((v) => !mentions(v)),
        workflows: all.workflows.filter((w) => !mentions(w)),
        automations: all.automations.filter((a) => !mentions(a)),
        dashboards: all.dashboards.map((d) => ({ ...d, widgets: d.widgets.filter((w) => !mentions(w)) })),
        roles: all.roles.filter((r) => !mentions(r)),
      };
  const sampleData = opts.data
    ? keepExportedLinks(await Promise.all(defs.map((d, i) => formRecords(db, contexts[i], d.key))), defs)
    : undefined;
  return templateWithoutSecrets({
    $schema: '/api/schemas/template.json',
    id: opts.id ?? `app-${appId.slice(4)}`,
    name: app.name,
    version: app.template_version ?? '1.0.0',
    ...(app.description ? { description: app.description } : {}),
    ...(app.icon ? { icon: app.icon } : {}),
    ...parts,
    ...(sampleData ? { sampleData } : {}),
  });
}
