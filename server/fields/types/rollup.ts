import { z } from 'zod';
import type { FieldDef } from '../../forms/forms.schema.js';
import { defineFieldType } from '../field-type.js';
import type { DefinitionContext, TypeOf, ValueKind } from '../field-type.js';
import { resolveThrough } from './through.js';

export type RollupOp = 'count' | 'sum' | 'avg' | 'min' | 'max';

export interface RollupField extends FieldDef {
  relationField: string;
  /** Not needed for count. */
  targetField?: string;
  op: RollupOp;
}

function resultKind(fieldType: TypeOf, f: RollupField, ctx?: DefinitionContext): ValueKind {
  if (f.op === 'count' || !ctx || !f.targetField) return 'number';
  const t = resolveThrough(f.relationField, f.targetField, ctx);
  const k = t ? fieldType(t.target.type).kind(t.target, t.targetCtx) : 'number';
  return (f.op === 'min' || f.op === 'max') && (k === 'date' || k === 'datetime') ? k : 'number';
}

/**
 * count / sum / avg / min / max over the related records (e.g. 最近合作时间 = max of the
 * interactions' 互动日期). Stored, and recomputed whenever a related record changes.
 */
export const rollupType = (fieldType: TypeOf) =>
  defineFieldType<RollupField>()({
    type: 'rollup',
    config: {
      relationField: z.string().max(80),
      targetField: z.string().max(80).optional(),
      op: z.enum(['count', 'sum', 'avg', 'min', 'max']),
    },
    indexed: true,
    kind: (f, ctx) => resultKind(fieldType, f, ctx),
    empty: (f) => (f.op === 'count' ? 0 : null),
    storage: (f, ctx) => (resultKind(fieldType, f, ctx) === 'number' ? 'real' : 'text'),
    input: () => z.never(),
    toDb: (v) => v,
    fromDb: (v, f) =>
      v === null || v === undefined
        ? f.op === 'count'
          ? 0
          : null
        : typeof v === 'string' && Number.isNaN(Number(v))
          ? v
          : Math.round(Number(v) * 1e10) / 1e10,
    jsonSchema: (f, ctx) => {
      const k = resultKind(fieldType, f, ctx);
      return k === 'number'
        ? { type: 'number', readOnly: true }
        : { type: 'string', format: k === 'date' ? 'date' : 'date-time', readOnly: true };
    },
    uiSchema: () => ({ 'ui:readonly': true }),
    check(f, ctx, path) {
      if (f.op !== 'count' && !f.targetField)
        return [{ path: `${path}/targetField`, message: `is required for ${f.op}` }];
      const t = resolveThrough(f.relationField, f.targetField, ctx);
      if (!t)
        return [
          {
            path: `${path}/relationField`,
            message: 'the relation field or the related field does not exist',
          },
        ];
      if (f.op !== 'count') {
        const k = fieldType(t.target.type).kind(t.target, t.targetCtx);
        const ok =
          f.op === 'min' || f.op === 'max' ? ['number', 'date', 'datetime'].includes(k) : k === 'number';
        if (!ok)
          return [
            { path: `${path}/targetField`, message: `cannot compute ${f.op} of a ${t.target.type} field` },
          ];
      }
      return [];
    },
  });
