import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Migration, type MigrationProvider, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyArchive, writeArchive } from '../server/backup/archive.js';
import { listBackups } from '../server/backup/backup-store.js';
import { RestoreRefused, restoreBackup } from '../server/backup/restore.js';
import { takeBackup } from '../server/backup/take-backup.js';
import { migrateWithBackup } from '../server/backup/upgrade.js';
import { testConfig } from '../server/config.js';
import { migrate, migrationStatus, shippedMigrations } from '../server/db/migrate.js';
import { engines, freshDb, pgUrl, type TestDb } from './support/engines.js';
import { pgDumpMissing } from './backup.helpers.js';

/** The shipped migrations plus `extra`, as a newer version of Tessera would have them. */
function withMigrations(extra: Record<string, Migration>): MigrationProvider {
  return { getMigrations: async () => ({ ...(await shippedMigrations.getMigrations()), ...extra }) };
}

const sourceOf = (t: TestDb, engine: 'sqlite' | 'postgres') => ({
  db: t.db,
  engine,
  config: testConfig({ dataDir: t.dataDir, databaseUrl: engine === 'postgres' ? pgUrl : undefined }),
  clock: { now: () => new Date() },
});

describe.each(engines)('upgrades on %s', (engine) => {
  const skip = pgDumpMissing(engine);
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.close().catch(() => {});
  });

  it.skipIf(skip)(
    'an upgrade whose migration fails is rolled back whole, after a backup, and the old version still starts',
    async () => {
      const t = await freshDb(engine);
      dbs.push(t);
      await t.db
        .insertInto('departments')
        .values({
          id: 'dep_1',
          name: '销售部',
          parent_id: null,
          sort: 0,
          created_at: new Date().toISOString(),
        } as never)
        .execute();
      const level = (await migrationStatus(t.db)).applied.at(-1);
      const newer = withMigrations({
        '29990101T0000-good-part': {
          up: async (db) => void (await db.schema.createTable('zz_new').addColumn('id', 'text').execute()),
        },
        '29990101T0100-breaks': {
          up: async (db) => {
            await db.schema.alterTable('departments').addColumn('zz_extra', 'text').execute();
            await sql`insert into zz_new (id) values ('x')`.execute(db);
            throw new Error('this migration is broken');
          },
        },
      });
      const lines: string[] = [];
      await expect(migrateWithBackup(sourceOf(t, engine), (l) => lines.push(l), newer)).rejects.toThrow(
        /29990101T0100-breaks failed/,
      );
      // The backup was taken first, and the console says where.
      const [backup] = await listBackups(path.join(t.dataDir, 'backups'));
      expect(backup).toMatchObject({ kind: 'pre-upgrade', manifest: { migration: level } });
      expect(lines.join('\n')).toContain(backup.name);
      // Nothing of the failed upgrade stayed: not the first migration, not the new table or column.
      const status = await migrationStatus(t.db, newer);
      expect(status.applied.at(-1)).toBe(level);
      expect(status.pending).toEqual(['29990101T0000-good-part', '29990101T0100-breaks']);
      const tables = (await t.db.introspection.getTables()).map((x) => x.name);
      expect(tables).not.toContain('zz_new');
      expect(tables.find((x) => x === 'departments')).toBeDefined();
      const deps = (await t.db.introspection.getTables()).find((x) => x.name === 'departments')!;
      expect(deps.columns.map((c) => c.name)).not.toContain('zz_extra');
      // The previous version opens the database again: its migrations are all there, nothing pending.
      const h = t.reopen();
      await migrate(h.db);
      expect((await migrationStatus(h.db)).pending).toEqual([]);
      expect(
        await h.db.selectFrom('departments').select('name').where('id', '=', 'dep_1').executeTakeFirst(),
      ).toEqual({ name: '销售部' });
      await h.close();
    },
  );

  it.skipIf(skip)(
    'takes no backup before migrating an empty database, and one before migrating a database with data',
    async () => {
      const t = await freshDb(engine);
      dbs.push(t);
      const newer = withMigrations({
        '29990101T0000-adds-a-table': {
          up: async (db) => void (await db.schema.createTable('zz_more').addColumn('id', 'text').execute()),
        },
      });
      const lines: string[] = [];
      const taken = await migrateWithBackup(sourceOf(t, engine), (l) => lines.push(l), newer);
      expect(taken).toMatch(/tessera-\d{8}T\d{9}Z-pre-upgrade\.tar\.gz$/);
      expect(fs.existsSync(taken!)).toBe(true);
      expect((await migrationStatus(t.db, newer)).pending).toEqual([]);
      expect(await migrateWithBackup(sourceOf(t, engine), () => {}, newer)).toBeNull();

      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-empty-'));
      const { connect } = await import('../server/db/connect.js');
      if (engine === 'sqlite') {
        const h = connect({ sqliteFile: path.join(empty, 'tessera.db') });
        expect(
          await migrateWithBackup({
            ...sourceOf(t, engine),
            db: h.db,
            config: testConfig({ dataDir: empty }),
          }),
        ).toBeNull();
        await h.close();
      }
      fs.rmSync(empty, { recursive: true, force: true });
    },
  );
});

