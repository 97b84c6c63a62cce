import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { version } from '../app.js';
import type { Config } from '../config.js';
import type { Engine } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { hashFile, verifyArchive, writeArchive } from './archive.js';
import { type BackupInfo, type BackupKind, type Manifest, type Part, nameFor } from './backup.schema.js';
import { requirePgTool } from './pg-tools.js';
import { partialPrefix } from './backup-store.js';
import { snapshotPostgres } from './snapshot-postgres.js';
import { snapshotSqlite } from './snapshot-sqlite.js';

/** What a backup reads from: the database, where its SQLite file and attachments live, and a clock. */
export interface BackupSource {
  db: Kysely<any>;
  engine: Engine;
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'backupDir'>;
  clock: Clock;
}

export const sqliteFileOf = (dataDir: string) => path.join(dataDir, 'tessera.db');
export const filesDirOf = (dataDir: string) => path.join(dataDir, 'files');

/** Every regular file under `dir`, as paths relative to it (sorted; none when `dir` is absent). */
export async function listFiles(dir: string, rel = ''): Promise<string[]> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(path.join(dir, rel), { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, r)));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/**
 * Freezes the attachments as they are now: hard links (instant, and untouched by a later delete),
 * or copies when the backup folder is on another disk.
 */
export async function freezeFiles(filesDir: string, into: string): Promise<string[]> {
  const files = await listFiles(filesDir);
  for (const f of files) {
    const target = path.join(into, 'files', f);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.promises.link(path.join(filesDir, f), target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // deleted meanwhile: not part of this backup
      if (code !== 'EXDEV' && code !== 'EPERM') throw e;
      await fs.promises.copyFile(path.join(filesDir, f), target);
    }
  }
  return files.filter((f) => fs.existsSync(path.join(into, 'files', f)));
}

/**
 * Takes one backup: a consistent snapshot of the database plus the attachments, in one
 * `.tar.gz` with a manifest, written under a temporary `.partial-<pid>-…` folder, read back and
 * verified, and only then renamed into the backup folder. A process killed midway leaves only
 * the partial folder, which is never listed and is removed by the next `cleanPartials`.
 */
export async function takeBackup(
  src: BackupSource,
  kind: BackupKind,
  startedAt = src.clock.now(),
): Promise<BackupInfo> {
  if (src.engine === 'postgres') requirePgTool('pg_dump');
  const t0 = performance.now();
  const name = nameFor(startedAt, kind);
  const dir = src.config.backupDir;
  await fs.promises.mkdir(dir, { recursive: true });
  const work = path.join(dir, `${partialPrefix}${process.pid}-${name.replace(/\.tar\.gz$/, '')}`);
  await fs.promises.mkdir(path.join(work, 'db'), { recursive: true });
  try {
    const dbPart = src.engine === 'sqlite' ? 'db/tessera.db' : 'db/tessera.pgdump';
    const facts =
      src.engine === 'sqlite'
        ? await snapshotSqlite(sqliteFileOf(src.config.dataDir), path.join(work, dbPart))
        : await snapshotPostgres(src.db, src.config.databaseUrl!, path.join(work, dbPart));
    const files = await freezeFiles(filesDirOf(src.config.dataDir), work);
    const parts: Part[] = [];
    for (const p of [dbPart, ...files.map((f) => `files/${f}`)])
      parts.push({ path: p, ...(await hashFile(path.join(work, p))) });
    const manifest: Manifest = {
      format: 1,
      tessera: version,
      engine: src.engine,
      kind,
      migration: facts.migration,
      ...('schema' in facts ? { schema: facts.schema as string } : {}),
      createdAt: startedAt.toISOString(),
      durationMs: 0,
      counts: facts.counts,
      parts,
    };
    manifest.durationMs = Math.round(performance.now() - t0);
    const temp = path.join(work, 'archive.tar.gz');
    await writeArchive(temp, work, manifest);
    await verifyArchive(temp);
    const final = path.join(dir, name);
    await fs.promises.rename(temp, final);
    const d = await fs.promises.open(dir, 'r');
    await d.sync().catch(() => {}); // not every filesystem syncs a directory
    await d.close();
    const { size } = await fs.promises.stat(final);
    return { name, size, createdAt: manifest.createdAt, kind, manifest };
  } finally {
    await fs.promises.rm(work, { recursive: true, force: true });
  }
}
