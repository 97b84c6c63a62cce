import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.js';
import { invalid } from '../errors.js';
import { iso } from '../shared/clock.js';

/** A person needs at least this long to fill a form; bots post at once. */
export const minFillMs = 3000;
/** A fill token older than this is stale (reload the form). */
export const maxFillMs = 24 * 3600 * 1000;

const mac = (secret: string, token: string, ms: number, nonce: string) =>
  createHmac('sha256', secret).update(`${token}.${ms}.${nonce}`).digest('base64url');

/**
 * A fill token, handed out with the form: when it was handed out and a random nonce (so no two
 * visitors share one), signed with the link's secret: `<ms>.<nonce>.<signature>`.
 */
export function signStartedAt(secret: string, token: string, now: Date): string {
  const ms = now.getTime();
  const nonce = randomBytes(12).toString('base64url');
  return `${ms}.${nonce}.${mac(secret, token, ms, nonce)}`;
}

const refuse = (message: string) =>
  invalid(`The form could not be accepted: ${message}`, [{ path: '/startedAt', message }]);

/**
 * 422 unless `value` is a fill token of this link, at least `minFillMs` old and not stale.
 * Answers its signature, which `spendFillToken` records so the token takes one submission.
 */
export function checkStartedAt(secret: string, token: string, value: string | undefined, now: Date): string {
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!m) throw refuse('is missing; reload the form');
  const ms = Number(m[1]);
  const expected = Buffer.from(mac(secret, token, ms, m[2]));
  if (!timingSafeEqual(expected, Buffer.from(m[3]))) throw refuse('is not valid; reload the form');
  const elapsed = now.getTime() - ms;
  if (elapsed < minFillMs) throw refuse('the form was sent too quickly');
  if (elapsed > maxFillMs) throw refuse('the form is too old; reload it');
  return m[3];
}

/**
 * Marks a fill token used, in the submission's transaction (a refused submission keeps it): 422
 * when it already was. The primary key decides, so of two concurrent replays one wins.
 */
export async function spendFillToken(db: Db, formId: string, signature: string, now: Date): Promise<void> {
  const fresh = await db
    .insertInto('used_fill_tokens')
    .values({ mac: signature, form_id: formId, expires_at: iso(new Date(now.getTime() + maxFillMs)) })
    .onConflict((oc) => oc.column('mac').doNothing())
    .returning('mac')
    .executeTakeFirst();
  if (!fresh) throw refuse('was already used for a submission; reload the form to answer again');
}

/** Forgets used tokens that are stale by now anyway (outside any submission's transaction). */
export async function forgetStaleFillTokens(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('used_fill_tokens').where('expires_at', '<', iso(now)).execute();
}
