import { z } from 'zod';
import { defineFieldType } from '../field-type.js';

/** Yes or no; stored as 0/1 on both engines. */
export const checkboxType = defineFieldType()({
  type: 'checkbox',
  config: { default: z.boolean().optional() },
  kind: () => 'boolean',
  // An unticked box is false, whether it was ever touched or not.
  empty: () => false,
  storage: () => 'integer',
  input: () => z.boolean(),
  toDb: (v) => (v ? 1 : 0),
  fromDb: (v) => v === 1 || v === true || v === '1',
  jsonSchema: () => ({ type: 'boolean' }),
  uiSchema: () => ({ 'ui:widget': 'checkbox' }),
});
