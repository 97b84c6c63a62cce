import { z } from 'zod';
import { because } from '../../errors.js';
import { defineFieldType } from '../field-type.js';
import { type ChoiceField, checkOptions, optionOneOf, optionValues, optionsSchema } from './options.js';

/** One option out of a list; the stored value is the option's `value`. */
export const selectType = defineFieldType<ChoiceField>()({
  type: 'select',
  config: {
    options: optionsSchema,
    default: z.string().max(200).optional(),
    display: z.enum(['dropdown', 'radio']).optional(),
  },
  indexed: true,
  kind: () => 'text',
  storage: () => 'text',
  input: (field) => {
    const values = new Set(optionValues(field));
    return z.string().refine(
      (v) => values.has(v),
      because('not_an_option', `must be one of: ${optionValues(field).join(', ')}`, {
        options: optionValues(field),
      }),
    );
  },
  toDb: (v) => v,
  fromDb: (v) => v,
  jsonSchema: (field) => ({ type: 'string', oneOf: optionOneOf(field) }),
  uiSchema: (field) => ({
    'ui:widget': field.display === 'radio' ? 'radio' : 'select',
    'ui:options': { colors: Object.fromEntries(field.options.map((o) => [o.value, o.color ?? null])) },
  }),
  check: (field, _ctx, path) => checkOptions(field, path),
});
