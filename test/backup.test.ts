import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.js';
import { restoreBackup } from '../server/backup/restore.js';
import { migrationStatus } from '../server/db/migrate.js';
import { sqliteFileOf } from '../server/backup/take-backup.js';
import { engines } from './support/engines.js';
import { Client, type TestServer, startServer } from './support/server.js';
import {
  backupFile,
  customersWithFiles,
  dropReplacedSchemas,
  pgDumpMissing,
  settled,
  upload,
} from './backup.helpers.js';

describe.each(engines)('backups and restore on %s', (engine) => {
  const skip = pgDumpMissing(engine);
  let s: TestServer;
  let admin: Client;
  let formId: string;
  const attachments: Array<{ id: string; bytes: Uint8Array }> = [];
  const before: Array<Record<string, unknown>> = [];
  let archive = '';

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    ({ formId } = await customersWithFiles(admin));
    for (let i = 0; i < 3; i++) {
      const bytes = new Uint8Array(5000 + i * 70_000).map((_, j) => (j * 31 + i) % 251);
      attachments.push({ id: await upload(admin, `合同-${i}.bin`, bytes), bytes });
    }
    for (let i = 0; i < 40; i++) {
      const r = await admin.post(`/api/forms/${formId}/records`, {
        fields: {
          name: `客户 ${i} «引号» '单引号'`,
          amount: i * 1.5,
          files: i < 3 ? [attachments[i].id] : [],
        },
      });
      expect(r.status).toBe(201);
    }
    // A record in the recycle bin is data too.
    const bin = (await admin.get(`/api/forms/${formId}/records?limit=1`)).body.items[0];
    expect((await admin.del(`/api/forms/${formId}/records/${bin.id}`)).status).toBe(200);
    before.push(...(await admin.get(`/api/forms/${formId}/records?limit=500`)).body.items);
  });
  afterAll(async () => {
    await s?.close().catch(() => {});
    await dropReplacedSchemas(s?.db.schema);
  });

  it.skipIf(skip)(
    'takes a backup on request that is listed as complete with its records and files counted',
    async () => {
      const started = await admin.post('/api/backups');
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      expect(started.body).toMatchObject({ kind: 'manual', status: 'running' });
      const items = await settled(admin);
      const b = items.find((x) => x.name === started.body.name)!;
      expect(b, JSON.stringify(items)).toBeDefined();
      expect(b).toMatchObject({ status: 'complete', kind: 'manual', error: null });
      expect(b.size).toBeGreaterThan(1000);
      expect(b.manifest).toMatchObject({ engine, forms: 1, records: 40, files: 3 });
      // The migration level: the newest migration the database has applied.
      expect(b.manifest.migration).toBe((await migrationStatus(s.db.db)).applied.at(-1));
      archive = backupFile(s, b.name);
    },
  );

  it.skipIf(skip)(
    'downloads a backup byte for byte to an admin and writes the download to the audit log',
    async () => {
      const name = archive.split('/').at(-1)!;
      const r = await admin.raw('GET', `/api/backups/${name}/download`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/gzip');
      expect(r.headers.get('content-disposition')).toContain(name);
      const res = await s.app.request(`/api/backups/${name}/download`, {
        headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(archive))).toBe(true);
      const audit = await admin.get('/api/audit?action=backup.downloaded');
      expect(audit.body.items.map((a: { targetId: string }) => a.targetId)).toContain(name);
    },
  );

  it.skipIf(skip)(
    'restores database and attachments over later changes, keeps the replaced ones aside, and the counts match',
    async () => {
      // Changes after the backup, which the restore must undo.
      await admin.post(`/api/forms/${formId}/records`, { fields: { name: 'after the backup' } });
      await admin.del(`/api/forms/${formId}/records/${before[5].id as string}`);
      fs.rmSync(`${s.db.dataDir}/files`, { recursive: true });
      await s.db.db.destroy(); // the server stops

      const lines: string[] = [];
      const report = await restoreBackup(s.deps.config, archive, (l) => lines.push(l));
      expect(report.ok, lines.join('\n')).toBe(true);
      expect(report.checks).toEqual([{ table: `r_${formId}`, expected: 40, actual: 40 }]);
      expect(lines.join('\n')).toMatch(/Check passed/);
      if (engine === 'sqlite') expect(fs.existsSync(report.replaced.database)).toBe(true);
      else expect(report.replaced.database).toMatch(/_replaced_/);

      // The server starts again on the restored data: every record and file is as it was.
      const h = s.db.reopen();
      s.db.db = h.db;
      const app = createApp({ db: h.db, engine, config: s.deps.config });
      const again = new Client(app);
      expect(
        (
          await again.post('/api/auth/login', {
            email: s.deps.config.adminEmail,
            password: s.deps.config.adminPassword,
          })
        ).status,
      ).toBe(200);
      const after = (await again.get(`/api/forms/${formId}/records?limit=500`)).body.items;
      expect(JSON.stringify(after)).toBe(JSON.stringify(before));
      const bin = await again.get(`/api/forms/${formId}/records?limit=500&deleted=true`);
      expect(bin.status).toBe(200);
      for (const a of attachments) {
        const res = await app.request(`/api/files/${a.id}`, {
          headers: { cookie: [...again.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        expect(res.status).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(a.bytes))).toBe(true);
      }
      if (engine === 'sqlite') expect(fs.existsSync(sqliteFileOf(s.db.dataDir))).toBe(true);
    },
  );
});
