import type { TFunction } from 'i18next';
import type { FieldDef } from '../../api/types';
import type { FormWorkflow } from '../../api/record-workflow';
import { factsOf, filterKindOf, sortableField } from '../../../server/fields/facts';
import type { FilterKind } from '../filter/filter-model';

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

/** Every field a filter or sort may name, form fields first, then the system ones. */
export function fieldChoices(
  fields: readonly FieldDef[],
  workflow: FormWorkflow | null | undefined,
  t: TFunction,
  masked: readonly string[] = [],
): FieldChoice[] {
  const own: FieldChoice[] = fields.flatMap((f) => {
    const kind = filterKindOf(f);
    if (!kind) return [];
    const exactOnly = masked.includes(f.key);
    const sortable = !exactOnly && sortableField(f);
    return [{ key: f.key, label: f.label, kind, field: f, sortable, ...(exactOnly ? { exactOnly } : {}) }];
  });
  const sys: FieldChoice[] = [
    ...(workflow ? [{ key: 'state', label: t('system.state'), kind: 'state' as const, sortable: true }] : []),
    { key: 'createdAt', label: t('system.createdAt'), kind: 'datetime', sortable: true },
    { key: 'updatedAt', label: t('system.updatedAt'), kind: 'datetime', sortable: true },
    {
      key: 'ownerId',
      label: t('system.ownerId'),
      kind: 'ref',
      field: { key: 'ownerId', type: 'member', label: t('system.ownerId') },
      sortable: true,
    },
  ];
  return [...own, ...sys];
}

/** Whether a cell edits the field in place (the others open the record). */
export const inlineEditable = (type: string) => !!factsOf(type)?.inlineEditable;
/** Whether the API computes the field: never edited. */
export const isComputed = (type: string) => !!factsOf(type)?.computed;
