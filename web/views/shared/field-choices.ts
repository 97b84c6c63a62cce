import type { TFunction } from 'i18next';
import type { FieldDef } from '../../api/types';
import type { FormWorkflow } from '../../api/record-workflow';
import { type FilterKind, filterKind } from '../filter/filter-model';

/** A field a view can filter, sort or group by: a form field, or a system one (state, createdAt…). */
export interface FieldChoice {
  key: string;
  label: string;
  kind: FilterKind;
  field?: FieldDef;
  sortable: boolean;
  /** Shown masked to this user (GET /access `masked`): matched whole only, never sorted or grouped. */
  exactOnly?: boolean;
}

/** Field types a list cannot sort by (stored as JSON or computed from links). */
const UNSORTABLE = new Set(['relation', 'multiselect', 'attachment', 'lookup']);

/** Every field a filter or sort may name, form fields first, then the system ones. */
export function fieldChoices(fields: readonly FieldDef[], workflow: FormWorkflow | null | undefined, t: TFunction, masked: readonly string[] = []): FieldChoice[] {
  const own: FieldChoice[] = fields
    .filter((f) => f.type !== 'attachment')
    .map((f) => {
      const exactOnly = masked.includes(f.key);
      const sortable = !exactOnly && !UNSORTABLE.has(f.type) && !((f.type === 'member' || f.type === 'department') && f.multiple);
      return { key: f.key, label: f.label, kind: filterKind(f), field: f, sortable, ...(exactOnly ? { exactOnly } : {}) };
    });
  const sys: FieldChoice[] = [
    ...(workflow ? [{ key: 'state', label: t('system.state'), kind: 'state' as const, sortable: true }] : []),
    { key: 'createdAt', label: t('system.createdAt'), kind: 'datetime', sortable: true },
    { key: 'updatedAt', label: t('system.updatedAt'), kind: 'datetime', sortable: true },
    { key: 'ownerId', label: t('system.ownerId'), kind: 'ref', field: { key: 'ownerId', type: 'member', label: t('system.ownerId') }, sortable: true },
  ];
  return [...own, ...sys];
}

/** Field types edited in place in a cell (the others open the record). */
export const INLINE_EDITABLE = new Set(['text', 'textarea', 'number', 'currency', 'percent', 'rating', 'email', 'phone', 'url', 'select', 'multiselect', 'checkbox', 'date', 'datetime', 'member', 'department']);
/** Field types the API computes: never edited. */
export const COMPUTED = new Set(['lookup', 'rollup', 'formula', 'autonumber']);
