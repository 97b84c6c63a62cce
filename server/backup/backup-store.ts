import fs from 'node:fs';
import path from 'node:path';
import { badRequest, notFound } from '../errors.js';
import { readManifest } from './archive.js';
import { type BackupInfo, type BackupKind, archiveName, timeOfName } from './backup.schema.js';
import { alive } from './server-presence.js';
import { type RetentionPolicy, backupsToKeep, keptUpgradeBackups } from './retention.js';

/** Work folders of backups in progress: `.partial-<pid>-<name>`. */
export const partialPrefix = '.partial-';

const manifests = new Map<string, { key: string; info: BackupInfo }>();

/**
 * The finished backups in `dir`, newest first. Only complete archives carry a final name, so a
 * backup still being written (or cut short by a crash) never shows here. An archive whose
 * manifest cannot be read is skipped with a console warning rather than hiding the others.
 */
export async function listBackups(dir: string): Promise<BackupInfo[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: BackupInfo[] = [];
  for (const name of names) {
    const m = archiveName.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    const st = await fs.promises.stat(file).catch(() => null);
    if (!st?.isFile()) continue;
    const key = `${file}:${st.size}:${st.mtimeMs}`;
    let cached = manifests.get(file);
    if (cached?.key !== key) {
      try {
        const manifest = await readManifest(file);
        cached = {
          key,
          info: { name, size: st.size, createdAt: timeOfName(m[1]), kind: m[2] as BackupKind, manifest },
        };
        manifests.set(file, cached);
      } catch (e) {
        console.warn(`backup ${name} is unreadable: ${(e as Error).message}`);
        continue;
      }
    }
    out.push(cached.info);
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Removes the work folders of backups whose process is gone (killed mid-backup); returns their names. */
export async function cleanPartials(dir: string): Promise<string[]> {
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(partialPrefix)) continue;
    const pid = Number(/^\.partial-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && alive(pid)) continue;
    if (pid === process.pid) continue; // ours, in progress
    await fs.promises.rm(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Deletes the backups retention no longer keeps; returns their names. */
export async function applyRetention(
  dir: string,
  policy: RetentionPolicy,
  timeZone: string,
): Promise<string[]> {
  const all = await listBackups(dir);
  const upgrades = all.filter((b) => b.kind === 'pre-upgrade');
  const keep = backupsToKeep(
    all.filter((b) => b.kind !== 'pre-upgrade'),
    policy,
    timeZone,
  );
  for (const b of upgrades.slice(0, keptUpgradeBackups)) keep.add(b.name);
  const gone = all.filter((b) => !keep.has(b.name));
  for (const b of gone) {
    await fs.promises.rm(path.join(dir, b.name), { force: true });
    manifests.delete(path.join(dir, b.name));
  }
  return gone.map((b) => b.name);
}

/**
 * The path of a finished backup named `name`. Only names Tessera writes are accepted, so no
 * `..`, slash or other file of the backup folder can be reached through it.
 */
export function backupPath(dir: string, name: string): string {
  if (!archiveName.test(name))
    throw badRequest('Not a backup name', [{ path: '/name', message: 'is not a backup name' }]);
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) throw notFound('Backup');
  return file;
}
