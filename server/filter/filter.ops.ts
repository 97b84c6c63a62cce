import type { ValueKind } from '../fields/field-type.js';
import type { Op } from './filter.schema.js';

/** Every operator of the filter language (plain data: the web bundles this module). */
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

/**
 * The ops each value kind allows. On arrays `contains` means "has the value", `in` "has any of",
 * `nin` "has none of" and `eq` "the same set"; on relations they name linked record ids.
 */
export const opsByKind: Record<ValueKind, readonly Op[]> = {
  text: ['eq', 'ne', 'in', 'nin', 'contains', 'notContains', 'startsWith', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between', 'isEmpty', 'isNotEmpty'],
  datetime: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between', 'isEmpty', 'isNotEmpty'],
  boolean: ['eq', 'ne', 'isEmpty', 'isNotEmpty'],
  array: ['eq', 'contains', 'notContains', 'in', 'nin', 'isEmpty', 'isNotEmpty'],
  relation: ['contains', 'notContains', 'in', 'isEmpty', 'isNotEmpty'],
};

/** The ops a masked field allows: whole values only, no ranges, prefixes or substrings. */
export const exactOps: readonly Op[] = ['eq', 'ne', 'in', 'nin', 'isEmpty', 'isNotEmpty'];

/** What an op's `value` holds. */
export type ValueShape = 'none' | 'one' | 'list' | 'pair';

export function valueShape(kind: ValueKind, op: Op): ValueShape {
  if (op === 'isEmpty' || op === 'isNotEmpty') return 'none';
  if (op === 'in' || op === 'nin' || (op === 'eq' && kind === 'array')) return 'list';
  if (op === 'between') return 'pair';
  return 'one';
}

/** The special values standing for the caller. */
export const ME = '$me';
export const MY_DEPARTMENTS = '$myDepartments';
