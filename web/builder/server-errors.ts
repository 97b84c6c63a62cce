import type { ErrorDetail } from '../api/types';

/** A 422's details sorted for the builder: per field index (with the property) and form-level. */
export interface BuilderErrors {
  /** field index → messages, each with the property path after the index (`key`, `options/0/value`…). */
  fields: Map<number, Array<{ prop: string; message: string }>>;
  /** `/key`, `/name`, `/layout/…` and anything else. */
  form: Array<{ path: string; message: string }>;
}

/**
 * Splits `details[].path` such as `/fields/3/options/0/value` into field 3, property
 * `options/0/value`; anything not under `/fields/<n>` is a form-level error.
 */
export function groupBuilderErrors(details: readonly ErrorDetail[]): BuilderErrors {
  const out: BuilderErrors = { fields: new Map(), form: [] };
  for (const d of details) {
    const m = /^\/fields\/(\d+)(?:\/(.*))?$/.exec(d.path);
    if (!m) {
      out.form.push({ path: d.path, message: d.message });
      continue;
    }
    const i = Number(m[1]);
    const list = out.fields.get(i) ?? [];
    list.push({ prop: m[2] ?? '', message: d.message });
    out.fields.set(i, list);
  }
  return out;
}
