import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { connect } from '../db/connect.js';
import { shippedMigrations } from '../db/migrate.js';
import { verifyArchive } from './archive.js';
import type { Manifest } from './backup.schema.js';
import { requirePgTool, runPgTool } from './pg-tools.js';
import { liveServers } from './server-presence.js';
import { filesDirOf, sqliteFileOf } from './take-backup.js';

/** A restore that must not go on; the message says why and what to do. */
export class RestoreRefused extends Error {}

export interface RestoreReport {
  manifest: Manifest;
  /** Where the database and files that were replaced now are (PostgreSQL: the schema they were renamed to). */
  replaced: { files: string; database: string };
  /** Rows per form table: what the manifest says, and what the restored database holds. */
  checks: Array<{ table: string; expected: number; actual: number }>;
  ok: boolean;
}

const stampOf = (d: Date) => d.toISOString().replace(/[-:.]/g, '');

/** Refuses a backup made by a newer Tessera: one whose migration level this code does not know. */
async function refuseNewerSchema(m: Manifest) {
  const known = Object.keys(await shippedMigrations.getMigrations());
  if (m.migration && !known.includes(m.migration))
    throw new RestoreRefused(
      `This backup comes from a newer Tessera (${m.tessera}): its database is at migration ${m.migration}, ` +
        `which this version does not know. Install Tessera ${m.tessera} or later and restore with it.`,
    );
}

/** Refuses while a server uses the SQLite file: announced servers, or any connection holding a write lock. */
function refuseRunningSqlite(dataDir: string) {
  const pids = liveServers(dataDir);
  if (pids.length)
    throw new RestoreRefused(
      `Tessera is running on ${dataDir} (process ${pids.join(', ')}); stop it before restoring`,
    );
  const file = sqliteFileOf(dataDir);
  if (!fs.existsSync(file)) return;
  const probe = new SQLite(file, { timeout: 0 });
  try {
    probe.exec('begin immediate');
    probe.exec('rollback');
  } catch (e) {
    throw new RestoreRefused(
      `The database ${file} is locked by another process (${(e as Error).message}); stop Tessera first`,
    );
  } finally {
    probe.close();
  }
}

async function moveIfExists(from: string, to: string) {
  if (!fs.existsSync(from)) return;
  await fs.promises.mkdir(path.dirname(to), { recursive: true });
  await fs.promises.rename(from, to);
}

async function countForms(config: Pick<Config, 'dataDir' | 'databaseUrl'>, schema?: string) {
  const h = connect({
    url: config.databaseUrl,
    sqliteFile: sqliteFileOf(config.dataDir),
    poolSize: 1,
    searchPath: schema,
  });
  try {
    const tables = await h.db.introspection.getTables();
    const counts: Record<string, number> = {};
    for (const t of tables.filter((t) => /^r_/.test(t.name) && (!schema || t.schema === schema)))
      counts[t.name] = Number(
        (await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)}`.execute(h.db)).rows[0].n,
      );
    return counts;
  } finally {
    await h.close();
  }
}

async function restorePostgres(url: string, schema: string, dump: string, at: Date): Promise<string> {
  requirePgTool('pg_restore');
  const aside = `${schema}_replaced_${stampOf(at).toLowerCase()}`.slice(0, 63);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  let exists: number;
  try {
    const id = (s: string) => `"${s.replace(/"/g, '""')}"`;
    exists = (await c.query('select 1 from pg_namespace where nspname = $1', [schema])).rowCount ?? 0;
    if (exists) await c.query(`alter schema ${id(schema)} rename to ${id(aside)}`);
    await c.query(`create schema ${id(schema)}`);
  } finally {
    await c.end();
  }
  // The schema exists now (public always does): restore everything in the dump but its CREATE SCHEMA.
  const list = path.join(path.dirname(dump), 'restore.list');
  const listed = spawnSync('pg_restore', ['--list', dump], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (listed.status !== 0) throw new Error(`pg_restore --list failed: ${listed.stderr}`);
  const entries = listed.stdout.split('\n').filter((l) => !/^\d+; \d+ \d+ SCHEMA - /.test(l));
  fs.writeFileSync(list, entries.join('\n'));
  await runPgTool('pg_restore', [
    '--exit-on-error',
    '--no-owner',
    `--use-list=${list}`,
    `--dbname=${url}`,
    dump,
  ]);
  return exists ? `schema ${aside}` : '(nothing: the schema did not exist)';
}

