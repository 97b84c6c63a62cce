import type { ErrorDetail } from '../errors.js';
import type { FormModel, ModelField } from '../forms/form-model.js';
import type { FormAccess } from '../permissions/access.js';
import { importable } from './cell-values.js';

/** Column header → field key; null leaves a column out. */
export type Mapping = Record<string, string | null>;

/** A mapped column of the file. */
export interface Column {
  index: number;
  header: string;
  field: ModelField;
}

// "客户名称 *", " Customer Name ", "customer_name" all compare equal to their field.
const normalize = (s: string) =>
  s
    .replace(/^\uFEFF/, '')
    .replace(/[*＊]\s*$/, '')
    .replace(/[\s_\-（）()]/g, '')
    .toLowerCase();

/** Fields the caller may fill from a file: importable types, not hidden or read-only for them. */
export function writableFields(
  model: FormModel,
  access: Pick<FormAccess, 'hidden' | 'readonly'>,
): ModelField[] {
  return model.fields.filter(
    (f) => importable(f) && !access.hidden.has(f.def.key) && !access.readonly.has(f.def.key),
  );
}

/** Suggests a field for each header by label or key (trimmed, case- and space-insensitive). */
export function suggestMapping(headers: string[], fields: ModelField[]): Mapping {
  const byName = new Map<string, string>();
  for (const f of fields) byName.set(normalize(f.def.key), f.def.key);
  // Labels win over keys when both match different fields.
  for (const f of fields) byName.set(normalize(f.def.label), f.def.key);
  const used = new Set<string>();
  const out: Mapping = {};
  for (const h of headers) {
    const key = byName.get(normalize(h));
    out[h] = key && !used.has(key) ? key : null;
    if (key) used.add(key);
  }
  return out;
}

/** Checks a requested mapping's targets before any file is read (422 details under /mapping). */
export function checkMappingTargets(mapping: Mapping, fields: ModelField[], model: FormModel): ErrorDetail[] {
  const allowed = new Set(fields.map((f) => f.def.key));
  const errors: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const [header, key] of Object.entries(mapping)) {
    if (key === null || key === '') continue;
    const path = `/mapping/${header.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!allowed.has(key))
      errors.push({
        path,
        message: model.byKey.has(key)
          ? `"${key}" cannot be imported (computed, a file, or not writable for you)`
          : `unknown field "${key}"`,
      });
    else if (seen.has(key)) errors.push({ path, message: `"${key}" is mapped from more than one column` });
    seen.add(key);
  }
  return errors;
}

/** The columns to import given the file's headers; headers named in the mapping must be there. */
export function resolveColumns(
  headers: string[],
  mapping: Mapping,
  model: FormModel,
): { columns: Column[]; ignored: string[]; missing: string[] } {
  const columns: Column[] = [];
  const ignored: string[] = [];
  const trimmed = headers.map((h) => h.trim());
  headers.forEach((h, index) => {
    const key = mapping[h] ?? mapping[trimmed[index]];
    const field = key ? model.byKey.get(key) : undefined;
    if (field) columns.push({ index, header: h, field });
    else ignored.push(h);
  });
  const missing = Object.entries(mapping)
    .filter(([h, k]) => k && !headers.includes(h) && !trimmed.includes(h.trim()))
    .map(([h]) => h);
  return { columns, ignored, missing };
}
