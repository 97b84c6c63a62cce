import type { FormAccess } from '../permissions/access.js';
import type { FormModel } from './form-model.js';

/**
 * Compiles a form to JSON Schema (draft 2020-12) and an rjsf uiSchema: one property per field
 * (by key), titles and help from the definition, read-only computed fields, and the layout's
 * order.
 */
export function compileSchema(model: FormModel, access?: Pick<FormAccess, 'hidden' | 'readonly'>) {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const uiSchema: Record<string, unknown> = {};
  const ctx = { form: model.def, forms: model.forms };
  for (const f of model.fields) {
    if (access?.hidden.has(f.def.key)) continue;
    const base: Record<string, unknown> = {
      ...f.type.jsonSchema(f.def, ctx),
      ...(access?.readonly.has(f.def.key) ? { readOnly: true } : {}),
    };
    const nullable = !f.def.required && !f.type.computed;
    properties[f.def.key] = {
      ...base,
      ...(nullable && typeof base.type === 'string' ? { type: [base.type, 'null'] } : {}),
      title: f.def.label,
      ...(f.def.help ? { description: f.def.help } : {}),
      ...(f.def.default !== undefined &&
      !['today', 'now', '$me', '$myDepartment'].includes(f.def.default as string)
        ? { default: f.def.default }
        : {}),
    };
    if (f.def.required && !f.type.computed) required.push(f.def.key);
    uiSchema[f.def.key] = {
      ...f.type.uiSchema(f.def, ctx),
      'ui:options': {
        ...((f.type.uiSchema(f.def, ctx)['ui:options'] as object) ?? {}),
        fieldType: f.def.type,
        fieldId: f.def.id,
        ...(f.def.sensitive ? { sensitive: true } : {}),
      },
      ...(f.def.help ? { 'ui:help': f.def.help } : {}),
    };
  }
  const byId = new Map(model.fields.map((f) => [f.def.id, f.def.key]));
  const sections = model.def.layout?.sections;
  const ordered = (
    sections
      ? (sections.flatMap((s) => s.fields.map((id) => byId.get(id)).filter(Boolean)) as string[])
      : model.fields.map((f) => f.def.key)
  ).filter((k) => k in properties);
  uiSchema['ui:order'] = [...new Set([...ordered, '*'])];
  if (model.def.layout)
    uiSchema['ui:layout'] = {
      columns: model.def.layout.columns ?? 1,
      sections: sections?.map((s) => ({
        title: s.title,
        columns: s.columns,
        fields: s.fields.map((id) => byId.get(id)).filter((k) => k !== undefined && k in properties),
      })),
    };
  return {
    jsonSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `/api/forms/${model.def.id}/schema`,
      title: model.def.name,
      type: 'object',
      properties,
      required,
      additionalProperties: false,
    },
    uiSchema,
  };
}
