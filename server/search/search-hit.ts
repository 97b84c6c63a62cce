import type { FormModel } from '../forms/form-model.js';
import type { RecordOut } from '../records/records.repository.js';

/** One record found by the global search, as the caller may see it. */
export interface SearchHit {
  formId: string;
  formName: string;
  appId: string;
  appName: string;
  recordId: string;
  /** The record's title field (or its first text field) as the caller sees it; null when hidden or empty. */
  title: string | null;
  /** The first visible field whose text holds the query, when it is not the title. */
  matched: { key: string; label: string; value: string } | null;
}

const text = (v: unknown): string | null =>
  typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null;

/** A found record as a hit: its title, and which of its (already presented) fields matched. */
export function searchHit(
  model: FormModel,
  rec: RecordOut,
  form: { id: string; name: string; appId: string; appName: string },
  q: string,
  masked: ReadonlySet<string>,
): SearchHit {
  const titleKey =
    model.def.fields.find((f) => f.id === model.def.titleField)?.key ??
    model.fields.find((f) => f.def.type === 'text')?.def.key;
  const title = titleKey ? text(rec.fields[titleKey]) : null;
  const needle = q.toLowerCase();
  let matched: SearchHit['matched'] = null;
  for (const f of model.fields) {
    const v = text(rec.fields[f.def.key]);
    if (f.def.key === titleKey || !v || !(f.def.key in rec.fields)) continue;
    if (v.toLowerCase().includes(needle)) {
      matched = { key: f.def.key, label: f.def.label, value: v };
      break;
    }
    // A field the caller sees masked matched whole on the server: shown masked, as in the list.
    if (!matched && masked.has(f.def.key)) matched = { key: f.def.key, label: f.def.label, value: v };
  }
  return {
    formId: form.id,
    formName: form.name,
    appId: form.appId,
    appName: form.appName,
    recordId: rec.id,
    title,
    matched,
  };
}
