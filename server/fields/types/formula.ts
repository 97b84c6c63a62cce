import { z } from 'zod';
import type { FieldDef } from '../../forms/forms.schema.js';
import { defineFieldType } from '../field-type.js';
import type { Storage, ValueKind } from '../field-type.js';

export type FormulaResultType = 'number' | 'text' | 'date' | 'datetime' | 'boolean';

export interface FormulaField extends FieldDef {
  /** e.g. `({current} - {baseline}) / ({target} - {baseline})`. */
  expression: string;
  /** Inferred by the server when the form is saved. */
  resultType?: FormulaResultType;
  precision?: number;
}

const kinds: Record<FormulaResultType, { kind: ValueKind; storage: Storage; json: Record<string, unknown> }> =
  {
    number: { kind: 'number', storage: 'real', json: { type: 'number' } },
    text: { kind: 'text', storage: 'text', json: { type: 'string' } },
    date: { kind: 'date', storage: 'text', json: { type: 'string', format: 'date' } },
    datetime: { kind: 'datetime', storage: 'text', json: { type: 'string', format: 'date-time' } },
    boolean: { kind: 'boolean', storage: 'integer', json: { type: 'boolean' } },
  };

/**
 * A value computed from other fields of the same record on every write (see server/formula for
 * the language, and server/fields/formulas.ts for type inference and cycle checks at save).
 */
export const formulaType = defineFieldType<FormulaField>()({
  type: 'formula',
  config: {
    expression: z.string().min(1).max(2000),
    resultType: z.enum(['number', 'text', 'date', 'datetime', 'boolean']).optional(),
    precision: z.number().int().min(0).max(10).optional(),
  },
  kind: (f) => kinds[f.resultType ?? 'text'].kind,
  storage: (f) => kinds[f.resultType ?? 'text'].storage,
  input: () => z.never(),
  toDb: (v, f) => (f.resultType === 'boolean' && v !== null ? (v ? 1 : 0) : v),
  fromDb: (v, f) =>
    v === null || v === undefined
      ? null
      : f.resultType === 'boolean'
        ? v === 1 || v === true
        : f.resultType === 'number'
          ? Number(v)
          : v,
  jsonSchema: (f) => ({ ...kinds[f.resultType ?? 'text'].json, readOnly: true }),
  uiSchema: (f) => ({
    'ui:readonly': true,
    'ui:options': { expression: f.expression, precision: f.precision },
  }),
});
