/**
 * Calendar arithmetic on "epoch days" (days since 1970-01-01, proleptic Gregorian) and instants
 * (epoch milliseconds), plus the few time-zone conversions formulas need. Years stay in 1..9999.
 */
export const DAY_MS = 86_400_000;

export interface CalendarDate {
  y: number;
  m: number;
  d: number;
}

/** Epoch day of a calendar date; out-of-range months and days roll over like Excel's DATE. */
export function dayFromParts(y: number, m: number, d: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return Math.floor(date.getTime() / DAY_MS);
}

export function partsFromDay(day: number): CalendarDate {
  const date = new Date(day * DAY_MS);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

const MIN_DAY = dayFromParts(1, 1, 1);
const MAX_DAY = dayFromParts(9999, 12, 31);

/** The day if it is a whole day within years 1..9999, else null. */
export function checkedDay(day: number): number | null {
  return Number.isInteger(day) && day >= MIN_DAY && day <= MAX_DAY ? day : null;
}

/** The instant if it falls within years 1..9999, else null. */
export function checkedInstant(ms: number): number | null {
  return Number.isFinite(ms) && checkedDay(Math.floor(ms / DAY_MS)) !== null ? ms : null;
}

export function daysInMonth(y: number, m: number): number {
  return partsFromDay(dayFromParts(y, m + 1, 0)).d;
}

/** Adds whole months, clamping to the end of shorter months (Jan 31 + 1 month = Feb 28 or 29). */
export function addMonths(day: number, months: number): number | null {
  const { y, m, d } = partsFromDay(day);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  if (year < 1 || year > 9999) return null;
  return dayFromParts(year, month, Math.min(d, daysInMonth(year, month)));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parses 'YYYY-MM-DD' strictly (no rollover: 2026-02-30 is not a date). */
export function parseDate(text: string): number | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return dayFromParts(y, mo, d);
}

/** Parses an ISO instant with a `Z` or `±hh:mm` offset. */
export function parseDateTime(text: string): number | null {
  const m = DATETIME.exec(text);
  if (!m || parseDate(m[1]) === null) return null;
  return checkedInstant(Date.parse(text));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatDate(day: number): string {
  const { y, m, d } = partsFromDay(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

interface WallClock extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(ms: number, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = new Map(format.formatToParts(new Date(ms)).map((p) => [p.type, Number(p.value)]));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.get(type) ?? 0;
  return {
    y: get('year'),
    m: get('month'),
    d: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Milliseconds the zone is ahead of UTC at that instant. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = dayFromParts(w.y, w.m, w.d) * DAY_MS + ((w.hour * 60 + w.minute) * 60 + w.second) * 1000;
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The calendar date of an instant in a time zone. */
export function zonedDay(ms: number, timeZone: string): number {
  const { y, m, d } = wallClock(ms, timeZone);
  return dayFromParts(y, m, d);
}

/** The instant whose wall-clock time in the zone is `localMs` read as if it were UTC. */
export function fromWallClock(localMs: number, timeZone: string): number {
  const guess = localMs - offsetAt(localMs, timeZone);
  return localMs - offsetAt(guess, timeZone);
}

/** Wall-clock time of an instant as if it were UTC (the inverse of `fromWallClock`). */
export function toWallClock(ms: number, timeZone: string): number {
  return ms + offsetAt(ms, timeZone);
}

/** 'YYYY-MM-DD HH:mm' in the time zone: how a date-time reads when turned into text. */
export function formatDateTime(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)} ${pad(w.hour)}:${pad(w.minute)}`;
}
