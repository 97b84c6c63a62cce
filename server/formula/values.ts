import { checkedInstant, formatDate, formatDateTime, parseDate, parseDateTime, zonedDay } from './dates.js';
import type { FormulaType } from './types.js';

export interface DateValue {
  readonly kind: 'date';
  /** Days since 1970-01-01. */
  readonly day: number;
}
export interface DateTimeValue {
  readonly kind: 'datetime';
  /** Epoch milliseconds. */
  readonly ms: number;
  /** The original text when the type was guessed from it: text functions then see it unchanged. */
  readonly raw?: string;
}

/** A value while a formula runs: dates and date-times are tagged so operators know them. */
export type Value = number | string | boolean | null | DateValue | DateTimeValue;
export type ApiValue = number | string | boolean | null;

export const date = (day: number | null): DateValue | null => (day === null ? null : { kind: 'date', day });
export const dateTime = (ms: number | null): DateTimeValue | null => {
  const checked = ms === null ? null : checkedInstant(ms);
  return checked === null ? null : { kind: 'datetime', ms: checked };
};

export const isDate = (v: Value): v is DateValue => typeof v === 'object' && v?.kind === 'date';
export const isDateTime = (v: Value): v is DateTimeValue => typeof v === 'object' && v?.kind === 'datetime';
export const asNumber = (v: Value): number | null => (typeof v === 'number' ? v : null);

/**
 * Hides float noise: results are rounded to 10 decimal places (0.1 + 0.2 = 0.3).
 * Infinite and NaN results become null; -0 becomes 0.
 */
export function cleanNumber(x: number | null): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const rounded = Math.abs(x) < 1e21 ? Number(x.toFixed(10)) : x;
  return rounded === 0 ? 0 : rounded;
}

/** Numbers as text: no trailing zeros, no exponent for small fractions. */
export function formatNumber(x: number): string {
  const n = cleanNumber(x);
  if (n === null) return '';
  if (n === 0 || Math.abs(n) >= 1e-7) return String(n);
  return n.toFixed(10).replace(/0+$/, '');
}

/** The TEXT rules: null is '', booleans are TRUE/FALSE, date-times read in the time zone. */
export function toText(v: Value, timeZone: string): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v.kind === 'date') return formatDate(v.day);
  return v.raw ?? formatDateTime(v.ms, timeZone);
}

/** The calendar date of a date, of a date-time in the zone, or of text that spells one. */
export function asDay(v: Value, timeZone: string): number | null {
  if (isDate(v)) return v.day;
  if (isDateTime(v)) return zonedDay(v.ms, timeZone);
  if (typeof v !== 'string') return null;
  const ms = parseDateTime(v);
  return ms === null ? parseDate(v) : zonedDay(ms, timeZone);
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A record's API value as a formula value. The declared type decides how text is read; without
 * one, 'YYYY-MM-DD' text is taken for a date and ISO instants for date-times. Anything that is
 * not a primitive (objects, arrays, functions) is empty.
 */
export function fromApiValue(raw: unknown, declared?: FormulaType): Value {
  const value = read(raw, declared);
  return declared === undefined || value === null || valueType(value) === declared ? value : null;
}

function read(raw: unknown, declared?: FormulaType): Value {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return null;
    return declared === 'text' ? formatNumber(raw) : raw;
  }
  if (typeof raw === 'boolean') return raw;
  if (raw instanceof Date) return dateTime(raw.getTime());
  if (typeof raw !== 'string') return null;
  switch (declared) {
    case 'text':
      return raw;
    case 'number':
      return NUMERIC.test(raw.trim()) ? Number(raw) : null;
    case 'date':
      return date(parseDate(raw));
    case 'datetime':
      return dateTime(parseDateTime(raw));
    case 'boolean':
    case 'null':
      return null;
  }
  const day = parseDate(raw);
  if (day !== null) return date(day);
  const ms = parseDateTime(raw);
  return ms === null ? raw : { kind: 'datetime', ms, raw };
}

/** The API value of a result: dates as 'YYYY-MM-DD', date-times as ISO instants in UTC. */
export function toApiValue(v: Value): ApiValue {
  if (typeof v === 'number') return cleanNumber(v);
  if (isDate(v)) return formatDate(v.day);
  if (isDateTime(v)) return new Date(v.ms).toISOString();
  return v;
}

export function valueType(v: Value): FormulaType {
  if (v === null) return 'null';
  if (typeof v === 'object') return v.kind;
  return typeof v === 'number' ? 'number' : typeof v === 'string' ? 'text' : 'boolean';
}
