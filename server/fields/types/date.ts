import { z } from 'zod';
import { because } from '../../errors.js';
import type { FieldDef } from '../../forms/forms.schema.js';
import { defineFieldType } from '../field-type.js';

/** A real calendar date as 'YYYY-MM-DD' (2024-02-30 is refused). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export const dateValue = z
  .string()
  .max(10)
  .refine(isCalendarDate, because('not_a_date', 'must be a date like 2024-05-20'));

/** A calendar date without time, 'YYYY-MM-DD'. */
export const dateType = defineFieldType()({
  type: 'date',
  config: {
    default: z.union([dateValue, z.literal('today')]).optional(),
    min: dateValue.optional(),
    max: dateValue.optional(),
  },
  indexed: true,
  kind: () => 'date',
  storage: () => 'text',
  input(field: FieldDef & { min?: string; max?: string }) {
    let s: z.ZodType<string> = dateValue;
    if (field.min)
      s = s.refine(
        (v) => v >= field.min!,
        because('too_early', `must be on or after ${field.min}`, { min: field.min }),
      );
    if (field.max)
      s = s.refine(
        (v) => v <= field.max!,
        because('too_late', `must be on or before ${field.max}`, { max: field.max }),
      );
    return s;
  },
  toDb: (v) => v,
  fromDb: (v) => v,
  jsonSchema: () => ({ type: 'string', format: 'date' }),
  uiSchema: () => ({ 'ui:widget': 'date' }),
});
