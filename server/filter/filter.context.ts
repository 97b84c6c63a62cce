import type { ValueKind } from '../fields/field-type.js';

/** A field as the filter language sees it: a name, a value kind and where the value lives. */
export interface FilterField {
  /** The name used in filters. */
  key: string;
  /** Shown in error messages when given. */
  label?: string;
  kind: ValueKind;
  /** SQL column on the record table (a generated id, safe as an identifier). */
  column: string;
  /**
   * API value -> stored value for text, number, date and datetime fields (e.g. currency yuan ->
   * integer cents). Applied to filter values and, in memory, to record values, so both sides
   * compare stored values. Not used for boolean, array and relation fields. Default: identity.
   */
  toDb?: (apiValue: unknown) => unknown;
  /** Select-like fields: the allowed values for eq/ne/in/nin (and for array elements). */
  options?: string[];
  /** Relation fields: the link-table rows are (field_id = linkFieldId, mySide = this record). */
  relation?: { linkFieldId: string; mySide: 'source_id' | 'target_id' };
  /**
   * The caller sees this field masked (a sensitive field): only exact matches (`exactOps`) may
   * filter on it, and it may not sort, group or be searched by substring, so its value cannot be
   * probed character by character or put in order.
   */
  exactOnly?: boolean;
}

export interface FilterContext {
  /** The filterable fields by key, system pseudo-fields (id, state, ownerId, createdAt, …) included. */
  fields: Map<string, FilterField>;
  /** What `"$me"` stands for; without it `$me` matches nobody. */
  userId?: string;
  /** What `"$myDepartments"` stands for (absent = none). */
  departmentIds?: string[];
  /** The clock and IANA time zone relative dates are resolved with. */
  now: Date;
  timeZone: string;
  engine: 'sqlite' | 'postgres';
}

/** How a field is named to a person. */
export const fieldName = (field: FilterField) => `"${field.label ?? field.key}"`;
