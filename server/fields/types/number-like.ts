import { z } from 'zod';
import { because } from '../../errors.js';
import type { FieldDef } from '../../forms/forms.schema.js';
import type { FieldTypeName } from '../facts.js';
import { type FieldType, type Storage, withFacts } from '../field-type.js';

export interface NumberLikeField extends FieldDef {
  min?: number;
  max?: number;
  /** Decimal places shown and accepted (0–10). */
  precision?: number;
}

const numberConfig = {
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  precision: z.number().int().min(0).max(10).optional(),
  default: z.number().finite().optional(),
};

/** Counts decimal places the way a person wrote the number (1.50 → 1, 1e-7 → 7). */
export function decimalPlaces(n: number): number {
  if (Number.isInteger(n)) return 0;
  const s = String(n);
  const e = s.match(/e-(\d+)$/);
  if (e) return Number(e[1]) + (s.split('e')[0].split('.')[1]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
}

/** Accepts numbers, and numeric strings such as "1,234.50" (what people paste from Excel). */
export const numeric = z
  .union([
    z.number(),
    z
      .string()
      .max(40)
      .regex(/^\s*[-+]?(\d{1,3}(,\d{3})*|\d+)(\.\d+)?\s*$/, because('not_a_number', 'is not a number'))
      .transform((s) => Number(s.replace(/[,\s]/g, ''))),
  ])
  .pipe(z.number().finite(because('not_a_number', 'must be a finite number')));

/** Builds the number-valued types: number, percent, rating and currency. */
export function numberLike<
  const N extends FieldTypeName,
  E extends z.ZodRawShape = Record<never, never>,
>(opts: {
  type: N;
  storage: Storage;
  integer?: boolean;
  fixedPrecision?: number;
  defaultMin?: number;
  defaultMax?: number;
  toDb?: (v: number) => number;
  fromDb?: (v: number) => number;
  widget?: string;
  /** Properties this type adds, or narrows (rating's `max`). */
  extraConfig?: E;
  scale?: number;
}): FieldType<NumberLikeField, N, Omit<typeof numberConfig, keyof E> & E> {
  return withFacts({
    scale: opts.scale,
    type: opts.type,
    config: { ...numberConfig, ...(opts.extraConfig as E) },
    indexed: true,
    kind: () => 'number',
    storage: () => opts.storage,
    input(field) {
      const min = field.min ?? opts.defaultMin;
      const max = field.max ?? opts.defaultMax;
      const places = opts.fixedPrecision ?? field.precision;
      let n: z.ZodType<number> = numeric;
      if (opts.integer)
        n = n.refine(Number.isInteger, because('not_a_whole_number', 'must be a whole number'));
      if (min !== undefined)
        n = n.refine((v) => v >= min, because('too_small', `must be at least ${min}`, { min }));
      if (max !== undefined)
        n = n.refine((v) => v <= max, because('too_large', `must be at most ${max}`, { max }));
      if (places !== undefined)
        n = n.refine(
          (v) => decimalPlaces(v) <= places,
          because('too_many_decimals', `must have at most ${places} decimal places`, { places }),
        );
      // Keep stored values exact where the engines' integers are (2^53).
      return n.refine(
        (v) => Math.abs(opts.toDb ? opts.toDb(v) : v) <= Number.MAX_SAFE_INTEGER,
        because('too_large', 'is too large'),
      );
    },
    toDb: (v) => (opts.toDb ? opts.toDb(v as number) : v),
    fromDb: (v) => (v === null || v === undefined ? null : opts.fromDb ? opts.fromDb(Number(v)) : Number(v)),
    jsonSchema(field) {
      const min = field.min ?? opts.defaultMin;
      const max = field.max ?? opts.defaultMax;
      return {
        type: opts.integer ? 'integer' : 'number',
        ...(min !== undefined ? { minimum: min } : {}),
        ...(max !== undefined ? { maximum: max } : {}),
      };
    },
    uiSchema: (field) => ({
      ...(opts.widget ? { 'ui:widget': opts.widget } : {}),
      ...(field.precision !== undefined ? { 'ui:options': { precision: field.precision } } : {}),
      ...(field.placeholder ? { 'ui:placeholder': field.placeholder } : {}),
    }),
  });
}
