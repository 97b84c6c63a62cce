import dayjs, { type Dayjs } from 'dayjs';

/** A day as the calendar keys it: local 'YYYY-MM-DD'. */
export type DayKey = string;
export type CalendarMode = 'month' | 'week';

const KEY = 'YYYY-MM-DD';
/** Monday of the week `d` is in (weeks start on Monday). */
const mondayOf = (d: Dayjs) => d.subtract((d.day() + 6) % 7, 'day').startOf('day');

/** The 42 days (6 weeks, Monday first) a month view shows for the month of `anchor`. */
export function monthGrid(anchor: DayKey): DayKey[] {
  const first = mondayOf(dayjs(anchor).startOf('month'));
  return Array.from({ length: 42 }, (_, i) => first.add(i, 'day').format(KEY));
}

/** Monday … Sunday of the week of `anchor`. */
export function weekDays(anchor: DayKey): DayKey[] {
  const first = mondayOf(dayjs(anchor));
  return Array.from({ length: 7 }, (_, i) => first.add(i, 'day').format(KEY));
}

/** The days a view shows. */
export const visibleDays = (mode: CalendarMode, anchor: DayKey) =>
  mode === 'month' ? monthGrid(anchor) : weekDays(anchor);

/** The anchor one page earlier or later. */
export function shiftAnchor(mode: CalendarMode, anchor: DayKey, by: number): DayKey {
  return dayjs(anchor)
    .add(by, mode === 'month' ? 'month' : 'week')
    .format(KEY);
}

/** The day a date or date-time value falls on, in local time (undefined for empty or invalid values). */
export function dayOf(value: unknown, kind: 'date' | 'datetime'): DayKey | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  if (kind === 'date') return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
  const d = dayjs(value);
  return d.isValid() ? d.format(KEY) : undefined;
}

/**
 * The value of a record moved to `day`: a date becomes that day; a date-time keeps its local time
 * of day on the new day (as an ISO instant); an empty date-time starts at 09:00.
 */
export function rescheduled(value: unknown, kind: 'date' | 'datetime', day: DayKey): string {
  if (kind === 'date') return day;
  const old = typeof value === 'string' && dayjs(value).isValid() ? dayjs(value) : dayjs(day).hour(9);
  return dayjs(day).hour(old.hour()).minute(old.minute()).second(old.second()).millisecond(0).toISOString();
}

/** The records filter of the days shown (inclusive), so only those records load. */
export function rangeFilter(field: string, kind: 'date' | 'datetime', days: readonly DayKey[]) {
  const first = days[0];
  const last = days[days.length - 1];
  if (kind === 'date') return { field, op: 'between' as const, value: [first, last] };
  return {
    field,
    op: 'between' as const,
    value: [dayjs(first).startOf('day').toISOString(), dayjs(last).endOf('day').toISOString()],
  };
}

/** Records by the day they fall on. */
export function byDay<T>(
  items: readonly T[],
  valueOf: (item: T) => unknown,
  kind: 'date' | 'datetime',
): Map<DayKey, T[]> {
  const out = new Map<DayKey, T[]>();
  for (const it of items) {
    const d = dayOf(valueOf(it), kind);
    if (!d) continue;
    const list = out.get(d);
    if (list) list.push(it);
    else out.set(d, [it]);
  }
  return out;
}

/** A new record's value for a day clicked in the calendar. */
export const prefillFor = (kind: 'date' | 'datetime', day: DayKey) =>
  kind === 'date' ? day : dayjs(day).hour(9).toISOString();
