import { z } from 'zod';
import { because } from '../../errors.js';
import type { FieldDef } from '../../forms/forms.schema.js';
import { idPattern } from '../../shared/ids.js';
import type { FieldTypeName } from '../facts.js';
import { type FieldType, type ReferenceKind, withFacts } from '../field-type.js';
import { arrayFromDb, arrayToDb, dedupe } from './json-array.js';

export interface RefField extends FieldDef {
  multiple?: boolean;
}

const refConfig = {
  multiple: z.boolean().optional(),
  default: z.union([z.literal('$me'), z.literal('$myDepartment')]).optional(),
};

const idValue = z.string().max(40).regex(idPattern, because('not_an_id', 'is not an id'));

/**
 * Builds member and department: one id (or an array of ids when `multiple`) that must exist in
 * the users or departments table.
 */
export function refLike<const N extends FieldTypeName>(opts: {
  type: N;
  ref: ReferenceKind;
  widget: string;
}): FieldType<RefField, N, typeof refConfig> {
  return withFacts({
    type: opts.type,
    config: refConfig,
    indexed: true,
    kind: (f) => (f.multiple ? 'array' : 'text'),
    storage: (f) => (f.multiple ? 'json' : 'text'),
    input: (f) => (f.multiple ? z.array(idValue).max(500).transform(dedupe) : idValue),
    toDb: (v, f) => (f.multiple ? arrayToDb(v) : v),
    fromDb: (v, f) => (f.multiple ? arrayFromDb(v) : v),
    jsonSchema: (f) =>
      f.multiple ? { type: 'array', uniqueItems: true, items: { type: 'string' } } : { type: 'string' },
    uiSchema: (f) => ({ 'ui:widget': opts.widget, 'ui:options': { multiple: !!f.multiple } }),
    references: () => ({ kind: opts.ref }),
  });
}
