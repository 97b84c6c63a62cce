import type { ErrorDetail } from '../errors.js';
import { type FilterContext, fieldName } from './filter.context.js';
import { exactOps, MY_DEPARTMENTS, opsByKind, valueShape } from './filter.ops.js';
import { filterLimitDetails } from './filter.parse.js';
import { type Condition, type Filter, maxFilterList, maxFilterValues } from './filter.schema.js';
import { departmentsAllowed, valueProblem } from './filter.values.js';

/**
 * Checks a filter (already shaped by `filterSchema`) against the fields: size limits, unknown
 * fields, ops the field's kind does not allow, and values of the wrong type. Answers the problems
 * with JSON-pointer paths under `basePath`, e.g. `/filter/and/1/value`; empty means the filter
 * may be compiled and evaluated.
 */
export function checkFilter(filter: Filter, ctx: FilterContext, basePath = ''): ErrorDetail[] {
  const limits = filterLimitDetails(filter, basePath);
  if (limits.length) return limits;
  let listed = 0;
  const walk = (node: Filter, path: string): ErrorDetail[] => {
    if ('and' in node) return node.and.flatMap((child, i) => walk(child, `${path}/and/${i}`));
    if ('or' in node) return node.or.flatMap((child, i) => walk(child, `${path}/or/${i}`));
    if ('not' in node) return walk(node.not, `${path}/not`);
    const errors = checkCondition(node, ctx, path);
    const before = listed;
    if (Array.isArray(node.value)) listed += node.value.length;
    return before <= maxFilterValues && listed > maxFilterValues
      ? [
          ...errors,
          { path: `${path}/value`, message: `A filter may list at most ${maxFilterValues} values in all` },
        ]
      : errors;
  };
  return walk(filter, basePath);
}

function checkCondition(c: Condition, ctx: FilterContext, path: string): ErrorDetail[] {
  const field = ctx.fields.get(c.field);
  if (!field) return [{ path: `${path}/field`, message: `Unknown field "${c.field}"` }];
  const name = fieldName(field);
  const allowed = opsByKind[field.kind];
  if (!allowed.includes(c.op)) {
    return [
      {
        path: `${path}/op`,
        message: `Field ${name} does not support "${c.op}"; use one of: ${allowed.join(', ')}`,
      },
    ];
  }
  if (field.exactOnly && !exactOps.includes(c.op)) {
    const ops = exactOps.filter((op) => allowed.includes(op)).join(', ');
    return [
      {
        path: `${path}/op`,
        message: `Field ${name} is masked for you: filter it with one of ${ops}, not "${c.op}"`,
      },
    ];
  }
  const at = `${path}/value`;
  const problem = (message: string, where = at) => [
    { path: where, message: `Field ${name}: the value ${message}` },
  ];
  const shape = valueShape(field.kind, c.op);
  const v = c.value;
  if (shape === 'none') return v === undefined ? [] : problem(`must be left out for "${c.op}"`);
  if (v === undefined || v === null)
    return problem(`is required for "${c.op}"${c.op === 'eq' ? ' (use isEmpty to find empty values)' : ''}`);
  if (v === MY_DEPARTMENTS && departmentsAllowed(field, c.op)) return [];
  if (shape === 'one') {
    const message = valueProblem(field, c.op, v, ctx);
    return message ? problem(message) : [];
  }
  if (!Array.isArray(v)) return problem(shape === 'pair' ? 'must be a [low, high] pair' : 'must be a list');
  if (shape === 'pair' && v.length !== 2) return problem('must be a [low, high] pair');
  if (v.length > maxFilterList) return problem(`must have at most ${maxFilterList} items`);
  return v.flatMap((item, i) => {
    const message = valueProblem(field, c.op, item, ctx);
    return message ? problem(message, `${at}/${i}`) : [];
  });
}
