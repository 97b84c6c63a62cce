import { sql } from 'kysely';
import type { Db, Engine } from './database.js';

/** Rows written between refreshes at least, and at least this share of the table's rows. */
const MIN_ROWS = 20_000;
const SHARE = 0.5;

/**
 * Keeps PostgreSQL's statistics of a table current while a bulk load fills it. Autovacuum
 * analyzes a table only a while after a tenth of it changed; a load outruns that, and without
 * statistics the planner guesses. Measured on an import into a 100,000-record form: each dedupe
 * and uniqueness lookup of 500 values walked another field's partial index over every row (33 ms
 * instead of about 1 ms). Call the answer before writing each batch with its row count: it
 * analyzes the table first, then each time the rows written since reach MIN_ROWS or SHARE of the
 * table. On SQLite it does nothing (its planner does not depend on ANALYZE for these lookups).
 */
export function statisticsKeeper(db: Db, engine: Engine, table: string): (rows: number) => Promise<void> {
  if (engine !== 'postgres') return async () => {};
  let written = Infinity;
  let threshold = 0;
  return async (rows: number) => {
    if (written >= threshold) {
      await sql`analyze ${sql.table(table)}`.execute(db);
      const { rows: r } = await sql<{
        n: number;
      }>`select reltuples::bigint as n from pg_class where oid = ${table}::regclass`.execute(db);
      threshold = Math.max(MIN_ROWS, Math.max(0, Number(r[0]?.n ?? 0)) * SHARE);
      written = 0;
    }
    written += rows;
  };
}
