import { z } from 'zod';

export const filterOps = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'contains',
  'notContains',
  'startsWith',
  'isEmpty',
  'isNotEmpty',
  'between',
] as const;

export type Op = (typeof filterOps)[number];

/** One test on one field: `{ "field": "amount", "op": "gte", "value": 1000 }`. */
export interface Condition {
  field: string;
  op: Op;
  value?: unknown;
}

/**
 * The one filter language (views, permissions, automations, `?filter=`): conditions combined with
 * `and` (empty = true), `or` (empty = false) and `not`.
 *
 * @example { "and": [{ "field": "state", "op": "eq", "value": "won" },
 *                    { "field": "createdAt", "op": "gte", "value": { "relative": "-30d" } }] }
 */
export type Filter = { and: Filter[] } | { or: Filter[] } | { not: Filter } | Condition;

/** Nesting of and/or/not groups allowed. */
export const maxFilterDepth = 10;
/** Conditions allowed in one filter. */
export const maxFilterConditions = 200;
/** Items allowed in an in/nin list. */
export const maxFilterList = 1000;

export const conditionSchema = z.strictObject({
  field: z.string().min(1).max(100),
  op: z.enum(filterOps),
  value: z.unknown().optional(),
});

/**
 * The shape of a filter; field names, ops per kind and values are checked against the form by
 * `checkFilter`. Its union errors all sit at the node: use `filterShapeDetails` for precise paths.
 */
export const filterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.strictObject({ and: z.array(filterSchema) }),
    z.strictObject({ or: z.array(filterSchema) }),
    z.strictObject({ not: filterSchema }),
    conditionSchema,
  ]),
);
