import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArchive } from '../server/backup/archive.js';
import { cleanPartials, listBackups } from '../server/backup/backup-store.js';
import { runScheduledBackup, startBackup, startBackupSchedule } from '../server/backup/backup.service.js';
import { backupsToKeep } from '../server/backup/retention.js';
import { testConfig } from '../server/config.js';
import { engines } from './support/engines.js';
import { type Client, type TestServer, fakeClock, startServer } from './support/server.js';
import { customersWithFiles, pgDumpMissing } from './backup.helpers.js';

/** The ids in the backup's copy of `table`: read from the SQLite snapshot, or from the dump's COPY data. */
function idsInSnapshot(engine: 'sqlite' | 'postgres', dir: string, table: string): Set<string> {
  if (engine === 'sqlite') {
    const snap = new SQLite(path.join(dir, 'db/tessera.db'), { readonly: true });
    try {
      expect(snap.pragma('integrity_check', { simple: true })).toBe('ok');
      return new Set(snap.prepare(`select id from "${table}"`).pluck().all() as string[]);
    } finally {
      snap.close();
    }
  }
  const out = spawnSync(
    'pg_restore',
    ['--data-only', `--table=${table}`, '--file=-', path.join(dir, 'db/tessera.pgdump')],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  expect(out.status, out.stderr).toBe(0);
  const lines = out.stdout.split('\n');
  const from = lines.findIndex((l) => l.startsWith('COPY ') && l.includes(`.${table} (id,`));
  expect(from, 'the dump holds the table').toBeGreaterThan(-1);
  const rows = lines.slice(from + 1, lines.indexOf('\\.', from));
  return new Set(rows.map((r) => r.split('\t')[0]));
}

describe.each(engines)('a backup taken while clients write on %s', (engine) => {
  const skip = pgDumpMissing(engine);
  let s: TestServer;
  afterAll(() => s?.close());

  it.skipIf(skip)('holds every write acknowledged before it started, and its snapshot is sound', async () => {
    s = await startServer(engine);
    const admin = await s.client();
    const { formId } = await customersWithFiles(admin);
    const acked: Array<{ id: string; at: number }> = [];
    let stop = false;
    const writer = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const r = await admin.post(`/api/forms/${formId}/records`, {
          fields: { name: `w${n}-${i}`, amount: i },
        });
        expect(r.status).toBe(201);
        acked.push({ id: r.body.id, at: performance.now() });
        // Requests in process complete in microtasks only; a real client's round trip lets timers run.
        await new Promise((res) => setImmediate(res));
      }
    };
    const writers = Array.from({ length: 8 }, (_, n) => writer(n));
    while (acked.length < 200) await new Promise((r) => setTimeout(r, 10));
    const startedAt = performance.now();
    const started = await startBackup(s.deps, 'manual');
    const info = await started!.done;
    const ackedDuring = acked.filter((a) => a.at > startedAt).length;
    stop = true;
    await Promise.all(writers);
    expect(info, 'the backup failed').not.toBeNull();
    expect(ackedDuring, 'the writers kept writing while the snapshot ran').toBeGreaterThan(0);

    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-snap-'));
    try {
      await verifyArchive(path.join(s.deps.config.backupDir, info!.name), out);
      const ids = idsInSnapshot(engine, out, `r_${formId}`);
      const missing = acked.filter((a) => a.at < startedAt && !ids.has(a.id));
      expect(missing, 'acknowledged before the backup started, yet absent').toEqual([]);
      expect(info!.manifest.counts[`r_${formId}`]).toBe(ids.size);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('backups cut short by a killed process', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-partial-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are never listed, and their leftovers are removed at the next start', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    // What kill -9 leaves halfway: the work folder with a snapshot and a half-written archive.
    const left = path.join(dir, `.partial-${dead}-tessera-20261208T030000000Z-scheduled`);
    fs.mkdirSync(path.join(left, 'db'), { recursive: true });
    fs.writeFileSync(path.join(left, 'db/tessera.db'), 'half a database');
    fs.writeFileSync(path.join(left, 'archive.tar.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 0]));
    // A live process's backup in progress is left alone.
    const live = path.join(dir, `.partial-${process.ppid}-tessera-20261208T040000000Z-manual`);
    fs.mkdirSync(live);
    expect(await listBackups(dir)).toEqual([]);
    const stop = startBackupSchedule({
      ...(await fakeDeps(dir)),
      config: { ...testConfig({ dataDir: dir, backupDir: dir }), backupCron: '' },
    });
    stop();
    for (let i = 0; i < 50 && fs.existsSync(left); i++) await new Promise((r) => setTimeout(r, 20));
    expect(fs.existsSync(left)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    expect(await cleanPartials(dir)).toEqual([]);
  });
});

/** Deps for code that only touches the backup folder. */
async function fakeDeps(dir: string) {
  const s = { db: undefined as never, engine: 'sqlite' as const, clock: { now: () => new Date() } };
  return { ...s, config: testConfig({ dataDir: dir, backupDir: dir }) };
}

describe('retention', () => {
  let s: TestServer;
  const clock = fakeClock('2026-01-01T00:00:00.000Z');
  afterAll(() => s?.close());

  it('keeps exactly the newest of the last 3 days, 2 ISO weeks and 2 months, counted in the configured time zone', async () => {
    s = await startServer('sqlite', { clock });
    s.deps.config.backupKeep = { daily: 3, weekly: 2, monthly: 2 };
    await customersWithFiles(await s.client());
    // One backup a day at 00:30 in Shanghai (16:30 UTC the day before), 1 January to 15 February 2026.
    for (let day = 1; day <= 46; day++) {
      clock.set(new Date(Date.UTC(2026, 0, day, 0, 30) - 8 * 3600_000).toISOString());
      const started = await startBackup(s.deps, 'scheduled');
      expect(await started!.done).not.toBeNull();
    }
    const kept = (await listBackups(s.deps.config.backupDir)).map((b) => b.createdAt);
    // 15 Feb 2026 is a Sunday: days 15, 14, 13; weeks ending 15 and 8 Feb; months February and January
    // (31 January in Shanghai, which is still the 30th in UTC).
    expect(kept).toEqual([
      '2026-02-14T16:30:00.000Z',
      '2026-02-13T16:30:00.000Z',
      '2026-02-12T16:30:00.000Z',
      '2026-02-07T16:30:00.000Z',
      '2026-01-30T16:30:00.000Z',
    ]);
  });

  it('with the default policy keeps 7 days, 4 weeks and 12 months, and always the newest', () => {
    const daily = Array.from({ length: 800 }, (_, i) => {
      const at = new Date(Date.UTC(2024, 0, 1, 19) + i * 86400_000).toISOString();
      return { name: at, createdAt: at };
    });
    const kept = [...backupsToKeep(daily, { daily: 7, weekly: 4, monthly: 12 }, 'UTC')]
      .sort()
      .map((k) => k.slice(0, 10));
    // The last backup is Tuesday 10 March 2026. Days: 4–10 March. Weeks: the newest of 9–15 and 2–8 March
    // are kept as days already, then 1 March and 22 February. Months: March's is a day, then 11 month ends.
    const monthEnds = [
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
    ];
    const days = [
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ];
    expect(kept).toEqual([...monthEnds.slice(0, 10), '2026-02-22', '2026-02-28', '2026-03-01', ...days]);
    expect(backupsToKeep(daily.slice(0, 1), { daily: 0, weekly: 0, monthly: 0 }, 'UTC')).toEqual(
      new Set([daily[0].name]),
    );
  });
});

describe.each(engines)('scheduled backups with several processes on %s', (engine) => {
  const skip = pgDumpMissing(engine);
  let s: TestServer;
  afterAll(() => s?.close());

  it.skipIf(skip)(
    'run once per occurrence: the process that leases the slot takes it, the other skips',
    async () => {
      s = await startServer(engine);
      const admin: Client = await s.client();
      await customersWithFiles(admin);
      const other = s.db.reopen();
      const dirA = path.join(s.db.dataDir, 'backups-a');
      const dirB = path.join(s.db.dataDir, 'backups-b');
      const a = { ...s.deps, config: { ...s.deps.config, backupDir: dirA } };
      const b = { ...s.deps, db: other.db, config: { ...s.deps.config, backupDir: dirB } };
      const at = new Date('2026-12-08T03:00:00.004Z');
      try {
        const [ra, rb] = await Promise.all([
          runScheduledBackup(a, at),
          runScheduledBackup(b, new Date('2026-12-08T03:00:00.020Z')),
        ]);
        expect([ra, rb].filter(Boolean)).toHaveLength(1);
        expect((await listBackups(dirA)).length + (await listBackups(dirB)).length).toBe(1);
        const runs = await s.db.db.selectFrom('backup_runs').select(['slot', 'status']).execute();
        expect(runs).toEqual([{ slot: 'scheduled:2026-12-08T03:00', status: 'complete' }]);
        // The next occurrence is a new slot.
        expect(await runScheduledBackup(b, new Date('2026-12-09T03:00:00.000Z'))).not.toBeNull();
      } finally {
        await other.close();
      }
    },
  );
});

describe('backup settings', () => {
  it('refuse to start on a cron pattern or a retention count that means nothing, naming the variable', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-settings-'));
    const deps = await fakeDeps(dir);
    expect(() =>
      startBackupSchedule({ ...deps, config: { ...deps.config, backupCron: 'every night' } }),
    ).toThrow(/TESSERA_BACKUP_CRON "every night"/);
    expect(() =>
      startBackupSchedule({
        ...deps,
        config: { ...deps.config, backupKeep: { daily: Number('x'), weekly: 4, monthly: 12 } },
      }),
    ).toThrow(/TESSERA_BACKUP_KEEP_DAILY/);
    const stop = startBackupSchedule({ ...deps, config: { ...deps.config, backupCron: '0 3 * * *' } });
    stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
