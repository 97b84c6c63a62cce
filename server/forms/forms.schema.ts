import { z } from 'zod';
import { because } from '../errors.js';
import { isSystemName } from '../fields/system-names.js';

/** A field key: the name scripts and templates use; an identifier, unique within a form. */
export const fieldKeySchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,62}$/,
    'must be an identifier: letters, digits and _, not starting with a digit',
  )
  // A record's fields are a plain object: "__proto__" there would set its prototype, not a value.
  .refine((k) => k !== '__proto__', 'is reserved');

/** The key of a field: an identifier that is not a system name (`id`, `createdAt`, … in any casing). */
export const userFieldKeySchema = fieldKeySchema.refine((k) => !isSystemName(k), {
  error: (iss) =>
    `"${String(iss.input)}" is a system name (the record's own ${String(iss.input)}); choose another key`,
});

/** Text that may be stored: PostgreSQL cannot hold NUL, so neither engine accepts it. */
export const safeText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), because('not_storable_text', 'must not contain NUL characters'));

/** The properties every field has; each field type adds its own (see server/fields/types). */
export const fieldBaseShape = {
  id: z
    .string()
    .regex(/^fld_[0-9a-z]{18}$/, 'is not a field id')
    .optional(),
  key: userFieldKeySchema,
  label: safeText(200).min(1, 'is required'),
  help: safeText(2000).optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  /** Shown as 联系方式-style masked values to those without the right to see it in full. */
  sensitive: z.boolean().optional(),
  placeholder: safeText(200).optional(),
  /** For the team only: never on a public (survey) form. */
  internal: z.boolean().optional(),
};

/** A field definition as stored: base properties plus the type's own. */
export interface FieldDef {
  id: string;
  key: string;
  type: string;
  label: string;
  help?: string;
  required?: boolean;
  unique?: boolean;
  sensitive?: boolean;
  placeholder?: string;
  internal?: boolean;
  default?: unknown;
  [extra: string]: unknown;
}

export const layoutSchema = z
  .object({
    /** Columns of the whole form (1–3); a section may override. */
    columns: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    sections: z
      .array(
        z.strictObject({
          id: z.string().max(64).optional(),
          title: safeText(200).optional(),
          columns: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
          /** Field ids or keys, in order. */
          fields: z.array(z.string().max(80)).max(500),
        }),
      )
      .max(100)
      .optional(),
  })
  .strict();

export type Layout = z.infer<typeof layoutSchema>;

/** A form definition as the server stores and answers it. */
export interface FormDef {
  id: string;
  appId: string;
  key: string;
  name: string;
  description?: string;
  icon?: string;
  fields: FieldDef[];
  /** Fields removed from the form whose data is still kept until purged. */
  removedFields?: FieldDef[];
  layout?: Layout;
  /** The field shown as a record's title (relation pickers, cards). */
  titleField?: string;
  version: number;
  createdAt?: string;
  updatedAt?: string;
}
