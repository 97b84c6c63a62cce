import type { Db } from '../db/database.js';
import { freeFieldKey } from '../fields/system-names.js';
import type { RelationField } from '../fields/types/relation.js';
import { newId } from '../shared/ids.js';
import { forgetModel } from './model-cache.js';
import { saveFormDef } from './forms.repository.js';
import type { FieldDef, FormDef } from './forms.schema.js';

const uniqueKey = (form: FormDef, base: string) => freeFieldKey(new Set(form.fields.map((f) => f.key)), base);

/**
 * Keeps the automatic reverse side of relations in step: a new relation on `def` adds a field
 * (`reverseOf`) to its target form, a removed one takes it away. Self-relations get their
 * reverse field on `def` itself, which the caller saves.
 */
export async function syncReverseFields(
  db: Db,
  def: FormDef,
  previous: FormDef | undefined,
  forms: Map<string, FormDef>,
  userId: string | null,
  now: string,
): Promise<void> {
  const before = new Set(
    (previous?.fields ?? [])
      .filter((f) => f.type === 'relation' && !(f as RelationField).reverseOf)
      .map((f) => f.id),
  );
  const after = def.fields.filter(
    (f) => f.type === 'relation' && !(f as RelationField).reverseOf,
  ) as RelationField[];
  const changed = new Map<string, FormDef>();
  const formOf = (id: string) => (id === def.id ? def : (changed.get(id) ?? forms.get(id)));
  for (const f of after) {
    if (before.has(f.id)) continue;
    const target = formOf(f.formId);
    if (!target || target.fields.some((x) => (x as RelationField).reverseOf === f.id)) continue;
    const reverse: FieldDef = {
      id: newId('fld'),
      key: uniqueKey(target, def.key),
      label: def.name,
      type: 'relation',
      formId: def.id,
      multiple: true,
      reverseOf: f.id,
    };
    const next = target === def ? def : { ...target, fields: [...target.fields, reverse] };
    if (target === def) def.fields.push(reverse);
    else changed.set(target.id, next);
  }
  const removed = [...before].filter((id) => !after.some((f) => f.id === id));
  for (const id of removed) {
    const old = previous!.fields.find((f) => f.id === id) as RelationField;
    const target = formOf(old.formId);
    if (!target) continue;
    if (target === def) def.fields = def.fields.filter((x) => (x as RelationField).reverseOf !== id);
    else
      changed.set(target.id, {
        ...target,
        fields: target.fields.filter((x) => (x as RelationField).reverseOf !== id),
      });
  }
  for (const form of changed.values()) {
    await saveFormDef(db, { ...form, version: form.version + 1 }, userId, now, false);
    forgetModel(form.id);
  }
}
