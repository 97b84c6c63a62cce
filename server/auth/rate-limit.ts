import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { iso } from '../shared/clock.js';

/**
 * Counts attempts per key in a fixed window, in the database so several server processes share
 * the count. Answers 429 with Retry-After once `max` is reached.
 */
export async function assertUnderLimit(db: Db, key: string, max: number, now: Date): Promise<void> {
  const row = await db.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirst();
  if (row && row.reset_at > iso(now) && row.count >= max) {
    const seconds = Math.max(1, Math.ceil((new Date(row.reset_at).getTime() - now.getTime()) / 1000));
    throw new AppError('rate_limited', `Too many attempts; try again in ${Math.ceil(seconds / 60)} minute(s)`, [], { 'Retry-After': String(seconds) });
  }
}

export async function countAttempt(db: Db, key: string, windowMs: number, now: Date): Promise<void> {
  const reset = iso(new Date(now.getTime() + windowMs));
  const row = await db.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row || row.reset_at <= iso(now)) {
    await db.insertInto('rate_limits').values({ key, count: 1, reset_at: reset }).onConflict((oc) => oc.column('key').doUpdateSet({ count: 1, reset_at: reset })).execute();
  } else {
    await db.updateTable('rate_limits').set((eb) => ({ count: eb('count', '+', 1) })).where('key', '=', key).execute();
  }
}

export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
