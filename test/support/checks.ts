import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Db, Engine } from '../../server/db/database.js';
import { reasonCodes } from '../../server/errors.js';
import type { Reply } from './server.js';

const codes: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'validation_failed',
  429: 'rate_limited',
};

const reasons = new Set<unknown>(reasonCodes);

/** A detail is {path, message} with, optionally, a known reason `code` and its `params` object; nothing else. */
function isDetail(d: unknown): boolean {
  if (typeof d !== 'object' || d === null) return false;
  const { path, message, code, params, ...rest } = d as Record<string, unknown>;
  if (Object.keys(rest).length || typeof path !== 'string' || typeof message !== 'string') return false;
  if (code !== undefined && !reasons.has(code)) return false;
  return (
    params === undefined ||
    (code !== undefined && typeof params === 'object' && params !== null && !Array.isArray(params))
  );
}

/** True when a body is exactly the API.md error shape: {error: {code, message, details?: [{path, message, code?, params?}]}}. */
export function isErrorShape(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  if (Object.keys(body).join() !== 'error') return false;
  const e = (body as { error: unknown }).error;
  if (typeof e !== 'object' || e === null) return false;
  const { code, message, details, ...rest } = e as Record<string, unknown>;
  if (Object.keys(rest).length || typeof code !== 'string' || typeof message !== 'string' || !message)
    return false;
  if (details === undefined) return true;
  return Array.isArray(details) && details.length > 0 && details.every(isDetail);
}

/**
 * Asserts an error answer: the status, the code that goes with it, the API.md shape, no stack
 * trace, and (when `path` is given) a detail at that JSON pointer or inside it.
 */
export function expectError(r: Reply, status: number, path?: string | RegExp) {
  const summary = `${r.status} ${JSON.stringify(r.body)?.slice(0, 600)}`;
  expect(r.status, summary).toBe(status);
  expect(r.headers.get('content-type') ?? '', summary).toMatch(/^application\/json/);
  expect(isErrorShape(r.body), summary).toBe(true);
  expect(r.body.error.code, summary).toBe(codes[status]);
  expect(JSON.stringify(r.body), summary).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  if (path !== undefined) {
    const paths: string[] = (r.body.error.details ?? []).map((d: { path: string }) => d.path);
    const names = (p: string) =>
      typeof path === 'string' ? p === path || p.startsWith(`${path}/`) : path.test(p);
    expect(paths.some(names), `a detail at ${path}: ${summary}`).toBe(true);
  }
}

/** Every row of every table, as sorted JSON lines per table: compares "the database is unchanged". */
export async function dbSnapshot(db: Db, engine: Engine): Promise<Record<string, string[]>> {
  const tables =
    engine === 'postgres'
      ? (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
            db,
          )
        ).rows
      : (
          await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
        ).rows;
  const out: Record<string, string[]> = {};
  for (const { name } of tables.sort((a, b) => a.name.localeCompare(b.name))) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows;
    out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}
