import { z } from 'zod';

import { filterOps } from './filter.ops.js';

export { filterOps };

export type Op = (typeof filterOps)[number];

/** One test on one field: `{ "field": "amount", "op": "gte", "value": 1000 }`. */
export interface Condition {
  field: string;
  op: Op;
  value?: unknown;
}

/**
 * The one filter language (views, permissions, automations, `?filter=`): conditions combined with
 * `and` (empty = true), `or` (empty = false) and `not`. SQL (`compileFilter`) and memory
 * (`matchesFilter`) answer alike:
 * - Empty values (NULL, '', []) fail every test except `isEmpty`, so `ne`, `nin`, `notContains`,
 *   `isNotEmpty` and `not` are true on them; `gt`…`between` are false. `between` is inclusive.
 * - Text `contains`/`notContains`/`startsWith` ignore the case of ASCII letters only ('é' ≠ 'É')
 *   and take `%`, `_`, `\` literally; `eq`/`in` are exact.
 * - Numbers compare stored values (`toDb`, e.g. cents); dates as 'YYYY-MM-DD'; datetimes as UTC
 *   instants (an offset is converted, a bare date means the start of that day in the time zone);
 *   dates also take "today", "now" or `{"relative": "-30d"}` (see `resolveRelative`).
 * - Arrays: `contains` has the value, `in` has any of, `nin` has none of, `eq` is the same set
 *   (`eq []` = empty). Relations: `contains`/`in` are linked to (any of) these record ids.
 * - `"$me"` is the caller (text eq/ne/in/nin, array values; without a caller it matches nobody);
 *   `"$myDepartments"` is the caller's departments as a whole value of text eq/ne/in/nin (eq
 *   means in) or array in/nin.
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
/** Values allowed in all lists of one filter together (each is a bound SQL parameter). */
export const maxFilterValues = 10_000;

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
