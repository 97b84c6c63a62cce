import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (
  pw: string,
  salt: Buffer,
  keylen: number,
  opts: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** scrypt's cost: N = 2^logN, block size r, parallelism p. Memory is 128·N·r bytes. */
export interface ScryptCost {
  logN: number;
  r: number;
  p: number;
}

/** OWASP's current advice (Password Storage Cheat Sheet): N=2^17, r=8, p=1 — 128 MiB, ≈ 0.3 s here. */
export const owaspScrypt: ScryptCost = { logN: 17, r: 8, p: 1 };

// Stored hashes beyond this are refused rather than allowed to take a gigabyte per sign-in.
const maxLogN = 20;

// scrypt runs on libuv's thread pool (4 threads), which file reads share: at most two hashes at a
// time keep half of it free for them, and memory at 2 × 128 MiB however many sign in at once.
const maxConcurrent = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function derive(
  password: string,
  salt: Buffer,
  keylen: number,
  { logN, r, p }: ScryptCost,
): Promise<Buffer> {
  const N = 2 ** logN;
  if (running >= maxConcurrent) await new Promise<void>((go) => waiting.push(go));
  else running++;
  try {
    return await scrypt(password, salt, keylen, { N, r, p, maxmem: 256 * N * r * p });
  } finally {
    // Hand the slot straight to the next in line (running stays), or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function parse(stored: string): { cost: ScryptCost; salt: Buffer; hash: Buffer } | undefined {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  const N = Number(n);
  const logN = Math.log2(N);
  if (alg !== 'scrypt' || !hash || !Number.isInteger(logN) || logN < 1 || logN > maxLogN) return undefined;
  if (!/^\d{1,2}$/.test(r) || !/^\d{1,2}$/.test(p) || Number(r) < 1 || Number(p) < 1) return undefined;
  return {
    cost: { logN, r: Number(r), p: Number(p) },
    salt: Buffer.from(salt, 'base64'),
    hash: Buffer.from(hash, 'base64'),
  };
}

/** Hashes a password with scrypt (a slow, memory-hard KDF); the parameters travel with the hash. */
export async function hashPassword(password: string, cost: ScryptCost): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, 32, cost);
  return `scrypt$${2 ** cost.logN}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  if (!h || h.hash.length < 16) return false;
  return timingSafeEqual(await derive(password, h.salt, h.hash.length, h.cost), h.hash);
}

/** Whether a stored hash was made with other parameters than `cost` (and is redone at the next sign-in). */
export function needsRehash(stored: string, cost: ScryptCost): boolean {
  const h = parse(stored);
  return !h || h.cost.logN !== cost.logN || h.cost.r !== cost.r || h.cost.p !== cost.p;
}

/** Password rules: 8–200 characters with at least a letter and a digit. */
export function passwordProblem(pw: string): string | undefined {
  if (pw.length < 8) return 'must be at least 8 characters';
  if (pw.length > 200) return 'must be at most 200 characters';
  if (!/[A-Za-z]/.test(pw) || !/[0-9]/.test(pw)) return 'must contain letters and digits';
  return undefined;
}
