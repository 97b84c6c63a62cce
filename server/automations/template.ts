import { resolveRelative } from '../filter/index.js';

/**
 * The values an automation's templates can read. Nothing else is reachable: a path walks only
 * own properties of plain data, never prototypes or functions.
 */
export interface TemplateScope {
  /** The trigger record: field keys plus id, ownerId, departmentId, state, createdAt, … */
  record?: Record<string, unknown> | null;
  /** For record.updated: the values before the change. */
  old?: Record<string, unknown> | null;
  /** Related records through each relation field of the trigger record (one level), by field key. */
  related?: Record<string, Array<Record<string, unknown>>>;
  /** Results of earlier actions, by position: `steps.0.id`, `steps.2.then.0.id`. */
  steps?: unknown[];
  /** An inbound webhook's JSON body. */
  payload?: unknown;
  /** The event: `trigger.event`, `trigger.from`, `trigger.to`, `trigger.comment` (state changes), `trigger.state` (SLA). */
  trigger?: Record<string, unknown>;
  now: Date;
  timeZone: string;
}

export class TemplateError extends Error {}

const roots = new Set(['record', 'old', 'steps', 'payload', 'trigger', 'now', 'today']);
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);
const expression = /\{\{\s*([^{}]*?)\s*\}\}/g;
const wholeExpression = /^\{\{\s*([^{}]*?)\s*\}\}$/;
const timePattern = /^(now|today)(?:\s*([+-])\s*(\d{1,4})\s*([hdwmy]))?$/;
const pathPattern = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z0-9_$]+)*$/;

/** Why an expression (the text between `{{` and `}}`) is not valid, or undefined when it is. */
export function expressionError(expr: string): string | undefined {
  if (timePattern.test(expr)) return undefined;
  if (!pathPattern.test(expr)) return `"{{${expr}}}" is not a name like record.key, steps.0.id or today + 7d`;
  const [root, ...rest] = expr.split('.');
  if (!roots.has(root))
    return `unknown name "${root}" in {{${expr}}} (use record, old, steps, payload, trigger, now or today)`;
  if (rest.some((k) => forbiddenKeys.has(k))) return `"{{${expr}}}" reads a reserved name`;
  return undefined;
}

/** Every template problem inside a JSON value (strings anywhere in it), with JSON-pointer paths. */
export function templateErrors(value: unknown, path = ''): Array<{ path: string; message: string }> {
  if (typeof value === 'string')
    return [...value.matchAll(expression)].flatMap((m) =>
      expressionError(m[1]) ? [{ path, message: expressionError(m[1])! }] : [],
    );
  if (Array.isArray(value)) return value.flatMap((v, i) => templateErrors(v, `${path}/${i}`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => templateErrors(v, `${path}/${k}`));
  return [];
}

function walk(value: unknown, keys: string[]): unknown {
  let cur = value;
  for (const k of keys) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return null;
    if (forbiddenKeys.has(k) || !Object.prototype.hasOwnProperty.call(cur, k)) return null;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur === undefined ? null : cur;
}

function shiftInstant(now: Date, n: number, unit: string): string {
  const d = new Date(now.getTime());
  if (unit === 'h') d.setTime(d.getTime() + n * 3_600_000);
  else if (unit === 'd' || unit === 'w') d.setTime(d.getTime() + n * (unit === 'w' ? 7 : 1) * 86_400_000);
  else {
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + (unit === 'y' ? 12 * n : n));
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
  }
  return d.toISOString();
}

const times = new Map<string, string>();

/** The value of one expression. */
export function evaluate(expr: string, scope: TemplateScope): unknown {
  const problem = expressionError(expr);
  if (problem) throw new TemplateError(problem);
  const time = timePattern.exec(expr);
  if (time) {
    // Runs of a batch share one "now": the zone arithmetic is done once per expression.
    const key = `${scope.now.getTime()}|${scope.timeZone}|${expr}`;
    let value = times.get(key);
    if (value === undefined) {
      const [, base, sign, digits, unit] = time;
      const n = sign ? (sign === '-' ? -1 : 1) * Number(digits) : 0;
      if (base === 'today') value = resolveRelative(n ? { relative: `${n}${unit}` } : 'today', 'date', scope);
      else value = n ? shiftInstant(scope.now, n, unit) : scope.now.toISOString();
      if (times.size >= 1000) times.clear();
      times.set(key, value);
    }
    return value;
  }
  const [root, ...keys] = expr.split('.');
  if (root === 'record' || root === 'old') {
    const rel = keys.length >= 2 ? scope.related?.[keys[0]] : undefined;
    if (rel && root === 'record') {
      const values = rel.map((r) => walk(r, keys.slice(1)));
      return values.length === 0 ? null : values.length === 1 ? values[0] : values;
    }
    return walk(scope[root], keys);
  }
  return walk(scope[root as 'steps' | 'payload' | 'trigger'], keys);
}

const asText = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : Array.isArray(v)
      ? v.map(asText).join(', ')
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/**
 * Fills the templates in a JSON value. A string that is exactly one `{{…}}` becomes that value
 * with its type (a number, an array of ids, null); other strings get each `{{…}}` replaced by its
 * text. Objects and arrays are rendered member by member.
 *
 * @example render('跟进 {{record.customer.name}} by {{today + 3d}}', scope) // '跟进 A公司 by 2026-03-18'
 */
export function render(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === 'string') {
    const whole = wholeExpression.exec(value);
    if (whole) return evaluate(whole[1], scope);
    return value.replace(expression, (_, expr: string) => asText(evaluate(expr, scope)));
  }
  if (Array.isArray(value)) return value.map((v) => render(v, scope));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v, scope)]));
  return value;
}

/** Renders to text (for titles, URLs and headers). */
export const renderText = (value: string, scope: TemplateScope): string => asText(render(value, scope));
