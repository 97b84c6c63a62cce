import { z } from 'zod';
import { because } from '../../errors.js';
import type { FieldDef } from '../../forms/forms.schema.js';
import { idPattern } from '../../shared/ids.js';
import { defineFieldType } from '../field-type.js';
import { dedupe } from './json-array.js';

export interface RelationField extends FieldDef {
  /** The target form's id. */
  formId: string;
  multiple?: boolean;
  /** Set on the automatic reverse side: the id of the relation field on the other form. */
  reverseOf?: string;
}

/**
 * Links to records of another form (or the same one). Links live in `record_links` under the
 * forward field's id; the target form gets a reverse field (`reverseOf`) that reads them the
 * other way round, so a customer shows its interactions without anyone adding a field.
 */
export const relationType = defineFieldType<RelationField>()({
  type: 'relation',
  config: {
    formId: z.string().regex(/^frm_[0-9a-z]{18}$/, 'is not a form id'),
    multiple: z.boolean().optional(),
    reverseOf: z
      .string()
      .regex(/^fld_[0-9a-z]{18}$/)
      .optional(),
  },
  kind: () => 'relation',
  storage: () => 'none',
  input: (f) =>
    z
      .array(z.string().max(40).regex(idPattern, because('not_an_id', 'is not a record id')))
      .max(f.multiple ? 1000 : 1, f.multiple ? 'links at most 1000 records' : 'links at most one record')
      .transform(dedupe),
  toDb: (v) => v,
  fromDb: (v) => v,
  jsonSchema: (f) => ({
    type: 'array',
    items: { type: 'string' },
    uniqueItems: true,
    ...(f.multiple ? {} : { maxItems: 1 }),
  }),
  uiSchema: (f) => ({ 'ui:widget': 'relation', 'ui:options': { formId: f.formId, multiple: !!f.multiple } }),
  references: (f) => ({ kind: 'record', formId: f.formId }),
  check(f, ctx, path) {
    if (f.formId !== ctx.form.id && !ctx.forms.has(f.formId))
      return [{ path: `${path}/formId`, message: 'the related form does not exist' }];
    return [];
  },
});
