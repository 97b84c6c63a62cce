import type { FilterContext } from './filter.context.js';
import { type Plan, asciiLower, planCondition } from './filter.plan.js';
import type { Filter } from './filter.schema.js';
import { storedRecordValue } from './filter.values.js';

type Row = Record<string, unknown>;

/**
 * Turns a filter that `checkFilter` accepted into a predicate over in-memory records keyed by
 * filter key and holding API values (currency in yuan, booleans, string arrays, relation = array
 * of linked ids; empty = null). Values are first turned into their stored form (`toDb`, ISO
 * instants, 1/0), so the answer is exactly the SQL one of `compileFilter`. Plans once: use it
 * to test many records.
 */
export function filterPredicate(filter: Filter, ctx: FilterContext): (record: Row) => boolean {
  if ('and' in filter) {
    const parts = filter.and.map((f) => filterPredicate(f, ctx));
    return (r) => parts.every((p) => p(r));
  }
  if ('or' in filter) {
    const parts = filter.or.map((f) => filterPredicate(f, ctx));
    return (r) => parts.some((p) => p(r));
  }
  if ('not' in filter) {
    const inner = filterPredicate(filter.not, ctx);
    return (r) => !inner(r);
  }
  const plan = planCondition(filter, ctx);
  return (r) => test(plan, storedRecordValue(plan.field, r[filter.field])) !== plan.negate;
}

/** Whether one in-memory record matches a filter (see `filterPredicate`). */
export function matchesFilter(filter: Filter, record: Row, ctx: FilterContext): boolean {
  return filterPredicate(filter, ctx)(record);
}

/** The positive test; false on an empty value except for isEmpty, as SQL reads NULL in WHERE. */
function test(plan: Plan, x: unknown): boolean {
  if (plan.test === 'isEmpty') return x === null;
  if (x === null) return false;
  const [a, b] = plan.values as (string | number)[];
  if (Array.isArray(x)) {
    if (plan.test === 'in') return x.some((e) => plan.values.includes(e));
    const own = new Set(x);
    return own.size === plan.values.length && plan.values.every((v) => own.has(v));
  }
  const v = x as string | number;
  switch (plan.test) {
    case 'eq':
      return v === a;
    case 'gt':
      return v > a;
    case 'gte':
      return v >= a;
    case 'lt':
      return v < a;
    case 'lte':
      return v <= a;
    case 'between':
      return v >= a && v <= b;
    case 'in':
      return plan.values.includes(v);
    case 'contains':
      return asciiLower(String(v)).includes(a as string);
    case 'startsWith':
      return asciiLower(String(v)).startsWith(a as string);
    default:
      return false;
  }
}
