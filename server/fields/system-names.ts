/**
 * Names a record, the filter language and sorts use for system columns. A field key may not be
 * one of them in any casing or spelling (`createdAt`, `CREATED_AT`, `created_at`), so a user field
 * can never stand in for a system column in a filter, a permission scope, a sort or the record shape.
 */
export const systemNames = [
  // The record shape (API.md) and the filter/sort names of system columns (form-model systemFields).
  'id',
  'formId',
  'version',
  'state',
  'stateEnteredAt',
  'ownerId',
  'departmentId',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'deletedAt',
  'seq',
  'fields',
  // Their column names (records.repository systemColumns) and the table's other identifiers.
  'owner_id',
  'department_id',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'deleted_at',
  'state_entered_at',
  'form_id',
] as const;

// Casing and underscores do not make a name different: `Owner_Id` is `ownerId`.
const fold = (name: string) => name.toLowerCase().replace(/_/g, '');
const folded = new Set(systemNames.map(fold));

/** Whether `key` names a system column (case- and underscore-insensitive). */
export const isSystemName = (key: string) => folded.has(fold(key));

/**
 * A field key derived from `base` (a form key, a label) that is an identifier, not a system name
 * and not in `taken`: `base`, then `base2`, `base3`, …
 */
export function freeFieldKey(taken: Set<string>, base: string): string {
  const clean = base.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1') || 'related';
  const free = (k: string) => !taken.has(k) && !isSystemName(k);
  if (free(clean)) return clean;
  for (let i = 2; ; i++) if (free(`${clean}${i}`)) return `${clean}${i}`;
}
