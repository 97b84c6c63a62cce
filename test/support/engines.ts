import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type DbHandle, connect } from '../../server/db/connect.js';
import type { Engine } from '../../server/db/database.js';
import { migrate } from '../../server/db/migrate.js';

export const pgUrl = process.env.TESSERA_TEST_PG || '';

/** The engines every storage test runs on: SQLite always, PostgreSQL when reachable. */
export const engines: Engine[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb extends DbHandle {
  dataDir: string;
  /** For PostgreSQL: the schema this database lives in (shared by a second "process"). */
  schema?: string;
  reopen(): DbHandle;
}

/**
 * A fresh, migrated database: a SQLite file in a temp folder, or a new PostgreSQL schema.
 * `close()` drops it again.
 */
export async function freshDb(engine: Engine): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-test-'));
  if (engine === 'sqlite') {
    const file = path.join(dataDir, 'tessera.db');
    const h = connect({ sqliteFile: file });
    await migrate(h.db);
    return {
      ...h,
      dataDir,
      reopen: () => connect({ sqliteFile: file }),
      close: async () => {
        await h.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const h = connect({ url: pgUrl, searchPath: schema, poolSize: 5 });
  await migrate(h.db);
  return {
    ...h,
    dataDir,
    schema,
    reopen: () => connect({ url: pgUrl, searchPath: schema, poolSize: 5 }),
    close: async () => {
      await h.close();
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
