import { AppError, type ErrorDetail } from '../errors.js';
import { freeFieldKey } from '../fields/system-names.js';
import type { RelationField } from '../fields/types/relation.js';
import { normalizeDefinition } from '../forms/definition.js';
import type { FormInput } from '../forms/form-input.schema.js';
import type { FieldDef, FormDef } from '../forms/forms.schema.js';
import { newId } from '../shared/ids.js';
import type { TemplateField, TemplateForm } from './template.schema.js';

/** The key the server gives an automatic reverse field (as syncReverseFields does). */
export const reverseKey = freeFieldKey;

/** Forward relations no form declares a reverse field for get one, as installing will add. */
export function withReverseFields(forms: TemplateForm[]): TemplateForm[] {
  const out = forms.map((f) => ({ ...f, fields: [...f.fields] }));
  const byKey = new Map(out.map((f) => [f.key, f]));
  for (const src of forms)
    for (const f of src.fields) {
      if (f.type !== 'relation' || f.reverseOf) continue;
      const target = byKey.get(f.form!);
      if (
        !target ||
        target.fields.some((x) => x.type === 'relation' && x.reverseOf === f.key && x.form === src.key)
      )
        continue;
      const key = reverseKey(new Set(target.fields.map((x) => x.key)), src.key);
      target.fields.push({ key, type: 'relation', label: src.name, form: src.key, reverseOf: f.key });
    }
  return out;
}

/** Reference errors no definition check can see: relations to missing forms, reverse sides of nothing. */
export function relationErrors(forms: TemplateForm[]): ErrorDetail[] {
  const byKey = new Map(forms.map((f) => [f.key, f]));
  const errors: ErrorDetail[] = [];
  forms.forEach((form, i) =>
    form.fields.forEach((f, j) => {
      if (f.type !== 'relation') return;
      const target = byKey.get(f.form!);
      if (!target)
        return errors.push({ path: `/forms/${i}/fields/${j}/form`, message: `no form with key "${f.form}"` });
      if (f.reverseOf) {
        const fwd = target.fields.find((x) => x.key === f.reverseOf);
        if (!fwd || fwd.type !== 'relation' || fwd.reverseOf || fwd.form !== form.key)
          errors.push({
            path: `/forms/${i}/fields/${j}/reverseOf`,
            message: `"${target.key}" has no relation field "${f.reverseOf}" to "${form.key}"`,
          });
      }
    }),
  );
  return errors;
}

function toInput(form: TemplateForm, formIds: Map<string, string>): FormInput {
  const fields = form.fields.map((f: TemplateField) => {
    if (f.type !== 'relation') return f;
    const { form: target, reverseOf, ...rest } = f;
    return reverseOf
      ? { key: f.key, label: f.label, type: 'relation', formId: formIds.get(target!), multiple: true }
      : { ...rest, formId: formIds.get(target!) };
  });
  return {
    key: form.key,
    name: form.name,
    description: form.description,
    icon: form.icon,
    fields,
    layout: form.layout,
    titleField: form.titleField,
  } as FormInput;
}

/**
 * Checks every form of a template as the server would save it, without a database: each form is
 * normalized against the others (twice, so formula types flow across relations). Answers the
 * definitions, and every problem with its path in the template (`/forms/2/fields/5/expression`).
 */
export function dryRunForms(forms: TemplateForm[]): { defs: Map<string, FormDef>; errors: ErrorDetail[] } {
  const all = withReverseFields(forms);
  const formIds = new Map(all.map((f) => [f.key, newId('frm')]));
  // Fields get their ids up front (the raw definitions are each form's "previous" version), so
  // references resolved in one pass still hold in the next.
  const inputs = all.map((f) => {
    const input = toInput(f, formIds);
    return { ...input, fields: input.fields.map((x) => ({ ...x, id: newId('fld') })) } as FormInput;
  });
  const raw = new Map(
    all.map((f, i) => [
      formIds.get(f.key)!,
      {
        id: formIds.get(f.key)!,
        appId: 'app_template',
        key: f.key,
        name: f.name,
        fields: inputs[i].fields as FieldDef[],
        version: 1,
      } as FormDef,
    ]),
  );
  let known = raw;
  let errors: ErrorDetail[] = [];
  for (let pass = 0; pass < 2; pass++) {
    errors = [];
    const next = new Map<string, FormDef>();
    all.forEach((form, i) => {
      const id = formIds.get(form.key)!;
      const others = new Map([...known].filter(([k]) => k !== id));
      try {
        next.set(
          id,
          normalizeDefinition(inputs[i], { id, appId: 'app_template', previous: raw.get(id), forms: others }),
        );
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        errors.push(...e.details.map((d) => ({ path: `/forms/${i}${d.path}`, message: d.message })));
        next.set(id, known.get(id)!);
      }
    });
    known = next;
  }
  // Reverse fields point at the forward field they mirror.
  for (const def of known.values())
    for (const f of def.fields as RelationField[]) {
      const tf = all.find((x) => x.key === def.key)!.fields.find((x) => x.key === f.key);
      if (f.type === 'relation' && tf?.reverseOf)
        f.reverseOf = known.get(f.formId)?.fields.find((x) => x.key === tf.reverseOf)?.id ?? tf.reverseOf;
    }
  return {
    defs: new Map([...known.values()].map((d) => ({ ...d, version: 1 })).map((d) => [d.key, d])),
    errors,
  };
}
