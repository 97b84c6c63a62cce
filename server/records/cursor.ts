import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { badRequest } from '../errors.js';

// The key is read once per database handle (a transaction reads it again: one primary-key look-up).
const keys = new WeakMap<object, Promise<Buffer>>();

async function cursorKey(db: Db): Promise<Buffer> {
  let key = keys.get(db);
  if (!key) {
    key = db
      .selectFrom('server_secrets')
      .select('value')
      .where('name', '=', 'cursor')
      .executeTakeFirstOrThrow()
      .then((r) => Buffer.from(r.value, 'base64'));
    keys.set(db, key);
    key.catch(() => keys.delete(db));
  }
  return key;
}

export const invalidCursor = () =>
  badRequest('The cursor is not valid for this query', [{ path: '/cursor', message: 'invalid cursor' }]);

/**
 * A list cursor: the sort values of the last row, encrypted and authenticated with the server's
 * key (AES-256-GCM), bound to `scope` (the form and the sort), so the client learns no value
 * through it and cannot forge, alter or carry it to another list. base64url(iv · tag · data).
 */
export async function sealCursor(db: Db, scope: string, values: unknown[]): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await cursorKey(db), iv);
  cipher.setAAD(Buffer.from(scope));
  const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
}

/** The values a cursor sealed for the same `scope`; 400 for anything else. */
export async function openCursor(db: Db, scope: string, cursor: string): Promise<unknown> {
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length < 29) throw invalidCursor();
  const key = await cursorKey(db);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(scope));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text);
  } catch {
    throw invalidCursor();
  }
}
