import { type Kysely, sql } from 'kysely';
import type { Engine } from '../db/database.js';
import type { PortableType } from './export.schema.js';

/** A table as the database describes it. */
export interface CatalogTable {
  name: string;
  columns: Array<{ name: string; type: PortableType }>;
}

/** A foreign key: `table.column` names a row of `ref`. */
export interface ForeignKey {
  table: string;
  column: string;
  ref: string;
}

function portable(declared: string): PortableType {
  const t = declared.toLowerCase();
  if (t === 'jsonb' || t === 'json') return 'json';
  if (t === 'bigint') return 'bigint';
  if (t === 'integer' || t === 'int') return 'integer';
  if (t === 'real' || t === 'double precision') return 'real';
  return 'text';
}

/** Every table of the database (the current schema on PostgreSQL), in creation order, with its columns. */
export async function listTables(db: Kysely<any>, engine: Engine): Promise<CatalogTable[]> {
  if (engine === 'sqlite') {
    const names = await sql<{ name: string }>`select name from sqlite_master
      where type = 'table' and name not like 'sqlite!_%' escape '!' order by rowid`.execute(db);
    const out: CatalogTable[] = [];
    for (const { name } of names.rows) out.push({ name, columns: await tableColumns(db, engine, name) });
    return out;
  }
  const cols = await sql<{ t: string; c: string; type: string }>`select c.table_name as t, c.column_name as c,
      c.data_type as type
    from information_schema.columns c join information_schema.tables t
      on t.table_schema = c.table_schema and t.table_name = c.table_name
    join pg_class k on k.relname = c.table_name and k.relnamespace = current_schema()::regnamespace
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by k.oid, c.ordinal_position`.execute(db);
  const byName = new Map<string, CatalogTable>();
  for (const r of cols.rows) {
    if (!byName.has(r.t)) byName.set(r.t, { name: r.t, columns: [] });
    byName.get(r.t)!.columns.push({ name: r.c, type: portable(r.type) });
  }
  return [...byName.values()];
}

/** The newest migration the database has applied (its schema level). */
export async function newestMigration(db: Kysely<any>): Promise<string | null> {
  const r = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(
    db,
  );
  return r.rows[0]?.name ?? null;
}

/** The columns of one table, in order. */
export async function tableColumns(
  db: Kysely<any>,
  engine: Engine,
  table: string,
): Promise<CatalogTable['columns']> {
  const cols =
    engine === 'sqlite'
      ? await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${table})`.execute(
          db,
        )
      : await sql<{ name: string; type: string }>`select column_name as name, data_type as type
          from information_schema.columns where table_schema = current_schema() and table_name = ${table}
          order by ordinal_position`.execute(db);
  return cols.rows.map((c) => ({ name: c.name, type: portable(c.type) }));
}

/** The foreign keys between tables (single-column ones, which are all Tessera declares). */
export async function foreignKeys(db: Kysely<any>, engine: Engine): Promise<ForeignKey[]> {
  if (engine === 'sqlite') {
    const r = await sql<ForeignKey>`select m.name as "table", p."from" as "column", p."table" as ref
      from sqlite_master m, pragma_foreign_key_list(m.name) p where m.type = 'table'`.execute(db);
    return r.rows;
  }
  const r = await sql<ForeignKey>`select cl.relname as "table", a.attname as "column", rf.relname as ref
    from pg_constraint c
    join pg_class cl on cl.oid = c.conrelid
    join pg_class rf on rf.oid = c.confrelid
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'f' and cl.relnamespace = current_schema()::regnamespace`.execute(db);
  return r.rows;
}

/**
 * `tables` ordered so that every table comes after the tables it references (a reference to
 * itself aside: see `parentsFirst`); ties keep their given order.
 */
export function referencedFirst(tables: string[], keys: ForeignKey[]): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (done.has(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const k of keys) if (k.table === t && k.ref !== t && tables.includes(k.ref)) visit(k.ref);
    visiting.delete(t);
    done.add(t);
    out.push(t);
  };
  tables.forEach(visit);
  return out;
}

/** Rows of a table that references itself through `column`, each after the row it names. */
export function parentsFirst<T extends Record<string, unknown>>(rows: T[], column: string, id = 'id'): T[] {
  const byId = new Map(rows.map((r) => [r[id], r]));
  const out: T[] = [];
  const placed = new Set<unknown>();
  const place = (r: T, depth = 0) => {
    if (placed.has(r[id]) || depth > rows.length) return;
    const parent = byId.get(r[column]);
    if (parent && parent !== r) place(parent, depth + 1);
    placed.add(r[id]);
    out.push(r);
  };
  rows.forEach((r) => place(r));
  return out;
}

/** PostgreSQL: moves each serial column's sequence past the largest id now in its table. */
export async function resetSequences(db: Kysely<any>, engine: Engine, tables: string[]): Promise<void> {
  if (engine !== 'postgres') return;
  const serials = await sql<{ t: string; c: string }>`select table_name as t, column_name as c
    from information_schema.columns
    where table_schema = current_schema() and column_default like 'nextval(%'`.execute(db);
  for (const { t, c } of serials.rows) {
    if (!tables.includes(t)) continue;
    await sql`select setval(pg_get_serial_sequence(${t}, ${c}),
      coalesce((select max(${sql.ref(c)}) from ${sql.table(t)}), 0) + 1, false)`.execute(db);
  }
}
