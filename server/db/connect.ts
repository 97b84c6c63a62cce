import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Engine } from './database.js';

export interface DbHandle {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
}

// PostgreSQL answers bigint (int8) and numeric as strings by default; our bigints (counts,
// currency cents) stay well inside 2^53, so read them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/**
 * Opens the database: PostgreSQL when `url` starts with `postgres`, else a SQLite file
 * (`<dataDir>/tessera.db`) in WAL mode with foreign keys and a busy timeout.
 */
export function connect(opts: { url?: string; sqliteFile?: string; poolSize?: number; searchPath?: string }): DbHandle {
  if (opts.url && /^postgres(ql)?:\/\//.test(opts.url)) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}) });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? './data/tessera.db';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 16 MB of page cache: the OS caches the file too, and the server stays small.
  sqlite.pragma('cache_size = -16384');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(sqlite) }) });
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

/**
 * better-sqlite3 that prepares each distinct SQL text once: compiling a statement costs SQLite
 * more than running a small one. SQLite re-prepares a kept statement itself after a schema
 * change. Kept: the 500 most recently used, up to 20,000 characters each.
 */
function reusingStatements(sqlite: SQLite.Database) {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let st = kept.get(text);
      if (st) kept.delete(text);
      else st = sqlite.prepare(text);
      if (text.length <= 20_000) kept.set(text, st);
      if (kept.size > 500) kept.delete(kept.keys().next().value!);
      return st;
    },
  };
}