/**
 * Restores a backup archive over the configured data folder and database. In order: verifies
 * every checksum (nothing is touched if one fails), refuses a backup from another engine or a
 * newer schema, refuses while a server runs (SQLite), moves the current database and files aside
 * into `<dataDir>/replaced-<time>/` (never deletes them), puts the backup's in place, and counts
 * the rows of every form table against the manifest.
 */
export async function restoreBackup(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  archive: string,
  log: (line: string) => void = console.log,
): Promise<RestoreReport> {
  const engine = config.databaseUrl && /^postgres(ql)?:\/\//.test(config.databaseUrl) ? 'postgres' : 'sqlite';
  const at = new Date();
  await fs.promises.mkdir(config.dataDir, { recursive: true });
  const staging = await fs.promises.mkdtemp(path.join(config.dataDir, '.restore-'));
  try {
    log(`Verifying ${path.basename(archive)} …`);
    const manifest = await verifyArchive(archive, staging).catch((e: Error) => {
      throw new RestoreRefused(`The backup is damaged or not a Tessera backup: ${e.message}`);
    });
    log(
      `Checksums verified: ${manifest.parts.length} parts, made by Tessera ${manifest.tessera} at ${manifest.createdAt}`,
    );
    if (manifest.engine !== engine)
      throw new RestoreRefused(
        `This is a ${manifest.engine} backup, but Tessera is configured for ${engine}` +
          (engine === 'sqlite' ? ' (DATABASE_URL is unset)' : ''),
      );
    await refuseNewerSchema(manifest);
    const aside = path.join(config.dataDir, `replaced-${stampOf(at)}`);
    let database: string;
    if (engine === 'sqlite') {
      refuseRunningSqlite(config.dataDir);
      const file = sqliteFileOf(config.dataDir);
      for (const suffix of ['', '-wal', '-shm'])
        await moveIfExists(file + suffix, path.join(aside, `tessera.db${suffix}`));
      await fs.promises.rename(path.join(staging, 'db/tessera.db'), file);
      database = path.join(aside, 'tessera.db');
    } else {
      if (!manifest.schema) throw new RestoreRefused('The backup does not say which schema it holds');
      database = await restorePostgres(
        config.databaseUrl!,
        manifest.schema,
        path.join(staging, 'db/tessera.pgdump'),
        at,
      );
    }
    await moveIfExists(filesDirOf(config.dataDir), path.join(aside, 'files'));
    const files = path.join(staging, 'files');
    if (fs.existsSync(files)) await fs.promises.rename(files, filesDirOf(config.dataDir));
    else await fs.promises.mkdir(filesDirOf(config.dataDir), { recursive: true });
    log(`Restored. The replaced database: ${database}; the replaced files: ${path.join(aside, 'files')}`);
    const actual = await countForms(config, manifest.schema);
    const tables = [...new Set([...Object.keys(manifest.counts), ...Object.keys(actual)])].sort();
    const checks = tables.map((table) => ({
      table,
      expected: manifest.counts[table] ?? 0,
      actual: actual[table] ?? 0,
    }));
    for (const c of checks)
      log(
        `  ${c.table}: ${c.actual} rows (manifest: ${c.expected}) ${c.actual === c.expected ? 'ok' : 'MISMATCH'}`,
      );
    const ok = checks.every((c) => c.actual === c.expected);
    log(
      ok
        ? `Check passed: ${checks.length} form tables hold what the manifest says.`
        : 'Check FAILED: see above.',
    );
    return { manifest, replaced: { files: path.join(aside, 'files'), database }, checks, ok };
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
}
