import { CompiledQuery } from 'kysely';
import type { Db, Engine } from '../db/database.js';
import { engineOf } from '../db/engine.js';

/*
 * Multi-row INSERTs written as SQL text directly: the query builder spends more on 24,000 value
 * nodes than the database spends on the rows, and the texts repeat from batch to batch, so each is
 * built once and (on SQLite) prepared once.
 */

const quote = (id: string) => `"${id.replaceAll('"', '""')}"`;

/**
 * Rows per statement: far under both engines' bound-parameter limits (SQLite 32,766, PostgreSQL
 * 65,535) and, on SQLite, short enough that the connection keeps the prepared statement
 * (server/db/connect.ts keeps texts up to 20,000 characters): preparing a statement of thousands
 * of placeholders costs more than running it. On SQLite a power of two (see `statementRows`).
 */
function rowsPerStatement(engine: Engine, head: string, columns: number): number {
  const byParams = Math.floor(30_000 / columns);
  if (engine === 'postgres') return Math.max(1, byParams);
  const limit = Math.max(1, Math.min(byParams, Math.floor((19_500 - head.length) / (2 * columns + 1))));
  return 2 ** Math.floor(Math.log2(limit));
}

/**
 * Rows of the next statement when `left` remain. On SQLite every statement has a power-of-two
 * row count (full ones, then the rest in binary: 990 = 512 + 256 + …): a handful of shapes per
 * table are prepared once and kept, where one shape per remainder made a new statement of up to
 * half a megabyte for each new remainder. PostgreSQL prepares nothing: one statement for the rest.
 */
const statementRows = (engine: Engine, per: number, left: number) =>
  engine === 'postgres' || left >= per ? Math.min(per, left) : 2 ** Math.floor(Math.log2(left));

const headOf = (table: string, columns: string[]) =>
  `insert into ${quote(table)} (${columns.map(quote).join(',')}) values `;

// A few shapes recur (on SQLite, each table's power-of-two row counts); all are forgotten past 4 M characters.
const texts = new Map<string, string>();
let textChars = 0;

function insertText(engine: Engine, head: string, columns: number, rows: number): string {
  const key = `${engine}|${head}|${rows}`;
  let text = texts.get(key);
  if (text) return text;
  const tuples: string[] = [];
  if (engine === 'postgres') {
    let n = 0;
    for (let r = 0; r < rows; r++)
      tuples.push(`(${Array.from({ length: columns }, () => `$${++n}`).join(',')})`);
  } else {
    const tuple = `(${'?,'.repeat(columns - 1)}?)`;
    for (let r = 0; r < rows; r++) tuples.push(tuple);
  }
  text = head + tuples.join(',');
  if (textChars + text.length > 4_000_000) {
    texts.clear();
    textChars = 0;
  }
  texts.set(key, text);
  textChars += text.length;
  return text;
}

/**
 * Runs the inserts for `count` rows, `fill` putting row i's values (in `columns` order; undefined
 * is not allowed, NULL is null) into `params` from `at`: values made in `fill` are garbage as soon
 * as their statement ran.
 */
export async function insertEach(
  db: Db,
  table: string,
  columns: string[],
  count: number,
  fill: (i: number, params: unknown[], at: number) => void,
): Promise<void> {
  if (!count) return;
  const engine = engineOf(db);
  const head = headOf(table, columns);
  const per = rowsPerStatement(engine, head, columns.length);
  for (let first = 0; first < count;) {
    const n = statementRows(engine, per, count - first);
    const params: unknown[] = new Array(n * columns.length);
    for (let i = 0; i < n; i++) fill(first + i, params, i * columns.length);
    await db.executeQuery(CompiledQuery.raw(insertText(engine, head, columns.length, n), params));
    first += n;
  }
}

/**
 * Inserts `rows` (values in `columns` order; undefined is stored as NULL) in as few statements as
 * the limits allow, in the caller's transaction.
 */
export function insertValues(db: Db, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  return insertEach(db, table, columns, rows.length, (i, params, at) => {
    const row = rows[i];
    for (let c = 0; c < columns.length; c++) params[at + c] = row[c] ?? null;
  });
}

/**
 * Inserts rows given as objects: the columns are `columns`, or else the keys of all rows together
 * (a row without one stores NULL there).
 */
export function insertObjects(
  db: Db,
  table: string,
  rows: Record<string, unknown>[],
  columns?: string[],
): Promise<void> {
  let cols = columns;
  if (!cols) {
    const keys = new Set<string>();
    for (const r of rows) for (const k in r) keys.add(k);
    cols = [...keys];
  }
  const names = cols;
  return insertEach(db, table, names, rows.length, (i, params, at) => {
    const row = rows[i];
    for (let c = 0; c < names.length; c++) params[at + c] = row[names[c]] ?? null;
  });
}
