import type { ErrorDetail, FormSchema } from '../api/types';

type Json = Record<string, unknown>;

/** rjsf's error schema: `{ customerName: { __errors: ['required'] } }`, nested for nested paths. */
export interface ErrorTree {
  __errors?: string[];
  [key: string]: ErrorTree | string[] | undefined;
}

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * Turns a 422's `details` into rjsf `extraErrors`: `/fields/customerName` → `customerName`.
 * Paths outside `prefix` are returned in `rest` (shown above the form). `word` gives a detail's
 * text (the reason in the user's language, see api/reason-text.ts); else the server's message.
 */
export function detailsToErrorSchema(
  details: readonly ErrorDetail[],
  prefix = '/fields',
  word?: (d: ErrorDetail) => string | undefined,
): { errors: ErrorTree; rest: ErrorDetail[] } {
  const errors: ErrorTree = {};
  const rest: ErrorDetail[] = [];
  for (const d of details) {
    if (!(d.path === prefix || d.path.startsWith(`${prefix}/`))) {
      rest.push(d);
      continue;
    }
    const parts = d.path.slice(prefix.length).split('/').filter(Boolean).map(unescape);
    let node = errors;
    for (const p of parts) node = (node[p] ??= {}) as ErrorTree;
    (node.__errors ??= []).push(word?.(d) ?? d.message);
  }
  return { errors, rest };
}

/** The schema as rjsf's validator (draft-07 ajv) can take it: no `$schema`/`$id` of another draft. */
export function forRjsf(schema: FormSchema): FormSchema {
  // The form's own title is the page's heading already; rjsf would repeat it above the fields.
  const { $schema: _s, $id: _i, title: _t, description: _d, ...jsonSchema } = schema.jsonSchema;
  void [_s, _i, _t, _d];
  return { jsonSchema, uiSchema: schema.uiSchema };
}

/** Keys of properties the API computes (autonumber, formula, lookup, rollup): never sent. */
export function readOnlyKeys(schema: FormSchema): Set<string> {
  const props = (schema.jsonSchema.properties ?? {}) as Record<string, Json>;
  const out = new Set<string>();
  for (const [k, p] of Object.entries(props)) {
    const ui = (schema.uiSchema[k] ?? {}) as Json;
    if (p.readOnly === true || ui['ui:readonly'] === true) out.add(k);
  }
  return out;
}

/** A record's values as rjsf wants them: empty (null) values left out, so they validate as "not filled". */
export function formDataOf(fields: Json): Json {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The values to send: writable properties only; with `before`, only those that changed
 * (a cleared value is sent as null).
 */
export function valuesToSend(data: Json, schema: FormSchema, before?: Json): Json {
  const ro = readOnlyKeys(schema);
  const keys = new Set([...Object.keys(data), ...Object.keys(before ?? {})]);
  const out: Json = {};
  for (const k of keys) {
    if (ro.has(k)) continue;
    const props = (schema.jsonSchema.properties ?? {}) as Json;
    if (!(k in props)) continue;
    const v = data[k] === undefined ? null : data[k];
    if (before && same(before[k], v)) continue;
    if (!before && v === null) continue;
    out[k] = v;
  }
  return out;
}

/**
 * Just some fields of a form's schema, all required: what a transition asks for before it can go
 * ahead. Keys the schema does not have are ignored.
 */
export function subsetSchema(schema: FormSchema, keys: readonly string[]): FormSchema {
  const props = (schema.jsonSchema.properties ?? {}) as Json;
  const picked = keys.filter((k) => k in props);
  const uiSchema: Json = { 'ui:order': [...picked, '*'] };
  for (const k of picked) if (schema.uiSchema[k]) uiSchema[k] = schema.uiSchema[k];
  return {
    jsonSchema: {
      type: 'object',
      properties: Object.fromEntries(picked.map((k) => [k, props[k]])),
      required: picked,
    },
    uiSchema,
  };
}

/** What a refused transition (422) asks for: field keys from `/fields/<key>` and whether a comment is needed. */
export function transitionNeeds(details: readonly ErrorDetail[]): { fields: string[]; comment: boolean } {
  const fields: string[] = [];
  let comment = false;
  for (const d of details) {
    if (d.path === '/comment') comment = true;
    const m = /^\/fields\/([^/]+)/.exec(d.path);
    if (m && !fields.includes(m[1])) fields.push(m[1]);
  }
  return { fields, comment };
}
