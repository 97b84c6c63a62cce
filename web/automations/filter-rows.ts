import type { Filter } from '../../server/filter/filter.schema';
import type { FieldDef } from '../api/types';

export type { Filter };
export type Op = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'contains' | 'notContains' | 'startsWith' | 'isEmpty' | 'isNotEmpty' | 'between';
export type ValueKind = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'array' | 'relation';

/** One line of the filter builder: field → operator → value. */
export interface FilterRow {
  field: string;
  op: Op;
  value?: unknown;
}

/** The builder's model: lines joined by 且 (and) or 或 (or). */
export interface FilterRows {
  conj: 'and' | 'or';
  rows: FilterRow[];
}

/** The ops each kind allows, mirroring `server/filter/filter.ops.ts`. */
export const OPS_BY_KIND: Record<ValueKind, readonly Op[]> = {
  text: ['eq', 'ne', 'in', 'nin', 'contains', 'notContains', 'startsWith', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  datetime: ['gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  boolean: ['eq', 'ne', 'isEmpty', 'isNotEmpty'],
  array: ['contains', 'notContains', 'in', 'nin', 'isEmpty', 'isNotEmpty'],
  relation: ['contains', 'notContains', 'isEmpty', 'isNotEmpty'],
};

/** The value kind of a field (as the server's field registry reports it). */
export function kindOf(f: Pick<FieldDef, 'type' | 'multiple' | 'resultType'>): ValueKind {
  switch (f.type) {
    case 'number': case 'currency': case 'percent': case 'rating': case 'rollup':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'checkbox':
      return 'boolean';
    case 'multiselect': case 'attachment':
      return 'array';
    case 'member': case 'department':
      return f.multiple ? 'array' : 'text';
    case 'relation':
      return 'relation';
    case 'formula':
      return f.resultType === 'boolean' ? 'boolean' : f.resultType && f.resultType !== 'text' ? f.resultType : 'text';
    default:
      return 'text';
  }
}

/** Fields a filter can test (attachments and lookups cannot be filtered). */
export const filterableFields = (fields: readonly FieldDef[]) => fields.filter((f) => f.type !== 'attachment' && f.type !== 'lookup');

/** What the value of an op holds. */
export function valueShape(kind: ValueKind, op: Op): 'none' | 'one' | 'list' | 'pair' {
  if (op === 'isEmpty' || op === 'isNotEmpty') return 'none';
  if (op === 'in' || op === 'nin') return 'list';
  if (op === 'between') return 'pair';
  return kind === 'array' && op === 'eq' ? 'list' : 'one';
}

const isCondition = (f: Filter): f is FilterRow => typeof (f as FilterRow).field === 'string' && typeof (f as FilterRow).op === 'string';

/**
 * Reads a filter into builder lines when it is flat (one condition, or one and/or of
 * conditions); answers null for nested filters, which are edited as JSON instead.
 */
export function fromFilter(filter: Filter | undefined | null): FilterRows | null {
  if (!filter) return { conj: 'and', rows: [] };
  if (isCondition(filter)) return { conj: 'and', rows: [{ field: filter.field, op: filter.op, ...('value' in filter ? { value: filter.value } : {}) }] };
  const conj = 'and' in filter ? 'and' : 'or' in filter ? 'or' : null;
  if (!conj) return null;
  const list = (filter as Record<string, Filter[]>)[conj];
  if (!list.every(isCondition)) return null;
  return { conj, rows: list.map((c) => ({ ...(c as FilterRow) })) };
}

/** A line is complete when it names a field and, unless its op needs none, has a value. */
export function rowComplete(row: FilterRow): boolean {
  if (!row.field) return false;
  if (row.op === 'isEmpty' || row.op === 'isNotEmpty') return true;
  if (row.value === undefined || row.value === null || row.value === '') return false;
  if (row.op === 'between') return Array.isArray(row.value) && row.value.length === 2 && row.value.every((v) => v !== null && v !== undefined && v !== '');
  if (row.op === 'in' || row.op === 'nin') return Array.isArray(row.value) && row.value.length > 0;
  return true;
}

/** The JSON filter of the builder's complete lines; undefined when there are none. */
export function toFilter(model: FilterRows): Filter | undefined {
  const rows = model.rows.filter(rowComplete).map(({ field, op, value }): FilterRow => (op === 'isEmpty' || op === 'isNotEmpty' ? { field, op } : { field, op, value }));
  if (!rows.length) return undefined;
  return model.conj === 'and' ? { and: rows } : { or: rows };
}
