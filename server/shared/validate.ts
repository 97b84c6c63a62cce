import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import { type ErrorDetail, type ReasonCode, type ReasonParams, AppError, reasonCodes } from '../errors.js';

export { because } from '../errors.js';
import { maxJsonDepth } from './json-depth.js';

const knownReasons = new Set<string>(reasonCodes);

type Issue = StandardSchemaV1.Issue & {
  code?: string;
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  values?: unknown[];
  expected?: string;
  params?: { reason?: string; reasonParams?: ReasonParams };
};

/** The reason code (and its params) of one zod issue: the one a `because` gave, else by zod's code. */
function issueReason(i: Issue): Pick<ErrorDetail, 'code' | 'params'> {
  const given = i.params?.reason;
  if (given && knownReasons.has(given))
    return {
      code: given as ReasonCode,
      ...(i.params?.reasonParams ? { params: i.params.reasonParams } : {}),
    };
  const sized =
    i.origin === 'string' ? 'long' : i.origin === 'array' || i.origin === 'set' ? 'many' : 'large';
  switch (i.code) {
    case 'invalid_type':
      return { code: 'wrong_type', ...(i.expected ? { params: { expected: i.expected } } : {}) };
    case 'too_big':
      return { code: `too_${sized}` as ReasonCode, params: { max: Number(i.maximum) } };
    case 'too_small': {
      const small = sized === 'long' ? 'too_short' : sized === 'many' ? 'too_few' : 'too_small';
      // A string of at least one character is zod's way of saying "required".
      if (small === 'too_short' && Number(i.minimum) === 1) return { code: 'required' };
      return { code: small, params: { min: Number(i.minimum) } };
    }
    case 'invalid_value':
      return { code: 'not_an_option', params: { options: (i.values ?? []).map(String) } };
    case 'unrecognized_keys':
      return { code: 'unknown_property' };
    default:
      return { code: 'invalid' };
  }
}

/** Turns standard-schema issues into API.md details with JSON-pointer paths and reason codes. */
export function issuesToDetails(issues: ReadonlyArray<StandardSchemaV1.Issue>, prefix = ''): ErrorDetail[] {
  return issues.flatMap((i): ErrorDetail[] => {
    const path =
      prefix +
      (i.path ?? [])
        .map((p) => '/' + String(typeof p === 'object' && p !== null && 'key' in p ? p.key : p))
        .join('');
    // zod reports unknown properties once, at the object: name each one instead.
    const keys =
      (i as { code?: string; keys?: unknown }).code === 'unrecognized_keys'
        ? (i as { keys?: unknown }).keys
        : undefined;
    if (Array.isArray(keys) && keys.length)
      return keys.map((k) => ({
        path: `${path}/${String(k)}`,
        message: `unknown property "${String(k)}"`,
        code: 'unknown_property' as const,
      }));
    return [{ path, message: i.message, ...issueReason(i as Issue) }];
  });
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const surrogate = /[\uD800-\uDFFF]/;

// Called on every string of every request body (a batch of 1,000 records has 12,000): the cheap
// surrogate test runs first, and paths are only built for the one answer.
const bad = (s: string) => s.includes('\u0000') || (surrogate.test(s) && loneSurrogate.test(s));

type Found = { at: string[]; key: boolean; text?: string; deep?: boolean };

// Deeper values are refused rather than walked: a walk recursing 100,000 levels overflows the stack.
function findUnstorable(value: unknown, depth = 0): Found | undefined {
  if (typeof value === 'string') return bad(value) ? { at: [], key: false, text: value } : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth === maxJsonDepth) return { at: [], key: false, deep: true };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], depth + 1);
      if (found) return (found.at.push(String(i)), found);
    }
    return undefined;
  }
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    if (bad(k)) return { at: [k], key: true };
    const found = findUnstorable((value as Record<string, unknown>)[k], depth + 1);
    if (found) return (found.at.push(k), found);
  }
  return undefined;
}

/**
 * The first string (or property name) in a JSON value that no engine can store as text: one with a
 * NUL character (PostgreSQL refuses them, so both engines do) or a lone UTF-16 surrogate (which
 * would come back as U+FFFD, not as sent); or where the value nests deeper than maxJsonDepth
 * (bodies are refused before this, by jsonDepthGuard; this holds for values parsed elsewhere).
 */
export function unstorableText(value: unknown, path = ''): ErrorDetail | undefined {
  const found = findUnstorable(value);
  if (!found) return undefined;
  const at =
    path +
    found.at
      .reverse()
      .map((k) => `/${k}`)
      .join('');
  if (found.deep)
    return {
      path: at,
      message: `nests arrays and objects deeper than ${maxJsonDepth} levels`,
      code: 'too_deep',
      params: { max: maxJsonDepth },
    };
  const code = 'not_storable_text';
  if (found.key) return { path: at, message: 'has a property name that is not storable text', code };
  return {
    path: at,
    message: found.text!.includes('\u0000') ? 'must not contain NUL characters' : 'is not valid Unicode text',
    code,
  };
}

/**
 * The one validator every route uses: a zod schema for a request part, documented in OpenAPI by
 * hono-openapi, failing with 400 (query/param) or 422 (body) in the API.md error shape.
 */
export function valid<S extends StandardSchemaV1, T extends keyof ValidationTargets>(target: T, schema: S) {
  return validator(target, schema, (result, c) => {
    // Hono validates a body of another type as {}: answer 400 instead of acting on nothing.
    if (
      target === 'json' &&
      !/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(c.req.header('content-type') ?? '')
    )
      throw new AppError('bad_request', 'Expected a JSON body (content-type: application/json)');
    if (!result.success) {
      const details = issuesToDetails(result.error as ReadonlyArray<StandardSchemaV1.Issue>);
      const first = details[0];
      const msg = first ? `${first.path || target}: ${first.message}` : `Invalid ${target}`;
      if (target === 'json') throw new AppError('validation_failed', msg, details);
      throw new AppError('bad_request', msg, details);
    }
    const unstorable = unstorableText(result.data);
    if (unstorable)
      throw new AppError(
        target === 'json' ? 'validation_failed' : 'bad_request',
        `${unstorable.path || target}: ${unstorable.message}`,
        [unstorable],
      );
  });
}
