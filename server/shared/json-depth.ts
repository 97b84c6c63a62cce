import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.js';
import { AppError } from '../errors.js';

/**
 * The deepest nesting of arrays and objects any JSON the API reads may have. The deepest legitimate
 * documents (a template: app → form → field → options, a view's filter of 8 nested groups) stay
 * well below it. JSON.parse itself nests without limit, but everything that walks a parsed value
 * (zod, the storable-text check, filters, JSON.stringify) recurses and would overflow the stack.
 */
export const maxJsonDepth = 64;

/** Whether a JSON text nests arrays and objects deeper than `max`: one linear pass, nothing parsed. */
export function jsonTooDeep(text: string, max = maxJsonDepth): boolean {
  let depth = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: skip to its closing quote (a backslash escapes the next character).
      for (i++; i < len; i++) {
        const s = text.charCodeAt(i);
        if (s === 92) i++;
        else if (s === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/**
 * 400 in the API.md shape when `text` nests deeper than maxJsonDepth; `path` points at the request
 * part in the details, `what` names it in the message.
 */
export function refuseDeepJson(text: string, path = '', what = path ? path.slice(1) : 'the JSON body'): void {
  if (!jsonTooDeep(text)) return;
  const message = `nests arrays and objects deeper than ${maxJsonDepth} levels`;
  throw new AppError('bad_request', `${what}: ${message}`, [{ path, message }]);
}

/**
 * Where a parsed value nests deeper than maxJsonDepth (the walk stops there, so it cannot overflow),
 * for JSON that arrives outside a body, like the `filter` query parameter.
 */
export function deepValueDetail(value: unknown, path = ''): { path: string; message: string } | undefined {
  const walk = (v: unknown, depth: number, at: string): string | undefined => {
    if (typeof v !== 'object' || v === null) return undefined;
    if (depth === maxJsonDepth) return at;
    for (const k in v) {
      const found = Object.hasOwn(v, k)
        ? walk((v as Record<string, unknown>)[k], depth + 1, `${at}/${k}`)
        : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const at = walk(value, 0, path);
  return at === undefined
    ? undefined
    : { path: at, message: `nests arrays and objects deeper than ${maxJsonDepth} levels` };
}

// Bodies read as files or form fields; every other body is text some route parses as JSON.
const notJson = /^\s*(multipart\/|application\/x-www-form-urlencoded|application\/(octet-stream|gzip))/i;

/**
 * Refuses a request body nesting deeper than maxJsonDepth before any route parses it, so no
 * route (validated or not, like inbound webhooks) ever walks such a value. The text is read once
 * and kept: the route's own `c.req.json()` or `c.req.text()` answers from it.
 */
export const jsonDepthGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.raw.body && !notJson.test(c.req.header('content-type') ?? '')) refuseDeepJson(await c.req.text());
  await next();
});
