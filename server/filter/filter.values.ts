import type { Op } from './filter.schema.js';
import { type FilterContext, type FilterField } from './filter.context.js';
import { ME } from './filter.ops.js';
import { isRelativeDate, looksRelative, resolveRelative } from './relative-date.js';
import { parseLocalDate, startOfLocalDay } from './time-zone.js';

const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const maxTextLength = 1000;

type Clock = Pick<FilterContext, 'now' | 'timeZone'>;

/** Text ops whose values must be among a select-like field's options (array values always must). */
const optionOps: readonly Op[] = ['eq', 'ne', 'in', 'nin'];

/** Where `"$me"` stands for the caller rather than for the text "$me". */
export function meAllowed(field: FilterField, op: Op): boolean {
  if (field.kind === 'text') return op === 'eq' || op === 'ne' || op === 'in' || op === 'nin';
  return field.kind === 'array' && op !== 'isEmpty' && op !== 'isNotEmpty';
}

/** Where `"$myDepartments"` (a whole value, not a list item) stands for the caller's departments. */
export function departmentsAllowed(field: FilterField, op: Op): boolean {
  if (field.kind === 'text') return op === 'eq' || op === 'ne' || op === 'in' || op === 'nin';
  return field.kind === 'array' && (op === 'in' || op === 'nin');
}

/** Why one filter value (a whole value, or one item of a list or pair) does not fit the field. */
export function valueProblem(field: FilterField, op: Op, v: unknown, ctx: Clock): string | undefined {
  switch (field.kind) {
    case 'text':
    case 'array':
    case 'relation': {
      if (typeof v !== 'string' || v === '')
        return 'must be a non-empty string (use isEmpty to find empty values)';
      if (v.length > maxTextLength) return `must be at most ${maxTextLength} characters`;
      if (v.includes('\u0000')) return 'must not contain NUL characters';
      if (v === ME && meAllowed(field, op)) return undefined;
      const options = field.options;
      if (
        options &&
        field.kind !== 'relation' &&
        (field.kind === 'array' || optionOps.includes(op)) &&
        !options.includes(v)
      ) {
        return `must be one of: ${options.slice(0, 20).join(', ')}${options.length > 20 ? ', …' : ''}`;
      }
      return undefined;
    }
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a finite number';
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      if (looksRelative(v)) return relativeProblem(v, 'date', ctx);
      return typeof v === 'string' && parseLocalDate(v)
        ? undefined
        : 'must be a date like 2024-05-20, "today", or {"relative": "-30d"}';
    case 'datetime':
      if (looksRelative(v)) return relativeProblem(v, 'datetime', ctx);
      if (typeof v === 'string' && parseLocalDate(v)) return undefined;
      if (typeof v === 'string' && isoPattern.test(v) && inRange(Date.parse(v))) return undefined;
      return 'must be an ISO date-time with a zone like 2024-05-20T09:30:00+08:00, a date, "now", "today", or {"relative": "-2h"}';
  }
}

function relativeProblem(v: unknown, kind: 'date' | 'datetime', ctx: Clock): string | undefined {
  if (!isRelativeDate(v))
    return 'must be "now", "today" or {"relative": "<±n><h|d|w|m|y>"}, like {"relative": "-30d"}';
  try {
    resolveRelative(v, kind, ctx);
    return undefined;
  } catch (e) {
    if (e instanceof RangeError && /outside years/.test(e.message)) return 'lands outside years 0001-9999';
    throw e;
  }
}

function inRange(ms: number): boolean {
  if (Number.isNaN(ms)) return false;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

const toDb = (field: FilterField, v: unknown) => (field.toDb ? field.toDb(v) : v);

/**
 * The stored form of one checked filter value: what the column holds for it. Relative dates are
 * resolved, datetimes become 'YYYY-MM-DDTHH:mm:ss.sssZ' (a bare date: the start of that local day),
 * booleans 1/0, and `toDb` is applied to text, number, date and datetime values.
 */
export function storedValue(field: FilterField, v: unknown, ctx: Clock): unknown {
  switch (field.kind) {
    case 'text':
    case 'number':
      return toDb(field, v);
    case 'date':
      return toDb(field, isRelativeDate(v) ? resolveRelative(v, 'date', ctx) : v);
    case 'datetime': {
      if (isRelativeDate(v)) return toDb(field, resolveRelative(v, 'datetime', ctx));
      const day = parseLocalDate(v as string);
      const ms = day ? startOfLocalDay(day, ctx.timeZone) : Date.parse(v as string);
      return toDb(field, new Date(ms).toISOString());
    }
    case 'boolean':
      return v ? 1 : 0;
    default:
      return v;
  }
}

/**
 * A record's API value in the form the database holds it, or null when empty: the in-memory
 * evaluator compares these, so it sees exactly what SQL sees.
 */
export function storedRecordValue(field: FilterField, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  switch (field.kind) {
    case 'text':
    case 'date':
      return typeof raw === 'string' && raw !== '' ? (toDb(field, raw) ?? null) : null;
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? (toDb(field, raw) ?? null) : null;
    case 'datetime': {
      const ms = raw instanceof Date ? raw.getTime() : typeof raw === 'string' ? Date.parse(raw) : NaN;
      return Number.isNaN(ms) ? null : (toDb(field, new Date(ms).toISOString()) ?? null);
    }
    case 'boolean':
      return raw === true || raw === 1 ? 1 : raw === false || raw === 0 ? 0 : null;
    case 'array':
    case 'relation':
      return Array.isArray(raw) && raw.length ? raw : null;
  }
}
