import { randomBytes } from 'node:crypto';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

// Random bytes are drawn 4 KB at a time: one call into the system's generator per id made a
// batch of 1,000 records pay for 1,000 of them.
let pool = Buffer.alloc(0);
let used = 0;

function randomChars(n: number): string {
  if (used + n > pool.length) {
    pool = randomBytes(4096);
    used = 0;
  }
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[pool[used++] % 36];
  return out;
}

let lastMs = 0;
let seqInMs = 0;

/**
 * A new id: `<prefix>_` + 8 time characters + 10 random ones, lowercase [0-9a-z] only, so it is
 * safe inside SQL identifiers (`r_<formId>`, `f_<fieldId>`) and ids made later sort later.
 */
export function newId(
  prefix:
    | 'app'
    | 'frm'
    | 'fld'
    | 'rec'
    | 'usr'
    | 'dep'
    | 'tok'
    | 'fil'
    | 'rol'
    | 'viw'
    | 'wfl'
    | 'aut'
    | 'dsh'
    | 'run'
    | 'job'
    | 'ntf'
    | 'imp'
    | 'lnk',
): string {
  const now = Date.now();
  if (now === lastMs) seqInMs++;
  else {
    lastMs = now;
    seqInMs = 0;
  }
  const time = now.toString(36).padStart(9, '0').slice(-9);
  const seq = seqInMs.toString(36).padStart(3, '0').slice(-3);
  return `${prefix}_${time}${seq}${randomChars(6)}`;
}

/** An id is ours when it matches this shape; anything else never reaches SQL as an identifier. */
export const idPattern = /^[a-z]{3}_[0-9a-z]{18}$/;

/** A random secret for tokens and cookies. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
