import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import type { RelationField } from '../fields/types/relation.js';
import { loadModel } from '../forms/model-cache.js';
import { dyn, rowsToRecords, selectColumns, type RecordRow } from '../records/records.repository.js';
import { findWorkflow } from '../workflows/workflows.repository.js';
import { appParts } from './app-parts.js';
import type { SampleBlock } from './sample-data.js';
import { findTemplateState } from './template-state.js';

/** Every live record of a form, oldest first, as inline sample data (relations by record id as ref). */
async function formRecords(db: Db, formId: string, formKey: string): Promise<SampleBlock> {
  const model = await loadModel(db, formId);
  const hasWorkflow = !!(await findWorkflow(db, formId));
  const rows = (await dyn(db).selectFrom(model.table).select(selectColumns(model)).where('deleted_at', 'is', null).orderBy('seq').execute()) as RecordRow[];
  const writable = model.fields.filter((f) => !f.type.computed && f.def.type !== 'attachment' && !(f.def as RelationField).reverseOf);
  const records = (await rowsToRecords(db, model, rows)).map((r) => ({
    ref: r.id,
    ...(hasWorkflow && r.state ? { state: r.state } : {}),
    fields: Object.fromEntries(writable.map((f) => [f.def.key, r.fields[f.def.key]]).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && !v.length))),
  }));
  return { form: formKey, records };
}

/**
 * Turns an app into a template document (ids → keys); with `data`, its records come along as
 * inline sample data. The document installs anywhere: `POST /api/templates` then `…/install`.
 */
export async function exportApp(db: Db, appId: string, opts: { data: boolean; id?: string }) {
  const app = await db.selectFrom('apps').selectAll().where('id', '=', appId).executeTakeFirst();
  if (!app) throw notFound('App');
  const state = await findTemplateState(db, appId);
  const { defs, viewIds: _v, automationIds: _a, dashboardIds: _d, roleIds: _r, ...parts } = await appParts(db, appId, state?.ids);
  const doc = {
    $schema: '/api/schemas/template.json',
    id: opts.id ?? `app-${appId.slice(4)}`,
    name: app.name,
    version: app.template_version ?? '1.0.0',
    ...(app.description ? { description: app.description } : {}),
    ...(app.icon ? { icon: app.icon } : {}),
    ...parts,
    ...(opts.data ? { sampleData: await Promise.all(defs.map((d) => formRecords(db, d.id, d.key))) } : {}),
  };
  return doc;
}
