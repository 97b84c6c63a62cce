import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Engine } from './database.js';
import { TesseraPostgresDialect } from './pg-introspector.js';

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
export function connect(opts: {
  url?: string;
  sqliteFile?: string;
  poolSize?: number;
  searchPath?: string;
}): DbHandle {
  if (opts.url && /^postgres(ql)?:\/\//.test(opts.url)) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new TesseraPostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? './data/tessera.db';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 32 MB of page cache: the OS caches the file too, and the server stays small. A big write
  // (an import's 5,000 rows touch every index of the form) spends less re-reading and re-writing
  // index pages: replaying an import's SQL, 16 MB → 32 MB was about 10% faster.
  sqlite.pragma('cache_size = -32768');
  // The WAL is copied into the database (and synced) when it passes 10,000 pages (40 MB), not the
  // default 1,000: a page that several commits change is copied once, and a big transaction no
  // longer pays a checkpoint at every commit (another 10–15% on an import's SQL). The WAL file
  // stays about that size on disk.
  sqlite.pragma('wal_autocheckpoint = 10000');
  const db = new Kysely<Database>({
    dialect: new TransactionalDdlSqliteDialect({ database: reusingStatements(sqlite) }),
  });
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

/**
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not, so its Migrator would
 * apply pending migrations one statement at a time: a migration failing halfway would leave a
 * half-upgraded file the previous version cannot open. Saying so makes an upgrade all or nothing,
 * as on PostgreSQL. (The Migrator is the only reader of this flag.)
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl() {
    return true;
  }
}
class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter() {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * better-sqlite3 that prepares each distinct SQL text once: compiling a statement costs SQLite
 * more than running a small one. SQLite re-prepares a kept statement itself after a schema
 * change. Kept: the most recently used, up to 500 statements of up to 20,000 characters each and
 * 400,000 characters in all (about 20 MB). A prepared statement takes about 40–60 bytes per
 * character of its text (a 300-row INSERT is over half a megabyte, an IN list of 1,000 values
 * 170 kB), so the budget is in characters: by count alone, 500 kept statements of the shapes a
 * long import makes could hold a quarter of a gigabyte.
 */
function reusingStatements(sqlite: SQLite.Database) {
  const maxStatements = 500;
  const maxChars = 400_000;
  const kept = new Map<string, SQLite.Statement>();
  let chars = 0;
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let st = kept.get(text);
      if (st) {
        // Most recently used last.
        kept.delete(text);
        kept.set(text, st);
        return st;
      }
      st = sqlite.prepare(text);
      if (text.length <= 20_000) {
        kept.set(text, st);
        chars += text.length;
        while (kept.size > maxStatements || chars > maxChars) {
          const oldest = kept.keys().next().value!;
          kept.delete(oldest);
          chars -= oldest.length;
        }
      }
      return st;
    },
  };
}
