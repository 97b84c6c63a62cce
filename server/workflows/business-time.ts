import { offsetMinutes } from '../shared/time.js';

export interface BusinessHours {
  start: string; // 'HH:mm'
  end: string;
  days: number[]; // 0 = Sunday
}

export const defaultBusinessHours: BusinessHours = { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The instant `hours` working hours after `start`, counting only the given days and hours in the
 * company's time zone (the zone's offset is read per day).
 */
export function addBusinessHours(start: Date, hours: number, bh: BusinessHours, timeZone: string): Date {
  let remaining = hours * 60;
  const open = minutesOf(bh.start);
  const close = minutesOf(bh.end);
  let t = start.getTime();
  for (let guard = 0; guard < 3700 && remaining > 0; guard++) {
    const off = offsetMinutes(timeZone, new Date(t));
    const local = new Date(t + off * 60000);
    const dayStartUtc =
      Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - off * 60000;
    const minuteOfDay = (t - dayStartUtc) / 60000;
    if (bh.days.includes(local.getUTCDay()) && minuteOfDay < close) {
      const from = Math.max(minuteOfDay, open);
      const take = Math.min(close - from, remaining);
      if (take > 0) {
        remaining -= take;
        t = dayStartUtc + (from + take) * 60000;
        if (remaining <= 0) break;
      }
    }
    t = dayStartUtc + 24 * 60 * 60000; // next local midnight
  }
  return new Date(t);
}

/** `hours` after `start`, in working time or plain time. */
export function addHours(
  start: Date,
  hours: number,
  businessHours: boolean | BusinessHours | undefined,
  timeZone: string,
): Date {
  if (!businessHours) return new Date(start.getTime() + hours * 3600000);
  return addBusinessHours(
    start,
    hours,
    businessHours === true ? defaultBusinessHours : businessHours,
    timeZone,
  );
}
