import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import { type ErrorDetail, AppError } from '../errors.js';

/** Turns standard-schema issues into API.md details with JSON-pointer paths. */
export function issuesToDetails(issues: ReadonlyArray<StandardSchemaV1.Issue>, prefix = ''): ErrorDetail[] {
  return issues.flatMap((i) => {
    const path =
      prefix +
      (i.path ?? [])
        .map((p) => '/' + String(typeof p === 'object' && p !== null && 'key' in p ? p.key : p))
        .join('');
    // zod reports unknown properties once, at the object: name each one instead.
    const keys = (i as { code?: string; keys?: unknown }).code === 'unrecognized_keys' ? (i as { keys?: unknown }).keys : undefined;
    if (Array.isArray(keys) && keys.length) return keys.map((k) => ({ path: `${path}/${String(k)}`, message: `unknown property "${String(k)}"` }));
    return [{ path, message: i.message }];
  });
}

/**
 * The first string (or property name) in a JSON value that no engine can store as text: one with a
 * NUL character (PostgreSQL refuses them, so both engines do) or a lone UTF-16 surrogate (which
 * would come back as U+FFFD, not as sent).
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unstorableText(value: unknown, path = ''): ErrorDetail | undefined {
  const bad = (s: string) => s.includes('\u0000') || loneSurrogate.test(s);
  if (typeof value === 'string') return bad(value) ? { path, message: value.includes('\u0000') ? 'must not contain NUL characters' : 'is not valid Unicode text' } : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const at = `${path}/${k}`;
    if (bad(k)) return { path: at, message: 'has a property name that is not storable text' };
    const found = unstorableText(v, at);
    if (found) return found;
  }
  return undefined;
}

/**
 * The one validator every route uses: a zod schema for a request part, documented in OpenAPI by
 * hono-openapi, failing with 400 (query/param) or 422 (body) in the API.md error shape.
 */
export function valid<S extends StandardSchemaV1, T extends keyof ValidationTargets>(target: T, schema: S) {
  return validator(target, schema, (result, c) => {
    // Hono validates a body of another type as {}: answer 400 instead of acting on nothing.
    if (target === 'json' && !/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(c.req.header('content-type') ?? ''))
      throw new AppError('bad_request', 'Expected a JSON body (content-type: application/json)');
    if (!result.success) {
      const details = issuesToDetails(result.error as ReadonlyArray<StandardSchemaV1.Issue>);
      const first = details[0];
      const msg = first ? `${first.path || target}: ${first.message}` : `Invalid ${target}`;
      if (target === 'json') throw new AppError('validation_failed', msg, details);
      throw new AppError('bad_request', msg, details);
    }
    const unstorable = unstorableText(result.data);
    if (unstorable) throw new AppError(target === 'json' ? 'validation_failed' : 'bad_request', `${unstorable.path || target}: ${unstorable.message}`, [unstorable]);
  });
}
