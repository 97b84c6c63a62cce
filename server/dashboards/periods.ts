import type { Filter } from '../filter/index.js';
import { addDays, addMonths, formatLocalDate, type LocalDate, localDateOf } from '../filter/time-zone.js';

export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A half-open range of local days: from ≤ d < to, as 'YYYY-MM-DD'. */
export interface Period {
  from: string;
  to: string;
}

function start(d: LocalDate, unit: PeriodUnit): LocalDate {
  switch (unit) {
    case 'day':
      return d;
    case 'week': {
      // ISO weeks start on Monday.
      const weekday = new Date(Date.UTC(d.y, d.m - 1, d.d)).getUTCDay();
      return addDays(d, -((weekday + 6) % 7));
    }
    case 'month':
      return { y: d.y, m: d.m, d: 1 };
    case 'quarter':
      return { y: d.y, m: Math.floor((d.m - 1) / 3) * 3 + 1, d: 1 };
    case 'year':
      return { y: d.y, m: 1, d: 1 };
  }
}

function shift(d: LocalDate, unit: PeriodUnit, n: number): LocalDate {
  if (unit === 'day') return addDays(d, n);
  if (unit === 'week') return addDays(d, 7 * n);
  return addMonths(d, n * (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12));
}

/** The period containing `now` in the zone, or the one `offset` periods before/after it. */
export function periodOf(now: Date, timeZone: string, unit: PeriodUnit, offset = 0): Period {
  const first = shift(start(localDateOf(now.getTime(), timeZone), unit), unit, offset);
  return { from: formatLocalDate(first), to: formatLocalDate(shift(first, unit, 1)) };
}

/** The filter "field lies in the period" (a bare date on a datetime field is its local midnight). */
export const periodFilter = (field: string, p: Period): Filter => ({
  and: [
    { field, op: 'gte', value: p.from },
    { field, op: 'lt', value: p.to },
  ],
});
