import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalid } from '../errors.js';

/** A person needs at least this long to fill a form; bots post at once. */
export const minFillMs = 3000;
/** A fill token older than this is stale (reload the form). */
export const maxFillMs = 24 * 3600 * 1000;

const mac = (secret: string, token: string, ms: number) => createHmac('sha256', secret).update(`${token}.${ms}`).digest('base64url');

/** A token saying when the form was handed out, signed with the link's secret. */
export function signStartedAt(secret: string, token: string, now: Date): string {
  const ms = now.getTime();
  return `${ms}.${mac(secret, token, ms)}`;
}

/** 422 unless `value` is a token from this link, at least `minFillMs` old and not stale. */
export function checkStartedAt(secret: string, token: string, value: string | undefined, now: Date): void {
  const refuse = (message: string) => invalid(`The form could not be accepted: ${message}`, [{ path: '/startedAt', message }]);
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!m) throw refuse('is missing; reload the form');
  const ms = Number(m[1]);
  const expected = Buffer.from(mac(secret, token, ms));
  if (!timingSafeEqual(expected, Buffer.from(m[2]))) throw refuse('is not valid; reload the form');
  const elapsed = now.getTime() - ms;
  if (elapsed < minFillMs) throw refuse('the form was sent too quickly');
  if (elapsed > maxFillMs) throw refuse('the form is too old; reload it');
}
