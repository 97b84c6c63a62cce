import { z } from 'zod';
import { filterSchema } from '../filter/index.js';
import { safeText } from '../forms/forms.schema.js';

/**
 * A saved view of a form. Fields are named by key.
 * ```json
 * {"name": "高价值客户", "type": "grid", "filter": {"field": "tier", "op": "eq", "value": "high"},
 *  "sort": "-amount", "fields": ["customerName", "tier", "amount"], "widths": {"customerName": 220}}
 * ```
 */
export const viewSchema = z.strictObject({
  $schema: z.string().optional(),
  name: safeText(100).min(1),
  type: z.enum(['grid', 'kanban', 'calendar', 'gallery', 'form']),
  filter: filterSchema.optional(),
  /** `-amount,customerName`, as in the records API. */
  sort: z.string().max(500).optional(),
  /** Visible fields in order (all when absent). */
  fields: z.array(z.string().max(80)).max(300).optional(),
  widths: z.record(z.string().max(80), z.number().int().min(40).max(2000)).optional(),
  groupBy: z.array(z.string().max(80)).max(3).optional(),
  /** Kanban: the select field (or `state`) whose values are the columns, and the fields on a card. */
  kanban: z
    .strictObject({
      groupField: z.string().max(80),
      cardFields: z.array(z.string().max(80)).max(10).optional(),
    })
    .optional(),
  /** Calendar: the date or datetime field (and an optional end). */
  calendar: z
    .strictObject({
      dateField: z.string().max(80),
      endField: z.string().max(80).optional(),
      titleField: z.string().max(80).optional(),
    })
    .optional(),
  /** Row colors: the first matching rule colors the row. */
  colors: z
    .array(
      z.strictObject({
        filter: filterSchema,
        color: z
          .string()
          .max(32)
          .regex(/^[#a-zA-Z0-9-]+$/),
      }),
    )
    .max(20)
    .optional(),
  /** Shown to everyone who can read the form (else only to its creator). */
  shared: z.boolean().optional(),
  position: z.number().int().optional(),
});

export type ViewDef = z.infer<typeof viewSchema>;
