import { z } from 'zod';
import { automationSchema } from '../automations/automations.schema.js';
import { dashboardSchema } from '../dashboards/dashboards.schema.js';
import { fieldTypes } from '../fields/registry.js';
import { filterSchema } from '../filter/index.js';
import { fieldBaseShape, fieldKeySchema, layoutSchema, safeText } from '../forms/forms.schema.js';
import { actions } from '../permissions/permissions.schema.js';
import { viewSchema } from '../views/views.schema.js';
import { workflowSchema } from '../workflows/workflow.schema.js';

/** A template id, also its file name: `customer-file` ↔ `templates/customer-file.json`. */
export const templateIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,62}$/, 'must be lowercase letters, digits and -, starting with a letter');
export const semverSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/, 'must be a version like 1.2.0');
const formKey = fieldKeySchema;
const { id: _id, ...baseShape } = fieldBaseShape;

/**
 * A field in a template: a form field without `id`; a relation names its target form by key
 * (`"form": "customers"`), and the automatic reverse side of a relation may be declared on the
 * target form to name it (`{"type": "relation", "form": "interactions", "reverseOf": "customer"}`).
 */
export const templateFieldSchema = z.discriminatedUnion(
  'type',
  fieldTypes.map((t) =>
    t.type === 'relation'
      ? z.strictObject({
          ...baseShape,
          type: z.literal('relation'),
          form: formKey,
          multiple: z.boolean().optional(),
          reverseOf: fieldKeySchema.optional(),
        })
      : z.strictObject({ ...baseShape, type: z.literal(t.type), ...t.config }),
  ) as any,
  {
    error: (i) =>
      i.code === 'invalid_union'
        ? `unknown field type; one of: ${fieldTypes.map((t) => t.type).join(', ')}`
        : undefined,
  },
);

export type TemplateField = {
  key: string;
  type: string;
  label: string;
  form?: string;
  reverseOf?: string;
  [prop: string]: unknown;
};

export const templateFormSchema = z.strictObject({
  key: formKey,
  name: safeText(200).min(1),
  description: safeText(5000).optional(),
  icon: z.string().max(64).optional(),
  fields: z.array(templateFieldSchema).max(300),
  layout: layoutSchema.optional(),
  titleField: z.string().max(80).optional(),
});

export type TemplateForm = Omit<z.infer<typeof templateFormSchema>, 'fields'> & { fields: TemplateField[] };

/** A view of the form `form` (key); `key` names it for upgrades (default: its name). */
export const templateViewSchema = viewSchema.extend({
  form: formKey,
  key: z.string().min(1).max(100).optional(),
});
/** The workflow of the form `form`; role names in `allow.roles` and `{role}` are role keys. */
export const templateWorkflowSchema = workflowSchema.extend({ form: formKey });
/** An automation; every `formId` in it holds a form key, every role a role key. */
export const templateAutomationSchema = automationSchema.extend({
  key: z.string().min(1).max(100).optional(),
});
/** A dashboard; each widget's `formId` holds a form key. */
export const templateDashboardSchema = dashboardSchema.extend({ key: z.string().min(1).max(100).optional() });

export const templateGrantSchema = z.strictObject({
  /** The form (key); without it the grant covers the whole app. */
  form: formKey.optional(),
  actions: z.array(z.enum(actions)).min(1).max(actions.length),
  scope: z
    .union([
      z.enum(['own', 'department', 'department-tree', 'all']),
      z.strictObject({ filter: filterSchema }),
    ])
    .default('all'),
  fields: z.record(z.string().max(80), z.enum(['hidden', 'readonly'])).optional(),
  sensitive: z.enum(['masked', 'full']).optional(),
});

export const templateRoleSchema = z.strictObject({
  key: fieldKeySchema,
  name: safeText(100).min(1),
  description: safeText(1000).optional(),
  grants: z.array(templateGrantSchema).max(200).default([]),
});

export const sampleRecordSchema = z.strictObject({
  /** A name other records' relation values use for this record (`"customer": ["c1"]`). */
  ref: z.string().min(1).max(100).optional(),
  /** The workflow state to put the record in. */
  state: z.string().max(64).optional(),
  fields: z.record(z.string().max(80), z.unknown()),
});

export const sampleDataSchema = z.union([
  z.strictObject({
    generator: z.literal('crm-suite'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31),
    counts: z.record(formKey, z.number().int().min(0).max(5000)).optional(),
  }),
  z.array(z.strictObject({ form: formKey, records: z.array(sampleRecordSchema).max(20000) })).max(100),
]);

export type SampleData = z.infer<typeof sampleDataSchema>;

/**
 * A template document (`templates/<id>.json`, `GET /api/apps/:appId/export`). Everything refers
 * to everything else by key, never by database id.
 * ```json
 * {"$schema": "/api/schemas/template.json", "id": "customer-file", "name": "客户信息档案",
 *  "version": "1.0.0", "category": "客户管理",
 *  "forms": [{"key": "customers", "name": "客户信息档案", "fields": [{"key": "name", "type": "text", "label": "客户名称"}]}],
 *  "views": [{"form": "customers", "name": "高价值客户", "type": "grid", "filter": {"field": "tier", "op": "eq", "value": "high"}}],
 *  "workflows": [], "sampleData": {"generator": "crm-suite", "seed": 7}}
 * ```
 */
export const templateSchema = z.strictObject({
  $schema: z.string().max(200).optional(),
  id: templateIdSchema,
  name: safeText(100).min(1),
  version: semverSchema,
  description: safeText(2000).optional(),
  category: safeText(100).optional(),
  icon: z.string().max(64).optional(),
  forms: z.array(templateFormSchema).min(1).max(100),
  views: z.array(templateViewSchema).max(500).default([]),
  workflows: z.array(templateWorkflowSchema).max(100).default([]),
  automations: z.array(templateAutomationSchema).max(200).optional(),
  dashboards: z.array(templateDashboardSchema).max(50).optional(),
  roles: z.array(templateRoleSchema).max(50).optional(),
  sampleData: sampleDataSchema.optional(),
});

export type TemplateDoc = Omit<z.infer<typeof templateSchema>, 'forms'> & { forms: TemplateForm[] };
export type TemplateView = z.infer<typeof templateViewSchema>;
export type TemplateWorkflow = z.infer<typeof templateWorkflowSchema>;
export type TemplateAutomation = z.infer<typeof templateAutomationSchema>;
export type TemplateDashboard = z.infer<typeof templateDashboardSchema>;
export type TemplateRole = z.infer<typeof templateRoleSchema>;

/** Compares versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}
