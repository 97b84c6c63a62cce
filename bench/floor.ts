import SQLite from 'better-sqlite3';
import pg from 'pg';

/**
 * Direct SQL on the server's own database: the floor each scenario is compared with. Statements
 * use `?` placeholders on both engines.
 */
export interface SqlFloor {
  engine: 'sqlite' | 'postgres';
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Runs the statements in one transaction. */
  transaction(statements: Array<[string, unknown[]]>): Promise<void>;
  /** The query plan, one step per line. */
  explain(text: string, params?: unknown[]): Promise<string>;
  /** Creates an empty `copy` of `table` with the same columns and indexes. */
  copyTable(table: string, copy: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens the SQLite file with the server's pragmas; statements are prepared once and reused. */
export function sqliteFloor(file: string): SqlFloor {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  // As the server (server/db/connect.ts): checkpoints every 40 MB of WAL, not every 4 MB.
  db.pragma('wal_autocheckpoint = 10000');
  const cache = new Map<string, SQLite.Statement>();
  const prep = (text: string) => cache.get(text) ?? cache.set(text, db.prepare(text)).get(text)!;
  const run = (text: string, params: unknown[]) => {
    const st = prep(text);
    return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), []);
  };
  const tx = db.transaction((statements: Array<[string, unknown[]]>) =>
    statements.forEach(([t, p]) => run(t, p)),
  );
  return {
    engine: 'sqlite',
    query: async (text, params = []) => run(text, params),
    transaction: async (statements) => tx(statements),
    explain: async (text, params = []) =>
      (db.prepare(`explain query plan ${text}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n'),
    async copyTable(table, copy) {
      const objects = db
        .prepare(
          `select type, name, sql from sqlite_master where tbl_name = ? and sql is not null order by type desc`,
        )
        .all(table) as { type: string; name: string; sql: string }[];
      for (const o of objects) {
        const ddl = o.type === 'index' ? o.sql.replace(o.name, `${o.name}_floor`) : o.sql;
        db.exec(ddl.replaceAll(table, copy));
      }
    },
    close: async () => void db.close(),
  };
}

const numbered = (text: string) => {
  let i = 0;
  return text.replace(/\?/g, () => `$${++i}`);
};

/** One PostgreSQL connection to the server's database. */
export async function pgFloor(url: string): Promise<SqlFloor> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const query = async (text: string, params: unknown[] = []) =>
    (await client.query(numbered(text), params)).rows as Record<string, unknown>[];
  return {
    engine: 'postgres',
    query,
    async transaction(statements) {
      await client.query('begin');
      try {
        for (const [t, p] of statements) await query(t, p);
        await client.query('commit');
      } catch (e) {
        await client.query('rollback');
        throw e;
      }
    },
    explain: async (text, params = []) =>
      (await query(`explain ${text}`, params)).map((r) => String(r['QUERY PLAN'])).join('\n'),
    copyTable: async (table, copy) =>
      void (await client.query(`create table "${copy}" (like "${table}" including all)`)),
    close: () => client.end(),
  };
}
