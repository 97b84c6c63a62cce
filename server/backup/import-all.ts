import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { type Kysely, sql } from 'kysely';
import type { Deps } from '../context.js';
import type { Database } from '../db/database.js';
import type { Storage } from '../fields/field-type.js';
import { createRecordTable, sqlType } from '../forms/ddl.js';
import { forgetModel, loadModel } from '../forms/model-cache.js';
import { partialPrefix } from './backup-store.js';
import { foreignKeys, listTables, newestMigration, parentsFirst, referencedFirst } from './db-catalog.js';
import { resetSequences, tableColumns } from './db-catalog.js';
import { ExportArchiveInvalid, unpackExport } from './export-archive.js';
import { type ExportManifest, type ExportTable, isRecordTable } from './export.schema.js';
import { filesDirOf, listFiles } from './take-backup.js';

/** An import that would not be safe or cannot work here: the message says why, for the admin. */
export class ImportRefused extends Error {}

export type ImportDeps = Pick<Deps, 'db' | 'engine' | 'config'>;

export interface ImportReport {
  /** Rows per table: what the export says it holds, and what the database now has. */
  tables: Record<string, { expected: number; found: number }>;
  apps: number;
  records: number;
  files: number;
  ok: boolean;
}

type Row = Record<string, unknown>;

/**
 * An instance is empty when it has no apps, departments, roles or files and at most the one admin
 * created at first start: the import replaces its people with the exported ones and would
 * otherwise mix two companies' data.
 */
async function refuseUnlessEmpty(deps: ImportDeps) {
  const count = async (t: 'apps' | 'departments' | 'roles' | 'files' | 'users') =>
    Number(
      (
        await deps.db
          .selectFrom(t)
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const held: string[] = [];
  for (const t of ['apps', 'departments', 'roles', 'files'] as const) {
    const n = await count(t);
    if (n) held.push(`${n} ${t}`);
  }
  const users = await count('users');
  if (users > 1) held.push(`${users} users`);
  if ((await listFiles(filesDirOf(deps.config.dataDir))).length)
    held.push('attachment files in its data folder');
  if (held.length)
    throw new ImportRefused(
      `this instance is not empty (it has ${held.join(', ')}); import only into a new instance`,
    );
}

/** The rows of an exported table file, as objects, `size` at a time. */
async function* rowBatches(file: string, t: ExportTable, size: number): AsyncGenerator<Row[]> {
  let batch: Row[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const values = JSON.parse(line) as unknown[];
    batch.push(Object.fromEntries(t.columns.map((c, i) => [c.name, values[i] ?? null])));
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Inserts a table's exported rows; a table that names itself (departments) gets each parent first. */
async function insertRows(db: Kysely<any>, t: ExportTable, file: string, selfColumn?: string) {
  // Well under both engines' limits on bound parameters per statement (SQLite 32,766; PostgreSQL 65,535).
  const size = Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, t.columns.length))));
  if (!t.columns.length) return;
  if (selfColumn) {
    const all: Row[] = [];
    for await (const b of rowBatches(file, t, size)) all.push(...b);
    const ordered = parentsFirst(all, selfColumn);
    for (let i = 0; i < ordered.length; i += size)
      await db
        .insertInto(t.name)
        .values(ordered.slice(i, i + size))
        .execute();
    return;
  }
  for await (const b of rowBatches(file, t, size)) await db.insertInto(t.name).values(b).execute();
}

/** Creates a form's record table from its (imported) definition, plus any column only the export has. */
async function createFormTable(db: Kysely<any>, deps: ImportDeps, t: ExportTable) {
  const formId = t.name.slice(2);
  const model = await loadModel(db, formId).catch(() => {
    throw new ImportRefused(`the export has records of a form it does not define (${formId})`);
  });
  await createRecordTable(db, deps.engine, model);
  const have = new Set((await tableColumns(db, deps.engine, t.name)).map((c) => c.name));
  // Columns kept aside by a field's change of type (`f_…__vN`), which the definition does not name.
  for (const c of t.columns.filter((x) => !have.has(x.name)))
    await sql`alter table ${sql.table(t.name)} add column ${sql.ref(c.name)}
      ${sql.raw(sqlType(c.type as Storage, deps.engine))}`.execute(db);
}

