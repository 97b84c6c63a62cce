import { z } from 'zod';
import { filterSchema } from '../filter/index.js';
import { safeText } from '../forms/forms.schema.js';

/** `export` = download records as CSV / XLSX (on top of `read`, which says which records). */
export const actions = ['read', 'create', 'update', 'delete', 'manage', 'export'] as const;
export type Action = (typeof actions)[number];

/**
 * What a role grants on an app, one form, or (with neither) every app:
 * ```json
 * {"formId": "frm_…", "actions": ["read", "update", "export"], "scope": "department",
 *  "fields": {"phone": "hidden"}, "sensitive": "masked"}
 * ```
 * `scope` limits which records: own (owner is the caller), department (the caller's
 * departments), department-tree (with their sub-departments), all, or `{filter}` in the filter
 * language (`$me`, `$myDepartments`). `fields` hides or freezes fields by key or id.
 */
export const grantSchema = z.strictObject({
  appId: z.string().max(40).optional(),
  formId: z.string().max(40).optional(),
  actions: z.array(z.enum(actions)).min(1).max(actions.length),
  scope: z
    .union([
      z.enum(['own', 'department', 'department-tree', 'all']),
      z.strictObject({ filter: filterSchema }),
    ])
    .default('all'),
  fields: z.record(z.string().max(80), z.enum(['hidden', 'readonly'])).optional(),
  /** Whether sensitive fields (联系方式) are shown in full in record details; lists always mask. */
  sensitive: z.enum(['masked', 'full']).optional(),
});

export type Grant = z.infer<typeof grantSchema>;

export const roleBody = z.strictObject({
  name: safeText(100).min(1),
  description: safeText(1000).nullish(),
  grants: z.array(grantSchema).max(200).default([]),
});
