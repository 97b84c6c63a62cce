import { type Kysely, sql } from 'kysely';
import type { Engine } from '../db/database.js';
import type { CatalogTable } from './db-catalog.js';

type Row = Record<string, unknown>;
const batch = 2000;

/**
 * Every row of `table`, a batch at a time, as arrays of column values in the table's column order;
 * JSON columns as JSON text, whatever the engine answers. SQLite pages by rowid; PostgreSQL reads
 * through a cursor, which must run inside the caller's (snapshot) transaction.
 */
export async function* tableRows(
  db: Kysely<any>,
  engine: Engine,
  table: CatalogTable,
): AsyncGenerator<unknown[][]> {
  // PostgreSQL answers jsonb parsed (a JSON string too); SQLite keeps JSON as its text already.
  const json = table.columns.filter((c) => c.type === 'json').map((c) => c.name);
  const parsed = new Set(engine === 'postgres' ? json : []);
  const values = (r: Row) =>
    table.columns.map(({ name }) => {
      const v = r[name] ?? null;
      return parsed.has(name) && v !== null ? JSON.stringify(v) : v;
    });
  if (engine === 'sqlite') {
    let after = -Infinity;
    for (;;) {
      const page = await sql<Row & { __rowid__: number }>`select rowid as __rowid__, *
        from ${sql.table(table.name)}
        where rowid > ${after} order by rowid limit ${batch}`.execute(db);
      if (!page.rows.length) return;
      after = page.rows[page.rows.length - 1].__rowid__;
      yield page.rows.map(values);
    }
  }
  await sql`declare tessera_export no scroll cursor for select * from ${sql.table(table.name)}`.execute(db);
  try {
    for (;;) {
      const page = await sql<Row>`fetch ${sql.raw(String(batch))} from tessera_export`.execute(db);
      if (!page.rows.length) return;
      yield page.rows.map(values);
    }
  } finally {
    await sql`close tessera_export`.execute(db);
  }
}
