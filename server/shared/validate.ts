import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import { type ErrorDetail, AppError } from '../errors.js';

/** Turns standard-schema issues into API.md details with JSON-pointer paths. */
export function issuesToDetails(issues: ReadonlyArray<StandardSchemaV1.Issue>, prefix = ''): ErrorDetail[] {
  return issues.map((i) => ({
    path:
      prefix +
      (i.path ?? [])
        .map((p) => '/' + String(typeof p === 'object' && p !== null && 'key' in p ? p.key : p))
        .join(''),
    message: i.message,
  }));
}

/**
 * The one validator every route uses: a zod schema for a request part, documented in OpenAPI by
 * hono-openapi, failing with 400 (query/param) or 422 (body) in the API.md error shape.
 */
export function valid<S extends StandardSchemaV1, T extends keyof ValidationTargets>(target: T, schema: S) {
  return validator(target, schema, (result) => {
    if (!result.success) {
      const details = issuesToDetails(result.error as ReadonlyArray<StandardSchemaV1.Issue>);
      const first = details[0];
      const msg = first ? `${first.path || target}: ${first.message}` : `Invalid ${target}`;
      if (target === 'json') throw new AppError('validation_failed', msg, details);
      throw new AppError('bad_request', msg, details);
    }
  });
}
