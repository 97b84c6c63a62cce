import { z } from 'zod';
import type { FieldType } from '../fields/field-type.js';
import { type RegisteredFieldType, fieldTypes } from '../fields/registry.js';
import { fieldBaseShape, fieldKeySchema, layoutSchema, safeText } from './forms.schema.js';

/** The definition of one field of type `T`, as clients send it (`z.input`) or as parsed (`z.output`). */
type FieldSchemaOf<T> =
  T extends FieldType<any, infer N, infer C>
    ? z.ZodObject<Omit<typeof fieldBaseShape, keyof C> & C & { type: z.ZodLiteral<N> }, z.core.$strict>
    : never;

/** One field as a client sends it: a union discriminated by `type`, derived from the registry. */
export type FieldInput = z.input<FieldSchemaOf<RegisteredFieldType>>;

/** One field as sent by a client: base properties, `type`, and that type's own properties. */
export const fieldInputSchema = z.discriminatedUnion(
  'type',
  fieldTypes.map((t) => z.strictObject({ ...fieldBaseShape, type: z.literal(t.type), ...t.config })) as any,
) as unknown as z.ZodType<z.output<FieldSchemaOf<RegisteredFieldType>>, FieldInput>;

/** The body of POST /api/apps/:appId/forms and PUT /api/forms/:formId. */
export const formInputSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().optional(),
  appId: z.string().optional(),
  key: fieldKeySchema,
  name: safeText(200).min(1, 'is required'),
  description: safeText(5000).optional(),
  icon: z.string().max(64).optional(),
  fields: z.array(fieldInputSchema).max(300, 'a form may have at most 300 fields'),
  removedFields: z.array(z.any()).optional(),
  /** Answered by PUT; ignored when sent back. */
  migration: z.any().optional(),
  layout: layoutSchema.optional(),
  titleField: z.string().max(80).optional(),
  version: z.number().int().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

export type FormInput = z.infer<typeof formInputSchema>;
