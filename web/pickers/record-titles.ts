import { useForm } from '../api/forms';
import { useRecordRefs } from '../api/record-pages';
import type { DataRecord, FormDefinition } from '../api/types';

/** The key of a form's title field: its `titleField` (an id or key), else its first text field. */
export function titleKeyOf(
  def: Pick<FormDefinition, 'fields' | 'titleField'> | undefined,
): string | undefined {
  if (!def) return undefined;
  const named = def.titleField
    ? def.fields.find((f) => f.id === def.titleField || f.key === def.titleField)
    : undefined;
  return (named ?? def.fields.find((f) => f.type === 'text') ?? def.fields[0])?.key;
}

/** A record's title: its title field's value as text, else `fallback`. */
export function titleOf(
  record: Pick<DataRecord, 'fields'> | null | undefined,
  titleKey: string | undefined,
  fallback: string,
): string {
  const v = record && titleKey ? record.fields[titleKey] : undefined;
  if (v === null || v === undefined || v === '') return fallback;
  return Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The title key of another form (its definition is cached once for every cell that asks). */
export function useTitleKey(formId: string | undefined): string | undefined {
  return titleKeyOf(useForm(formId).data);
}

/**
 * Titles of records of a form by id, looked up in batches and cached per record. Ids not found
 * (deleted, or out of the caller's scope) get `missing`; ids still loading are absent.
 */
export function useRecordTitles(
  formId: string | undefined,
  ids: readonly string[],
  missing: string,
): Map<string, string> {
  const titleKey = useTitleKey(formId);
  const results = useRecordRefs(formId, ids);
  const out = new Map<string, string>();
  ids.forEach((id, i) => {
    const r = results[i];
    if (!r || r.isLoading || !r.isFetched) return;
    out.set(id, r.data ? titleOf(r.data, titleKey, id) : missing);
  });
  return out;
}
