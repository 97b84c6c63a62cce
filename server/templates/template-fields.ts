import type { RelationField } from '../fields/types/relation.js';
import type { FieldDef, FormDef } from '../forms/forms.schema.js';
import type { TemplateField, TemplateForm } from './template.schema.js';
import { refersThrough } from '../fields/facts.js';

/** JSON with sorted keys and without undefined: two values are the same when their canon is. */
export function canon(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, sort(x)]),
      );
    return v;
  };
  return JSON.stringify(sort(value) ?? null);
}

export const same = (a: unknown, b: unknown) => canon(a) === canon(b);

const keyOf = (fields: FieldDef[] | undefined, ref: unknown) =>
  fields?.find((f) => f.id === ref || f.key === ref)?.key ?? (ref as string);

/**
 * A stored field as a template field: ids become keys (`formId` → `form`, `reverseOf`,
 * `relationField`, `targetField`), server-inferred properties (`id`, `resultType`) go.
 */
export function fieldToTemplate(f: FieldDef, form: FormDef, forms: Map<string, FormDef>): TemplateField {
  const { id: _id, resultType: _r, ...rest } = f as FieldDef & { resultType?: unknown };
  const out: TemplateField = { ...rest };
  if (f.type === 'relation') {
    const rel = f as RelationField;
    const target = rel.formId === form.id ? form : forms.get(rel.formId);
    delete out.formId;
    out.form = target?.key ?? rel.formId;
    if (rel.reverseOf) {
      out.reverseOf = keyOf(target?.fields, rel.reverseOf);
      delete out.multiple;
    }
  }
  if (refersThrough(f.type)) {
    const rel = form.fields.find((x) => x.id === f.relationField || x.key === f.relationField) as
      RelationField | undefined;
    out.relationField = rel?.key ?? f.relationField;
    if (f.targetField !== undefined) {
      const target = rel && (rel.formId === form.id ? form : forms.get(rel.formId));
      out.targetField = keyOf(target?.fields, f.targetField);
    }
  }
  return out;
}

/** A stored form as a template form (fields, layout and title by key). */
export function formToTemplate(def: FormDef, forms: Map<string, FormDef>): TemplateForm {
  const byId = (ref: string) => keyOf(def.fields, ref);
  return {
    key: def.key,
    name: def.name,
    ...(def.description ? { description: def.description } : {}),
    ...(def.icon ? { icon: def.icon } : {}),
    fields: def.fields.map((f) => fieldToTemplate(f, def, forms)),
    ...(def.layout
      ? {
          layout: {
            ...def.layout,
            ...(def.layout.sections
              ? { sections: def.layout.sections.map((s) => ({ ...s, fields: s.fields.map(byId) })) }
              : {}),
          },
        }
      : {}),
    ...(def.titleField ? { titleField: byId(def.titleField) } : {}),
  };
}