/** Copies the export's attachment files into the data folder (never over one); answers the paths placed. */
async function placeFiles(work: string, filesDir: string): Promise<string[]> {
  const from = path.join(work, 'files');
  const files = await listFiles(from);
  const placed: string[] = [];
  for (const f of files) {
    const target = path.join(filesDir, f);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.copyFile(path.join(from, f), target, fs.constants.COPYFILE_EXCL);
    placed.push(target);
  }
  return placed;
}

async function loadTables(deps: ImportDeps, m: ExportManifest, work: string) {
  await deps.db.transaction().execute(async (trx) => {
    const tx = trx as unknown as Kysely<any>;
    const keys = await foreignKeys(tx, deps.engine);
    const here = await listTables(tx, deps.engine);
    const present = new Map(here.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
    const meta = m.tables.filter((t) => !isRecordTable(t.name));
    for (const t of meta) {
      const columns = present.get(t.name);
      if (!columns) throw new ExportArchiveInvalid(`it has a table this version does not know: ${t.name}`);
      const odd = t.columns.find((c) => !columns.has(c.name));
      if (odd)
        throw new ExportArchiveInvalid(`its table ${t.name} has a column this version lacks: ${odd.name}`);
    }
    const byName = new Map(m.tables.map((t) => [t.name, t]));
    const order = referencedFirst(
      meta.map((t) => t.name),
      keys,
    );
    for (const name of [...order].reverse()) await tx.deleteFrom(name).execute();
    for (const name of order) {
      const self = keys.find((k) => k.table === name && k.ref === name)?.column;
      await insertRows(tx, byName.get(name)!, path.join(work, 'tables', `${name}.jsonl`), self);
    }
    for (const t of m.tables.filter((x) => isRecordTable(x.name))) {
      await createFormTable(tx, deps, t);
      await insertRows(tx, t, path.join(work, 'tables', `${t.name}.jsonl`));
    }
    await resetSequences(
      tx,
      deps.engine,
      m.tables.map((t) => t.name),
    );
  });
}

/**
 * Imports an export (server/backup/export-all.ts) into this EMPTY instance, whatever engine either
 * side runs: every table's rows with their ids as they were (records, relations, workflow states,
 * owners and departments, people with their passwords, roles, history, audit), the forms' record
 * tables created from their definitions, and the attachment files. Refuses (ImportRefused) an
 * instance that holds data, or an export from another migration level; checks every part's
 * checksum first. All rows go in one transaction: a failure leaves the instance as it was.
 * The people of this instance (its first admin) are replaced by the exported ones.
 */
export async function importEverything(deps: ImportDeps, file: string): Promise<ImportReport> {
  await fs.promises.mkdir(deps.config.backupDir, { recursive: true });
  const prefix = path.join(deps.config.backupDir, `${partialPrefix}${process.pid}-import-`);
  const work = await fs.promises.mkdtemp(prefix);
  try {
    const m = await unpackExport(file, work);
    const here = await newestMigration(deps.db);
    if (m.migration !== here)
      throw new ImportRefused(
        `the export was made at migration ${m.migration} (Tessera ${m.tessera}) ` +
          `and this instance is at ${here}: ` +
          'import it into the same Tessera version, then upgrade',
      );
    await refuseUnlessEmpty(deps);
    const placed = await placeFiles(work, filesDirOf(deps.config.dataDir));
    try {
      await loadTables(deps, m, work);
    } catch (e) {
      await Promise.all(placed.map((f) => fs.promises.rm(f, { force: true })));
      // Rows that break a key or a reference: the archive's contents are wrong, not this server.
      const code = String((e as { code?: unknown }).code ?? '');
      if (/^SQLITE_CONSTRAINT/.test(code) || /^23/.test(code))
        throw new ExportArchiveInvalid(`its rows do not fit together (${(e as Error).message})`);
      throw e;
    }
    for (const t of m.tables) if (isRecordTable(t.name)) forgetModel(t.name.slice(2));
    const tables: ImportReport['tables'] = {};
    for (const t of m.tables) {
      const n = await deps.db
        .selectFrom(t.name as keyof Database)
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      tables[t.name] = { expected: t.rows, found: Number(n.n) };
    }
    const records = m.tables
      .filter((t) => isRecordTable(t.name))
      .reduce((s, t) => s + tables[t.name].found, 0);
    const ok = Object.values(tables).every((t) => t.expected === t.found);
    return { tables, apps: tables.apps?.found ?? 0, records, files: placed.length, ok };
  } finally {
    await fs.promises.rm(work, { recursive: true, force: true });
  }
}
