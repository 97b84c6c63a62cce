import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { iso } from '../shared/clock.js';

/**
 * Rate limits live in the database (`rate_limits`), so several server processes share them, and
 * every check is one atomic statement that counts the attempt and answers the new count: two
 * requests can never both read "4 of 5" and both go on.
 */

const tooMany = (retryMs: number) => {
  const seconds = Math.max(1, Math.ceil(retryMs / 1000));
  const wait = seconds < 120 ? `${seconds} second(s)` : `${Math.ceil(seconds / 60)} minute(s)`;
  return new AppError('rate_limited', `Too many attempts; try again in ${wait}`, [], {
    'Retry-After': String(seconds),
  });
};

/**
 * Counts one attempt on `key` in a fixed window of `windowMs` (a new window starts with the first
 * attempt after the last one ended) and answers 429 with Retry-After once more than `max` were
 * made in it. The attempt is counted before the work it guards, so concurrent attempts cannot
 * exceed `max`; `refund` gives it back when it turned out fine (a right password).
 */
export async function takeAttempt(
  db: Db,
  key: string,
  max: number,
  windowMs: number,
  now: Date,
): Promise<void> {
  const at = iso(now);
  const row = await db
    .insertInto('rate_limits')
    .values({ key, count: 1, reset_at: iso(new Date(now.getTime() + windowMs)), next_ms: 0 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_limits.reset_at <= ${at} then 1 else rate_limits.count + 1 end`,
        reset_at: sql<string>`case when rate_limits.reset_at <= ${at} then excluded.reset_at else rate_limits.reset_at end`,
      }),
    )
    .returning(['count', 'reset_at'])
    .executeTakeFirstOrThrow();
  if (Number(row.count) > max) throw tooMany(new Date(row.reset_at).getTime() - now.getTime());
  // Now and then, forget windows long over (a key's next attempt would start afresh anyway).
  if (Math.random() < 0.01)
    await db
      .deleteFrom('rate_limits')
      .where('reset_at', '<', iso(new Date(now.getTime() - 86400_000)))
      .execute();
}

/**
 * Slows attempts on `key` down instead of stopping them: the first `free` attempts of a window go
 * through at once; after that each attempt must wait 1 s, 2 s, 4 s … (at most `maxDelayMs`) after
 * the one before, else 429 with Retry-After. One statement decides and moves the next allowed time,
 * so of several concurrent attempts past the free ones only one goes through.
 */
export async function takeSpacedAttempt(
  db: Db,
  key: string,
  opts: { free: number; windowMs: number; maxDelayMs: number },
  now: Date,
): Promise<void> {
  const at = iso(now);
  const ms = now.getTime();
  const capShift = Math.floor(Math.log2(opts.maxDelayMs / 1000));
  // The delay this attempt imposes on the next: 0 while free, then 1000 << (attempts past free), capped.
  const past = sql<number>`rate_limits.count + 1 - ${opts.free}`;
  const delay = sql<number>`case when ${past} <= 0 then 0 when ${past} > ${capShift} then ${opts.maxDelayMs}
    else 1000 * (1 << (${past} - 1)) end`;
  const expired = sql<boolean>`rate_limits.reset_at <= ${at}`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, count: 1, reset_at: iso(new Date(ms + opts.windowMs)), next_ms: ms })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          count: sql<number>`case when ${expired} then 1 else rate_limits.count + 1 end`,
          reset_at: sql<string>`case when ${expired} then excluded.reset_at else rate_limits.reset_at end`,
          next_ms: sql<number>`case when ${expired} then cast(${ms} as bigint) else cast(${ms} as bigint) + ${delay} end`,
        })
        .where(sql<boolean>`${expired} or rate_limits.next_ms <= cast(${ms} as bigint)`),
    )
    .returning('count')
    .executeTakeFirst();
  if (row) return;
  const held = await db.selectFrom('rate_limits').select('next_ms').where('key', '=', key).executeTakeFirst();
  throw tooMany(Number(held?.next_ms ?? ms + 1000) - ms);
}

/** Gives one attempt back (the guarded work went fine), so only failures use a limit up. */
export async function refundAttempt(db: Db, key: string): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('key', '=', key)
    .where('count', '>', 0)
    .execute();
}

/** Forgets every attempt on `key`. */
export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
