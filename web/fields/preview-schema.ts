import type { FieldDef, FieldTypeName, FormSchema } from '../api/types';
import { fieldInfo } from './catalog';

type Json = Record<string, unknown>;

const str = (f: FieldDef): Json => ({
  type: 'string',
  ...(f.maxLength ? { maxLength: f.maxLength } : {}),
  ...(f.minLength ? { minLength: f.minLength } : {}),
});
const num = (f: FieldDef, integer = false): Json => ({
  type: integer ? 'integer' : 'number',
  ...(typeof f.min === 'number' ? { minimum: f.min } : {}),
  ...(typeof f.max === 'number' ? { maximum: f.max } : {}),
});
const oneOf = (f: FieldDef) => (f.options ?? []).map((o) => ({ const: o.value, title: o.label }));
const ids = (f: FieldDef): Json =>
  f.multiple ? { type: 'array', uniqueItems: true, items: { type: 'string' } } : { type: 'string' };

/**
 * Per type: the JSON Schema and uiSchema the builder's live preview renders, approximating what
 * the server compiles (`GET /api/forms/:formId/schema`) so the preview needs no round trip.
 */
const compilers: Record<FieldTypeName, (f: FieldDef) => [Json, Json]> = {
  text: (f) => [str(f), {}],
  textarea: (f) => [str(f), { 'ui:widget': 'textarea' }],
  email: (f) => [str(f), { 'ui:widget': 'email' }],
  phone: (f) => [str(f), { 'ui:widget': 'phone' }],
  url: (f) => [str(f), { 'ui:widget': 'url' }],
  number: (f) => [num(f), f.precision !== undefined ? { 'ui:options': { precision: f.precision } } : {}],
  percent: (f) => [num(f), { 'ui:widget': 'percent' }],
  currency: (f) => [num(f), { 'ui:widget': 'currency', 'ui:options': { currency: f.currency ?? 'CNY' } }],
  rating: (f) => [
    { type: 'integer', minimum: 0, maximum: typeof f.max === 'number' ? f.max : 5 },
    { 'ui:widget': 'rating' },
  ],
  select: (f) => [
    { type: 'string', oneOf: oneOf(f) },
    {
      'ui:widget': f.display === 'radio' ? 'radio' : 'select',
      'ui:options': { colors: Object.fromEntries((f.options ?? []).map((o) => [o.value, o.color ?? null])) },
    },
  ],
  multiselect: (f) => [
    { type: 'array', uniqueItems: true, items: { type: 'string', oneOf: oneOf(f) } },
    { 'ui:widget': 'multiselect' },
  ],
  checkbox: () => [{ type: 'boolean' }, { 'ui:widget': 'checkbox' }],
  date: () => [{ type: 'string', format: 'date' }, { 'ui:widget': 'date' }],
  datetime: () => [{ type: 'string', format: 'date-time' }, { 'ui:widget': 'datetime' }],
  member: (f) => [ids(f), { 'ui:widget': 'member', 'ui:options': { multiple: !!f.multiple } }],
  department: (f) => [ids(f), { 'ui:widget': 'department', 'ui:options': { multiple: !!f.multiple } }],
  relation: (f) => [
    { type: 'array', uniqueItems: true, items: { type: 'string' }, ...(f.multiple ? {} : { maxItems: 1 }) },
    { 'ui:widget': 'relation', 'ui:options': { formId: f.formId, multiple: !!f.multiple } },
  ],
  lookup: () => [{ readOnly: true }, { 'ui:readonly': true, 'ui:widget': 'lookup' }],
  rollup: () => [{ type: 'number', readOnly: true }, { 'ui:readonly': true }],
  formula: (f) => [
    { type: 'string', readOnly: true },
    { 'ui:readonly': true, 'ui:options': { expression: f.expression } },
  ],
  autonumber: (f) => [
    { type: 'string', readOnly: true },
    { 'ui:readonly': true, 'ui:options': { format: f.format } },
  ],
  attachment: () => [{ type: 'array', items: { type: 'object' } }, { 'ui:widget': 'attachment' }],
};

/**
 * The preview's `{jsonSchema, uiSchema}` for a list of fields: properties by key, titled by label,
 * help as description, required keys listed, in field order.
 */
export function previewSchema(fields: readonly FieldDef[]): FormSchema {
  const properties: Json = {};
  const uiSchema: Json = { 'ui:order': [...fields.map((f) => f.key), '*'] };
  const required: string[] = [];
  for (const f of fields) {
    if (properties[f.key]) continue;
    const [schema, ui] = (compilers[f.type] ?? compilers.text)(f);
    properties[f.key] = { ...schema, title: f.label, ...(f.help ? { description: f.help } : {}) };
    uiSchema[f.key] = ui;
    if (f.required && fieldInfo(f.type).required) required.push(f.key);
  }
  return { jsonSchema: { type: 'object', properties, ...(required.length ? { required } : {}) }, uiSchema };
}
