import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import type { RelationField } from '../fields/types/relation.js';
import { buildModel, type FormModel } from './form-model.js';
import { findFormDefs } from './forms.repository.js';
import type { FormDef } from './forms.schema.js';

interface Entry {
  model: FormModel;
  versions: Map<string, number>;
}

// Compiled models by form id; an entry is valid while its form and related forms keep their versions.
const cache = new Map<string, Entry>();

/** Ids of the forms a definition relates to (relation targets). */
export function relatedFormIds(def: FormDef): string[] {
  const ids = new Set<string>();
  for (const f of [...def.fields, ...(def.removedFields ?? [])])
    if (f.type === 'relation') ids.add((f as RelationField).formId);
  ids.delete(def.id);
  return [...ids];
}

/**
 * The compiled model of a form: one cheap version query per call, recompiled only when the form
 * or a related form changed (also when another server process changed it).
 */
export async function loadModel(db: Db, formId: string): Promise<FormModel> {
  const cached = cache.get(formId);
  if (cached) {
    const rows = await db
      .selectFrom('forms')
      .select(['id', 'version'])
      .where('id', 'in', [...cached.versions.keys()])
      .execute();
    if (rows.length === cached.versions.size && rows.every((r) => cached.versions.get(r.id) === r.version))
      return cached.model;
  }
  const [def] = await findFormDefs(db, [formId]);
  if (!def) {
    cache.delete(formId);
    throw notFound('Form');
  }
  const related = await findFormDefs(db, relatedFormIds(def));
  const forms = new Map(related.map((f) => [f.id, f]));
  const model = buildModel(def, forms);
  cache.set(formId, {
    model,
    versions: new Map([[def.id, def.version], ...related.map((f) => [f.id, f.version] as [string, number])]),
  });
  return model;
}

/** Builds a model for a definition not yet stored (during a save). */
export async function modelFor(db: Db, def: FormDef, extra: FormDef[] = []): Promise<FormModel> {
  const ids = relatedFormIds(def);
  const known = new Map(extra.map((f) => [f.id, f]));
  const missing = ids.filter((id) => !known.has(id));
  for (const f of await findFormDefs(db, missing)) known.set(f.id, f);
  return buildModel(def, new Map(ids.filter((id) => known.has(id)).map((id) => [id, known.get(id)!])));
}

export function forgetModel(formId: string) {
  cache.delete(formId);
}
