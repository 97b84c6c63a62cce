/** The time source; tests pass their own to control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO-8601 UTC with milliseconds: the one text form of an instant in the database. */
export const iso = (d: Date) => d.toISOString();
