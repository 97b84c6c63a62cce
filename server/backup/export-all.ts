import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { version } from '../app.js';
import type { CurrentUser, Deps } from '../context.js';
import { connect } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { recordTable } from '../forms/form-model.js';
import { exportApp } from '../templates/export.js';
import { hashFile, writeArchive } from './archive.js';
import { partialPrefix } from './backup-store.js';
import { listTables, newestMigration } from './db-catalog.js';
import { type ExportManifest, type ExportPart, exportFormat, instanceTables } from './export.schema.js';
import { snapshotSqlite } from './snapshot-sqlite.js';
import { tableRows } from './table-rows.js';
import { filesDirOf, freezeFiles, sqliteFileOf } from './take-backup.js';

/** The user an export reads as: an admin, who sees every record and field (the CLI has none of its own). */
export const exportingAdmin: CurrentUser = {
  id: 'usr_export',
  email: 'export@tessera.local',
  name: 'export',
  isAdmin: true,
  mainDepartmentId: null,
  departmentIds: [],
  via: 'token',
};

/** Writes a line-per-row JSON file, honouring back-pressure. */
async function writeLines(file: string, batches: AsyncIterable<unknown[][]>): Promise<number> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const out = fs.createWriteStream(file, { flags: 'wx' });
  let rows = 0;
  for await (const batch of batches) {
    rows += batch.length;
    const text = batch.map((r) => `${JSON.stringify(r)}\n`).join('');
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return rows;
}

/** Above this many records an app's template document in the archive holds its definitions only. */
export const maxTemplateRecords = 10_000;

/** Reads one consistent state of the database into `work`: the tables, and each app as a template. */
async function readDatabase(deps: Deps, db: Kysely<Database>, work: string, user: CurrentUser) {
  const migration = await newestMigration(db);
  const tables = (await listTables(db, deps.engine)).filter((t) => !instanceTables.has(t.name));
  const out: ExportManifest['tables'] = [];
  for (const t of tables) {
    const rows = await writeLines(
      path.join(work, 'tables', `${t.name}.jsonl`),
      tableRows(db, deps.engine, t),
    );
    out.push({ ...t, rows });
  }
  const apps: ExportManifest['apps'] = [];
  const all = await db
    .selectFrom('apps')
    .select(['id', 'name'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  // Rows per table, as just written: an app's template document carries its records as data only
  // while they are few (it is built in memory); the tables hold every row either way.
  const rowsOf = new Map(out.map((t) => [t.name, t.rows]));
  const forms = await db.selectFrom('forms').select(['id', 'app_id']).execute();
  for (const a of all) {
    const records = forms
      .filter((f) => f.app_id === a.id)
      .reduce((n, f) => n + (rowsOf.get(recordTable(f.id)) ?? 0), 0);
    const doc = await exportApp({ ...deps, db }, user, a.id, { data: records <= maxTemplateRecords });
    const rel = `apps/${a.id}.json`;
    await fs.promises.mkdir(path.join(work, 'apps'), { recursive: true });
    await fs.promises.writeFile(path.join(work, rel), JSON.stringify(doc, null, 2));
    apps.push({ id: a.id, name: a.name, path: rel });
  }
  return { migration, tables: out, apps };
}

/**
 * Reads the database as of one moment: on SQLite a snapshot by the online backup API, read over a
 * connection of its own (the server's connection keeps serving); on PostgreSQL one read-only
 * repeatable-read transaction.
 */
async function readConsistently(deps: Deps, work: string, user: CurrentUser) {
  if (deps.engine === 'sqlite') {
    const file = path.join(work, 'snapshot.db');
    await snapshotSqlite(sqliteFileOf(deps.config.dataDir), file);
    const snap = connect({ sqliteFile: file });
    try {
      return await readDatabase(deps, snap.db, work, user);
    } finally {
      await snap.close();
      await fs.promises.rm(file, { force: true });
    }
  }
  return deps.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      await sql`set transaction read only`.execute(tx);
      return readDatabase(deps, tx as unknown as Kysely<Database>, work, user);
    });
}

/**
 * Exports everything — every table's rows (form records, people, departments, roles, workflows and
 * their states, relations, history, audit), each app as a template document with its data, and the
 * attachment files — as one gzip'd tar at `target`, independent of the database engine. The work
 * happens under a `.partial-…` folder of the backup folder (removed after, and at the next start
 * if the process dies). Answers the manifest.
 */
export async function exportEverything(
  deps: Deps,
  target: string,
  user = exportingAdmin,
): Promise<ExportManifest> {
  const createdAt = deps.clock.now().toISOString();
  await fs.promises.mkdir(deps.config.backupDir, { recursive: true });
  const prefix = path.join(deps.config.backupDir, `${partialPrefix}${process.pid}-export-`);
  const work = await fs.promises.mkdtemp(prefix);
  try {
    const read = await readConsistently(deps, work, user);
    const files = await freezeFiles(filesDirOf(deps.config.dataDir), work);
    const paths = [
      ...read.tables.map((t) => `tables/${t.name}.jsonl`),
      ...read.apps.map((a) => a.path),
      ...files.map((f) => `files/${f}`),
    ];
    const parts: ExportPart[] = [];
    for (const p of paths) parts.push({ path: p, ...(await hashFile(path.join(work, p))) });
    const manifest: ExportManifest = {
      ...{ format: exportFormat, version: 1, tessera: version, engine: deps.engine, createdAt },
      ...read,
      parts,
    };
    const temp = path.join(work, 'export.tar.gz');
    await writeArchive(temp, work, manifest, 'export.json');
    await fs.promises.mkdir(path.dirname(path.resolve(target)), { recursive: true });
    await fs.promises.rename(temp, target).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EXDEV') throw e;
      await fs.promises.copyFile(temp, target);
    });
    return manifest;
  } finally {
    await fs.promises.rm(work, { recursive: true, force: true });
  }
}
