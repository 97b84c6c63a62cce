/** Arrays are stored as JSON text (SQLite) or jsonb (PostgreSQL, which answers them parsed). */
export function arrayFromDb(raw: unknown): string[] | null {
  if (raw === null || raw === undefined) return null;
  const v = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return Array.isArray(v) && v.length ? v : null;
}

export const arrayToDb = (v: unknown) => (Array.isArray(v) && v.length ? JSON.stringify(v) : null);

/** Keeps the first occurrence of each value, in order. */
export const dedupe = <T>(xs: T[]) => [...new Set(xs)];
