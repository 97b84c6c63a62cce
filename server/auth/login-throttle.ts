import type { Db } from '../db/database.js';
import { clearAttempts, refundAttempt, takeAttempt, takeSpacedAttempt } from './rate-limit.js';

const window = 15 * 60_000;

/**
 * How hard sign-in may be tried, in one 15-minute window:
 * - one address on one account: 5 wrong passwords, then that address waits for the window to end;
 * - one address over all accounts: 30 wrong passwords (password spraying);
 * - one account from everywhere: 10 wrong passwords go at once, then each further attempt waits
 *   1 s, 2 s, 4 s … at most 60 s after the previous one.
 * No stranger can lock the owner out: failures from the stranger's address stop at that address,
 * and many addresses together only slow the account down, by a minute at most.
 */
export const loginLimits = {
  perAddressAndAccount: 5,
  perAddress: 30,
  account: { free: 10, windowMs: window, maxDelayMs: 60_000 },
};

/** An attempt-to-sign-in in flight: `succeeded()` hands its counted attempts back. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/**
 * Counts a sign-in attempt for `email` from `address` before the password is checked (429 when a
 * limit is used up), so concurrent attempts cannot get past the limits.
 */
export async function takeLoginAttempt(
  db: Db,
  email: string,
  address: string | null,
  now: Date,
): Promise<LoginAttempt> {
  const account = email.trim().toLowerCase().slice(0, 320);
  const from = address ?? 'unknown';
  const keys = {
    pair: `login:pair:${from}|${account}`,
    address: `login:address:${from}`,
    account: `login:account:${account}`,
  };
  await takeAttempt(db, keys.pair, loginLimits.perAddressAndAccount, window, now);
  // An attempt a later limit refuses checked no password: it does not count against the earlier
  // ones (else the owner, retrying while the account is slowed down, would block their own address).
  try {
    await takeAttempt(db, keys.address, loginLimits.perAddress, window, now);
  } catch (e) {
    await refundAttempt(db, keys.pair);
    throw e;
  }
  try {
    await takeSpacedAttempt(db, keys.account, loginLimits.account, now);
  } catch (e) {
    await refundAttempt(db, keys.pair);
    await refundAttempt(db, keys.address);
    throw e;
  }
  return {
    async succeeded() {
      await clearAttempts(db, keys.pair);
      await refundAttempt(db, keys.address);
      await refundAttempt(db, keys.account);
    },
  };
}

/** Wrong current passwords on a password change: 5 per user in 15 minutes (a stolen session guessing). */
export async function takePasswordChangeAttempt(db: Db, userId: string, now: Date): Promise<LoginAttempt> {
  const key = `password-change:${userId}`;
  await takeAttempt(db, key, 5, window, now);
  return { succeeded: () => clearAttempts(db, key) };
}
