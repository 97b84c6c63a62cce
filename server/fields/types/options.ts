import { z } from 'zod';
import { safeText } from '../../forms/forms.schema.js';
import type { FieldDef } from '../../forms/forms.schema.js';
import type { ErrorDetail } from '../../errors.js';

export interface SelectOption {
  value: string;
  label: string;
  color?: string;
}

export interface ChoiceField extends FieldDef {
  options: SelectOption[];
}

export const optionsSchema = z
  .array(
    z.strictObject({
      value: safeText(200).min(1),
      label: safeText(200).min(1),
      color: z
        .string()
        .max(32)
        .regex(/^[#a-zA-Z0-9-]+$/, 'is not a color')
        .optional(),
    }),
  )
  .min(1, 'needs at least one option')
  .max(1000);

/** Option values must be unique within a field. */
export function checkOptions(field: ChoiceField, path: string): ErrorDetail[] {
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  field.options.forEach((o, i) => {
    if (seen.has(o.value))
      out.push({ path: `${path}/options/${i}/value`, message: `duplicate option value "${o.value}"` });
    seen.add(o.value);
  });
  return out;
}

export const optionValues = (field: ChoiceField) => field.options.map((o) => o.value);

/** JSON Schema for one option: its value, titled by its label (rjsf shows the label). */
export const optionOneOf = (field: ChoiceField) =>
  field.options.map((o) => ({ const: o.value, title: o.label }));
