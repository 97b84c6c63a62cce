import { Cron } from 'croner';
import type { Deps } from '../context.js';
import { conflict } from '../errors.js';
import { beginRun, finishRun, unfinishedRuns } from './backup-runs.repository.js';
import { type BackupInfo, type BackupKind, nameFor } from './backup.schema.js';
import { applyRetention, cleanPartials, listBackups } from './backup-store.js';
import { requirePgTool } from './pg-tools.js';
import { takeBackup } from './take-backup.js';

type BackupDeps = Pick<Deps, 'db' | 'engine' | 'config' | 'clock'>;

/** One backup at a time per backup folder in this process. */
const running = new Map<string, Promise<unknown>>();

/** A run that still says "running" this long after it started belongs to a process that died. */
const staleAfterMs = 6 * 3600_000;

/**
 * Starts a backup and tracks it in `backup_runs`; `done` settles when the archive is written and
 * retention applied (it never rejects: a failure is recorded on the run and logged). Returns
 * `null` when `slot` was already taken by another process.
 */
export async function startBackup(
  deps: BackupDeps,
  kind: BackupKind,
  opts: { slot?: string; userId?: string } = {},
) {
  const dir = deps.config.backupDir;
  if (running.has(dir)) throw conflict('A backup is already running');
  if (deps.engine === 'postgres') requirePgTool('pg_dump');
  const at = deps.clock.now();
  running.set(dir, Promise.resolve());
  let run: Awaited<ReturnType<typeof beginRun>>;
  try {
    run = await beginRun(deps.db, {
      kind,
      name: nameFor(at, kind),
      slot: opts.slot,
      userId: opts.userId,
      at,
    });
  } finally {
    if (!run!) running.delete(dir);
  }
  if (!run) return null;
  const started = run;
  const done = (async (): Promise<BackupInfo | null> => {
    try {
      const info = await takeBackup(deps, kind, at);
      await finishRun(deps.db, started.id, deps.clock.now(), { size: info.size });
      await applyRetention(dir, deps.config.backupKeep, deps.config.timeZone);
      return info;
    } catch (e) {
      console.error(`backup ${started.name} failed`, e);
      await finishRun(deps.db, started.id, deps.clock.now(), { error: (e as Error).message }).catch(() => {});
      return null;
    } finally {
      running.delete(dir);
    }
  })();
  running.set(dir, done);
  return { run, done };
}

/** The scheduled backup for the cron occurrence at `at`: taken by whichever process leases it first. */
export async function runScheduledBackup(deps: BackupDeps, at: Date): Promise<BackupInfo | null> {
  const slot = `scheduled:${at.toISOString().slice(0, 16)}`;
  try {
    const started = await startBackup(deps, 'scheduled', { slot });
    return started ? await started.done : null;
  } catch (e) {
    console.error('scheduled backup not started', e);
    return null;
  }
}

/**
 * Runs backups on `TESSERA_BACKUP_CRON` (in `TESSERA_TIMEZONE`), after clearing away what a
 * killed backup left behind. Returns a stop function.
 */
export function startBackupSchedule(deps: BackupDeps): () => void {
  for (const [k, v] of Object.entries(deps.config.backupKeep))
    if (!Number.isInteger(v) || v < 0)
      throw new Error(`TESSERA_BACKUP_KEEP_${k.toUpperCase()} must be a whole number ≥ 0, not ${v}`);
  void cleanPartials(deps.config.backupDir).then((gone) => {
    if (gone.length)
      console.log(`backups: removed ${gone.length} unfinished backup(s) left by a stopped process`);
  });
  if (!deps.config.backupCron) return () => {};
  let job: Cron;
  try {
    job = new Cron(deps.config.backupCron, { timezone: deps.config.timeZone, protect: true }, async () => {
      await runScheduledBackup(deps, job.currentRun() ?? new Date());
    });
  } catch (e) {
    throw new Error(
      `TESSERA_BACKUP_CRON "${deps.config.backupCron}" is not a cron pattern: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  return () => job.stop();
}

/** Finished backups plus runs in progress or failed, newest first, as the admin page lists them. */
export async function backupList(deps: BackupDeps) {
  const finished = await listBackups(deps.config.backupDir);
  const names = new Set(finished.map((b) => b.name));
  const now = deps.clock.now().getTime();
  const others = (await unfinishedRuns(deps.db))
    .filter((r) => !names.has(r.name))
    .map((r) => {
      const stale = r.status === 'running' && now - Date.parse(r.started_at) > staleAfterMs;
      return {
        name: r.name,
        size: null,
        createdAt: r.started_at,
        kind: r.kind,
        status: stale ? ('failed' as const) : r.status,
        error: stale ? 'The process taking this backup stopped' : r.error,
        manifest: null,
      };
    });
  const items = [
    ...finished.map((b) => ({
      name: b.name,
      size: b.size,
      createdAt: b.createdAt,
      kind: b.kind,
      status: 'complete' as const,
      error: null,
      manifest: {
        tessera: b.manifest.tessera,
        engine: b.manifest.engine,
        migration: b.manifest.migration,
        durationMs: b.manifest.durationMs,
        forms: Object.keys(b.manifest.counts).length,
        records: Object.values(b.manifest.counts).reduce((s, n) => s + n, 0),
        files: b.manifest.parts.filter((p) => p.path.startsWith('files/')).length,
      },
    })),
    ...others,
  ];
  return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
