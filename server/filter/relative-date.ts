import {
  type LocalDate,
  addDays,
  addMonths,
  formatLocalDate,
  localDateOf,
  startOfLocalDay,
} from './time-zone.js';

/**
 * A moment named relative to the filter's clock:
 * - `"now"`: the current instant;
 * - `"today"`: the current day in the context's time zone;
 * - `{ "relative": "-30d" }`: an offset, sign optional, units `h` (hours), `d` (days), `w` (weeks),
 *   `m` (calendar months, the day clamped to the month's end) and `y` (years).
 */
export type RelativeDate = 'now' | 'today' | { relative: string };

const offsetPattern = /^([+-]?)(\d{1,4})([hdwmy])$/;

/** Whether a filter value is written as a relative date (well-formed or not). */
export function looksRelative(value: unknown): boolean {
  return (
    value === 'now' ||
    value === 'today' ||
    (typeof value === 'object' && value !== null && 'relative' in value)
  );
}

/** Whether a value is a well-formed relative date. */
export function isRelativeDate(value: unknown): value is RelativeDate {
  if (value === 'now' || value === 'today') return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const text = (value as { relative?: unknown }).relative;
  return keys.length === 1 && typeof text === 'string' && offsetPattern.test(text);
}

/**
 * Resolves a relative date against `ctx.now` in `ctx.timeZone`.
 * For a `date` field the answer is the local calendar date 'YYYY-MM-DD'. For a `datetime` field it
 * is an ISO instant: `"now"` and hour offsets keep the time of day, `"today"` and day, week,
 * month and year offsets give the start of that local day.
 * Throws a RangeError when the value is malformed or lands outside years 0001-9999.
 *
 * @example resolveRelative({ relative: '-1d' }, 'datetime', { now, timeZone: 'Asia/Shanghai' })
 *   // now = 2024-02-01T03:00:00Z -> '2024-01-30T16:00:00.000Z' (Jan 31, 00:00 in Shanghai)
 */
export function resolveRelative(
  value: RelativeDate,
  kind: 'date' | 'datetime',
  ctx: { now: Date; timeZone: string },
): string {
  if (!isRelativeDate(value)) throw new RangeError(`Not a relative date: ${JSON.stringify(value)}`);
  const now = ctx.now.getTime();
  const today = localDateOf(now, ctx.timeZone);
  if (value === 'now') return kind === 'date' ? formatLocalDate(today) : isoInRange(now);
  if (value === 'today') return dayResult(today, kind, ctx.timeZone);
  const [, sign, digits, unit] = offsetPattern.exec(value.relative)!;
  const n = (sign === '-' ? -1 : 1) * Number(digits);
  if (unit === 'h') {
    const instant = now + n * 3_600_000;
    return kind === 'date'
      ? dayResult(localDateOf(instant, ctx.timeZone), kind, ctx.timeZone)
      : isoInRange(instant);
  }
  const shifted =
    unit === 'd'
      ? addDays(today, n)
      : unit === 'w'
        ? addDays(today, 7 * n)
        : addMonths(today, unit === 'm' ? n : 12 * n);
  return dayResult(shifted, kind, ctx.timeZone);
}

function dayResult(date: LocalDate, kind: 'date' | 'datetime', timeZone: string): string {
  if (date.y < 1 || date.y > 9999) throw new RangeError('The relative date is outside years 0001-9999');
  return kind === 'date' ? formatLocalDate(date) : isoInRange(startOfLocalDay(date, timeZone));
}

function isoInRange(instant: number): string {
  const iso = new Date(instant).toISOString();
  if (!/^\d{4}-/.test(iso) || iso.startsWith('0000'))
    throw new RangeError('The date is outside years 0001-9999');
  return iso;
}