describe('restore refusals (sqlite)', () => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.close().catch(() => {});
  });

  async function dbWithBackup() {
    const t = await freshDb('sqlite');
    dbs.push(t);
    await t.db
      .insertInto('departments')
      .values({
        id: 'dep_1',
        name: '销售部',
        parent_id: null,
        sort: 0,
        created_at: new Date().toISOString(),
      } as never)
      .execute();
    const info = await takeBackup(sourceOf(t, 'sqlite'), 'manual');
    return { t, file: path.join(t.dataDir, 'backups', info.name), config: sourceOf(t, 'sqlite').config };
  }
  const untouched = (t: TestDb) => {
    expect(fs.readdirSync(t.dataDir).filter((n) => n.startsWith('replaced-'))).toEqual([]);
    expect(fs.existsSync(path.join(t.dataDir, 'tessera.db'))).toBe(true);
  };

  it('refuses a backup from a newer schema, naming the unknown migration, and touches nothing', async () => {
    const { t, file, config } = await dbWithBackup();
    const parts = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-newer-'));
    const manifest = await verifyArchive(file, parts);
    const newer = path.join(parts, 'newer.tar.gz');
    await writeArchive(newer, parts, {
      ...manifest,
      migration: '29990101T0000-from-the-future',
      tessera: '9.0.0',
    });
    await t.db.destroy();
    const refused = restoreBackup(config, newer, () => {});
    await expect(refused).rejects.toBeInstanceOf(RestoreRefused);
    await expect(refused).rejects.toThrow(/newer Tessera \(9\.0\.0\).*29990101T0000-from-the-future/);
    untouched(t);
    fs.rmSync(parts, { recursive: true, force: true });
  });

  it('refuses a damaged backup before touching anything', async () => {
    const { t, file, config } = await dbWithBackup();
    const raw = fs.readFileSync(file);
    const parts = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bad-'));
    const damaged = path.join(parts, 'damaged.tar.gz');
    // Flip one byte of the database part inside the archive (re-compressed, so only the checksum can tell).
    const plain = (await import('node:zlib')).gunzipSync(raw);
    const at = plain.indexOf(Buffer.from('SQLite format 3')) + 2000;
    plain[at] ^= 0xff;
    fs.writeFileSync(damaged, (await import('node:zlib')).gzipSync(plain));
    await t.db.destroy();
    await expect(restoreBackup(config, damaged, () => {})).rejects.toThrow(
      /damaged.*db\/tessera\.db is damaged \(checksum mismatch\)/,
    );
    fs.writeFileSync(damaged, raw.subarray(0, raw.length >> 1));
    await expect(restoreBackup(config, damaged, () => {})).rejects.toBeInstanceOf(RestoreRefused);
    untouched(t);
    fs.rmSync(parts, { recursive: true, force: true });
  });

  it('refuses while a server runs on the data folder', async () => {
    const { t, file, config } = await dbWithBackup();
    const server = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      fs.mkdirSync(path.join(t.dataDir, 'run'), { recursive: true });
      fs.writeFileSync(path.join(t.dataDir, 'run', `server-${server.pid}`), '');
      await expect(restoreBackup(config, file, () => {})).rejects.toThrow(
        /Tessera is running .*stop it before restoring/,
      );
      untouched(t);
    } finally {
      server.kill();
    }
    // A connection in a write transaction also holds the file.
    fs.rmSync(path.join(t.dataDir, 'run'), { recursive: true });
    await t.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('departments')
        .values({
          id: 'dep_2',
          name: '客服部',
          parent_id: null,
          sort: 1,
          created_at: new Date().toISOString(),
        } as never)
        .execute();
      await expect(restoreBackup(config, file, () => {})).rejects.toThrow(/locked by another process/);
    });
    untouched(t);
  });
});
