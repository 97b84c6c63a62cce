import { z } from 'zod';
import { because } from '../../errors.js';
import { defineFieldType } from '../field-type.js';
import { arrayFromDb, arrayToDb, dedupe } from './json-array.js';
import { type ChoiceField, checkOptions, optionOneOf, optionValues, optionsSchema } from './options.js';

/** Several options (also used for tags); an array of option values. */
export const multiselectType = defineFieldType<ChoiceField>()({
  type: 'multiselect',
  config: { options: optionsSchema, default: z.array(z.string().max(200)).max(1000).optional() },
  kind: () => 'array',
  storage: () => 'json',
  input: (field) => {
    const values = new Set(optionValues(field));
    return z
      .array(
        z.string().refine(
          (v) => values.has(v),
          because('not_an_option', `must be one of: ${optionValues(field).join(', ')}`, {
            options: optionValues(field),
          }),
        ),
      )
      .max(1000)
      .transform(dedupe);
  },
  toDb: arrayToDb,
  fromDb: arrayFromDb,
  jsonSchema: (field) => ({
    type: 'array',
    uniqueItems: true,
    items: { type: 'string', oneOf: optionOneOf(field) },
  }),
  uiSchema: () => ({ 'ui:widget': 'multiselect' }),
  check: (field, _ctx, path) => checkOptions(field, path),
});
