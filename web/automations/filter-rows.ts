import { FILTER_KINDS, filterKindOf } from '../../server/fields/facts';
import type { ValueKind } from '../../server/fields/field-type';
import { valueShape } from '../../server/filter/filter.ops';
import type { Filter, Op } from '../../server/filter/filter.schema';
import type { FieldDef } from '../api/types';
import { filterKind, opsFor } from '../views/filter/filter-model';

export type { Filter };
export type { Op, ValueKind };

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

/** The value kind a field compares as on the server (its filter kind's). */
export const kindOf = (f: Pick<FieldDef, 'type' | 'multiple' | 'resultType'>): ValueKind => FILTER_KINDS[filterKind(f)].value;

/** The operators offered for a field: the views' builder menu, less date presets (lines take plain dates). */
export const opsOf = (f: Pick<FieldDef, 'type' | 'multiple' | 'resultType'> | undefined): Op[] =>
  opsFor({ kind: f ? filterKind(f) : 'text' }).filter((op): op is Op => op !== 'preset');

/** Fields a filter can test (the facts say which types have a filter kind: not attachments, not lookups). */
export const filterableFields = (fields: readonly FieldDef[]) => fields.filter((f) => filterKindOf(f) !== undefined);

/** What the value of an op holds (the server's rule). */
export { valueShape };

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
