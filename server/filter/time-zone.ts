/** A calendar date without a zone. */
export interface LocalDate {
  y: number;
  m: number; // 1-12
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Milliseconds since the epoch of a UTC wall time; works for years 1-99 too (Date.UTC does not). */
export function utcMs(y: number, m: number, d: number, h = 0, mi = 0, s = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime();
}

/** The wall clock of an instant in a zone, to the second. */
function wallClock(instant: number, timeZone: string) {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return { y: p.year, m: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

/** The calendar date an instant falls on in a zone. */
export function localDateOf(instant: number, timeZone: string): LocalDate {
  const { y, m, d } = wallClock(instant, timeZone);
  return { y, m, d };
}

function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return utcMs(w.y, w.m, w.d, w.h, w.mi, w.s) - Math.floor(instant / 1000) * 1000;
}

/**
 * The first instant of a local day. When midnight is skipped by a DST jump, that is the moment
 * the clocks jump (e.g. 01:00 local).
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const u = utcMs(date.y, date.m, date.d);
  const day = 86_400_000;
  const candidates = [...new Set([u - day, u, u + day].map((t) => u - offsetAt(t, timeZone)))].sort(
    (a, b) => a - b,
  );
  const sameDay = candidates.filter((t) => {
    const w = wallClock(t, timeZone);
    return w.y === date.y && w.m === date.m && w.d === date.d;
  });
  const midnight = sameDay.find((t) => {
    const w = wallClock(t, timeZone);
    return w.h === 0 && w.mi === 0 && w.s === 0;
  });
  return midnight ?? sameDay[0] ?? candidates[0];
}

export function addDays(date: LocalDate, n: number): LocalDate {
  const t = new Date(utcMs(date.y, date.m, date.d) + n * 86_400_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Calendar months; the day is clamped to the end of a shorter month (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: LocalDate, n: number): LocalDate {
  const total = date.y * 12 + (date.m - 1) + n;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  const last = new Date(utcMs(y, m + 1, 1) - 86_400_000).getUTCDate();
  return { y, m, d: Math.min(date.d, last) };
}

export const formatLocalDate = ({ y, m, d }: LocalDate) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Parses 'YYYY-MM-DD' when it names a real calendar date in years 0001-9999. */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
  if (date.y < 1 || date.m < 1 || date.m > 12 || date.d < 1) return undefined;
  return addMonths(date, 0).d === date.d ? date : undefined;
}
