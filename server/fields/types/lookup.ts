import { z } from 'zod';
import type { FieldDef } from '../../forms/forms.schema.js';
import { defineFieldType } from '../field-type.js';
import type { DefinitionContext, TypeOf } from '../field-type.js';
import { arrayFromDb } from './json-array.js';
import { resolveThrough, type RelationPath } from './through.js';

export interface LookupField extends FieldDef {
  /** The relation field (id or key) on this form. */
  relationField: string;
  /** The field (id or key) on the related form whose value is shown. */
  targetField: string;
}

function target(f: LookupField, ctx?: DefinitionContext): RelationPath | undefined {
  return ctx ? resolveThrough(f.relationField, f.targetField, ctx) : undefined;
}

/**
 * Shows a field of the related record: with a one-record relation the value itself (same kind
 * as the target), with a many-record relation an array. Stored, and refreshed when either side
 * changes.
 */
export const lookupType = (fieldType: TypeOf) =>
  defineFieldType<LookupField>()({
    type: 'lookup',
    config: { relationField: z.string().max(80), targetField: z.string().max(80) },
    kind(f, ctx) {
      const t = target(f, ctx);
      if (!t || t.relation.multiple) return 'array';
      return fieldType(t.target.type).kind(t.target, t.targetCtx);
    },
    storage(f, ctx) {
      const t = target(f, ctx);
      if (!t || t.relation.multiple) return 'json';
      return fieldType(t.target.type).storage(t.target, t.targetCtx);
    },
    input: () => z.never(),
    toDb: (v) => v,
    fromDb: (v) => v,
    jsonSchema: (f, ctx) => {
      const t = target(f, ctx);
      if (!t) return { readOnly: true };
      const inner = fieldType(t.target.type).jsonSchema(t.target, t.targetCtx);
      return t.relation.multiple
        ? { type: 'array', items: inner, readOnly: true }
        : { ...inner, readOnly: true };
    },
    uiSchema: () => ({ 'ui:readonly': true, 'ui:widget': 'lookup' }),
    check(f, ctx, path) {
      const t = target(f, ctx);
      if (!t)
        return [
          { path: `${path}/targetField`, message: 'the relation field or the related field does not exist' },
        ];
      if (t.target.type === 'relation' || t.target.type === 'attachment')
        return [{ path: `${path}/targetField`, message: 'cannot look up a relation or attachment field' }];
      return [];
    },
  });

export { arrayFromDb as lookupArrayFromDb };
