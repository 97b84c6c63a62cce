import type { Condition } from './filter.schema.js';
import type { FilterContext, FilterField } from './filter.context.js';
import { ME, MY_DEPARTMENTS } from './filter.ops.js';
import { departmentsAllowed, meAllowed, storedValue } from './filter.values.js';

/**
 * A checked condition reduced to a few positive tests on stored values, shared by the SQL
 * compiler and the in-memory evaluator so they cannot drift apart:
 * - `ne`, `nin`, `notContains`, `isNotEmpty` become `eq`, `in`, `contains`, `isEmpty` negated;
 *   a positive test is false on an empty value, so its negation is true there;
 * - on arrays and relations `contains x` becomes "has any of [x]" (`in`), and array `eq` is `setEq`;
 * - `$me` / `$myDepartments` are replaced by the caller's ids (an unknown `$me` matches nothing);
 * - text `contains`/`startsWith` values are lowercased (ASCII letters only).
 */
export interface Plan {
  field: FilterField;
  test:
    'eq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'between' | 'contains' | 'startsWith' | 'isEmpty' | 'setEq';
  negate: boolean;
  /** Stored values: one for eq/gt/…/contains, a list for in/setEq, [lo, hi] for between. */
  values: unknown[];
}

/** Lowercases ASCII letters only, as SQLite's lower() does. */
export const asciiLower = (s: string) =>
  s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));

const negations = { ne: 'eq', nin: 'in', notContains: 'contains', isNotEmpty: 'isEmpty' } as const;

/** Builds the plan of a condition that `checkFilter` accepted. */
export function planCondition(c: Condition, ctx: FilterContext): Plan {
  const field = ctx.fields.get(c.field)!;
  const negate = c.op in negations;
  const op: string = negations[c.op as keyof typeof negations] ?? c.op;
  const plan = (test: Plan['test'], values: unknown[]): Plan => ({ field, test, negate, values });
  if (op === 'isEmpty') return plan('isEmpty', []);

  const departments = c.value === MY_DEPARTMENTS && departmentsAllowed(field, c.op);
  const given = departments ? (ctx.departmentIds ?? []) : Array.isArray(c.value) ? c.value : [c.value];
  const me = meAllowed(field, c.op);
  const values = given.flatMap((v) =>
    departments
      ? [v]
      : v === ME && me
        ? ctx.userId === undefined
          ? []
          : [ctx.userId]
        : [storedValue(field, v, ctx)],
  );
  // Only an unknown $me shrinks a list; an equality naming it matches nothing.
  const unmatchable = values.length < given.length;

  if (field.kind === 'array' || field.kind === 'relation') {
    if (op !== 'eq') return plan('in', values);
    if (unmatchable) return plan('in', []);
    return values.length ? plan('setEq', [...new Set(values)]) : plan('isEmpty', []);
  }
  if (op === 'eq' && (departments || unmatchable)) return plan('in', values);
  if (op === 'contains' || op === 'startsWith')
    return plan(
      op,
      values.map((v) => asciiLower(String(v))),
    );
  return plan(op as Plan['test'], values);
}
