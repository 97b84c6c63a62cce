import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable, Writable } from 'node:stream';
import zlib from 'node:zlib';
import { TarWriter, readTar } from '../server/backup/tar.js';
import { connect } from '../server/db/connect.js';
import { listTables } from '../server/backup/db-catalog.js';
import { instanceTables } from '../server/backup/export.schema.js';
import { type Engine } from '../server/db/database.js';
import { upload } from './backup.helpers.js';
import { engines } from './support/engines.js';
import { ADMIN, type Client, type TestServer, startServer } from './support/server.js';

/** Source → target pairs: SQLite → PostgreSQL (the migration path) and back when PostgreSQL runs. */
const pairs: Array<[Engine, Engine]> = engines.includes('postgres')
  ? [
      ['sqlite', 'postgres'],
      ['postgres', 'sqlite'],
    ]
  : [['sqlite', 'sqlite']];

const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

/** A binary GET as the signed-in client. */
async function bytes(s: TestServer, c: Client, path: string) {
  const res = await s.app.request(path, { headers: { cookie: cookieOf(c) } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** JSON with keys sorted, so two engines' spellings of one value compare equal. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** Every row of every exported table, normalised: JSON columns parsed, rows sorted. */
async function tableContents(s: TestServer, names: string[]) {
  const tables = new Map((await listTables(s.db.db, s.engine)).map((t) => [t.name, t]));
  const out: Record<string, string[]> = {};
  for (const name of names) {
    const t = tables.get(name)!;
    const rows = await s.db.db
      .selectFrom(name as 'apps')
      .selectAll()
      .execute();
    out[name] = rows
      .map((r) => {
        const row = r as Record<string, unknown>;
        const norm = Object.fromEntries(
          t.columns.map(({ name: c }) => {
            const v = row[c];
            const json =
              typeof v === 'string' && /^[[{]/.test(v)
                ? (() => {
                    try {
                      return JSON.parse(v);
                    } catch {
                      return v;
                    }
                  })()
                : v;
            return [c, canonical(json)];
          }),
        );
        return JSON.stringify(norm);
      })
      .sort();
  }
  return out;
}

/**
 * The same archive with `edit` applied to its manifest and parts (name → bytes); the manifest's size
 * and sha256 of each part follow the edit, so only what the edit means is wrong.
 */
async function rewritten(
  archive: Buffer,
  edit: (m: Record<string, any>, parts: Map<string, Buffer>) => void,
) {
  const parts = new Map<string, Buffer>();
  await readTar(Readable.from([zlib.gunzipSync(archive)]), (name) => {
    const chunks: Buffer[] = [];
    return { data: (c) => void chunks.push(c), end: () => void parts.set(name, Buffer.concat(chunks)) };
  });
  const m = JSON.parse(parts.get('export.json')!.toString());
  parts.delete('export.json');
  edit(m, parts);
  for (const p of m.parts) {
    p.size = parts.get(p.path)!.length;
    p.sha256 = createHash('sha256').update(parts.get(p.path)!).digest('hex');
  }
  const out: Buffer[] = [];
  const tar = new TarWriter(new Writable({ write: (c, _e, cb) => (out.push(c), cb()) }));
  await tar.add('export.json', Buffer.byteLength(JSON.stringify(m)), [Buffer.from(JSON.stringify(m))]);
  for (const [name, bytes] of parts) await tar.add(name, bytes.length, [bytes]);
  await tar.finish();
  return Uint8Array.from(zlib.gzipSync(Buffer.concat(out)));
}

describe.each(pairs)('export everything from %s, import into an empty %s', (from, to) => {
  let src: TestServer;
  let dst: TestServer;
  let admin: Client;
  let archive: Buffer;
  /** The source's tables as the export read them (later audit entries aside). */
  let exported: Record<string, string[]>;
  const forms: Record<string, { id: string }> = {};
  const files: Array<{ id: string; bytes: Buffer }> = [];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    src = await startServer(from);
    admin = await src.client();
    const member = (
      await admin.post('/api/roles', {
        name: '成员',
        grants: [{ actions: ['read', 'create', 'update'], scope: 'all' }],
      })
    ).body.id;
    ids.sales = (await admin.post('/api/departments', { name: '销售部' })).body.id;
    ids.tech = (await admin.post('/api/departments', { name: '技术部' })).body.id;
    ids.backend = (await admin.post('/api/departments', { name: '后端组', parentId: ids.tech })).body.id;
    for (const [k, d] of [
      ['ann', ids.sales],
      ['tom', ids.backend],
    ]) {
      const r = await admin.post('/api/users', {
        email: `${k}@example.com`,
        name: k,
        password: 'User-pass-1',
        mainDepartmentId: d,
        roleIds: [member],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids[k] = r.body.id;
    }
    const ann = await src.client('ann@example.com', 'User-pass-1');
    const tom = await src.client('tom@example.com', 'User-pass-1');

    // App 1: customers with a workflow, attachments and a manager; interactions related to them.
    const crm = (await admin.post('/api/apps', { name: '客户管理' })).body.id;
    forms.customers = (
      await admin.post(`/api/apps/${crm}/forms`, {
        key: 'customers',
        name: '客户',
        fields: [
          { key: 'name', type: 'text', label: '客户名称' },
          { key: 'amount', type: 'number', label: '金额' },
          { key: 'manager', type: 'member', label: '客户经理' },
          {
            key: 'tags',
            type: 'multiselect',
            label: '标签',
            options: [
              { value: 'a', label: 'A' },
              { value: 'b', label: 'B' },
            ],
          },
          { key: 'files', type: 'attachment', label: '附件' },
        ],
      })
    ).body;
    const wf = await admin.put(`/api/forms/${forms.customers.id}/workflow`, {
      states: [
        { key: 'lead', label: '线索', category: 'todo' },
        { key: 'active', label: '合作中', category: 'doing' },
        { key: 'lost', label: '流失', category: 'done' },
      ],
      initial: 'lead',
      transitions: [
        { from: 'lead', to: 'active', label: '签约' },
        { from: '*', to: 'lost', label: '流失' },
      ],
    });
    expect(wf.status, JSON.stringify(wf.body)).toBe(200);
    forms.interactions = (
      await admin.post(`/api/apps/${crm}/forms`, {
        key: 'interactions',
        name: '互动',
        fields: [
          { key: 'topic', type: 'text', label: '主题' },
          { key: 'date', type: 'date', label: '日期' },
          { key: 'customer', type: 'relation', label: '客户', formId: forms.customers.id },
        ],
      })
    ).body;
    // App 2: projects and their milestones.
    const pm = (await admin.post('/api/apps', { name: '项目' })).body.id;
    forms.projects = (
      await admin.post(`/api/apps/${pm}/forms`, {
        key: 'projects',
        name: '项目',
        fields: [{ key: 'title', type: 'text', label: '名称' }],
      })
    ).body;
    forms.milestones = (
      await admin.post(`/api/apps/${pm}/forms`, {
        key: 'milestones',
        name: '里程碑',
        fields: [
          { key: 'title', type: 'text', label: '名称' },
          { key: 'project', type: 'relation', label: '项目', formId: forms.projects.id },
        ],
      })
    ).body;

    const customers: string[] = [];
    for (const [i, who] of [ann, tom, ann, tom].entries()) {
      const bin = Buffer.from(Array.from({ length: 3000 + i }, (_, j) => (j * 31 + i) % 256));
      const file = await upload(who, `合同-${i}.pdf`, bin);
      files.push({ id: file, bytes: bin });
      const r = await who.post(`/api/forms/${forms.customers.id}/records`, {
        fields: {
          name: `客户 ${i} «引号»`,
          amount: i * 1.25,
          manager: i % 2 ? ids.tom : ids.ann,
          tags: ['a', 'b'].slice(0, i % 3),
          files: [file],
        },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      customers.push(r.body.id);
    }
    expect(
      (
        await admin.post(`/api/forms/${forms.customers.id}/records/${customers[0]}/transition`, {
          to: 'active',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await admin.post(`/api/forms/${forms.customers.id}/records/${customers[3]}/transition`, {
          to: 'lost',
        })
      ).status,
    ).toBe(200);
    for (let i = 0; i < 6; i++) {
      const r = await ann.post(`/api/forms/${forms.interactions.id}/records`, {
        fields: { topic: `电话 ${i}`, date: `2026-01-0${i + 1}`, customer: [customers[i % 3]] },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const p = (await tom.post(`/api/forms/${forms.projects.id}/records`, { fields: { title: '上线' } })).body
      .id;
    await tom.post(`/api/forms/${forms.milestones.id}/records`, { fields: { title: '设计', project: [p] } });
    // A record in the recycle bin travels too.
    expect(
      (
        await admin.del(
          `/api/forms/${forms.interactions.id}/records/${(await admin.get(`/api/forms/${forms.interactions.id}/records?limit=1`)).body.items[0].id}`,
        )
      ).status,
    ).toBeLessThan(300);

    const r = await bytes(src, admin, '/api/backups/export');
    expect(r.status, r.body.toString()).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/gzip');
    archive = r.body;
    const names = (await listTables(src.db.db, from))
      .map((t) => t.name)
      .filter((n) => !instanceTables.has(n));
    exported = await tableContents(src, names);
    exported.audit_log = exported.audit_log.filter((row) => !row.includes('"backup.exported"'));
    dst = await startServer(to);
  });
  afterAll(async () => {
    await src?.close();
    await dst?.close();
  });

  it('lets only admins export or import, and writes each export to the audit log', async () => {
    const ann = await src.client('ann@example.com', 'User-pass-1');
    const refused = await ann.get('/api/backups/export');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const upload = await ann.raw('POST', '/api/backups/import', {
      body: new Uint8Array(archive),
      headers: { 'content-type': 'application/gzip' },
    });
    expect(upload.status).toBe(403);
    const log = (await admin.get('/api/audit?action=backup.exported')).body.items;
    expect(log).toHaveLength(1);
  });

  it('refuses a damaged archive with 422 and leaves the instance empty', async () => {
    const target = await dst.client();
    const damaged = Buffer.from(archive);
    damaged[Math.floor(damaged.length / 2)] ^= 0xff;
    for (const body of [new Uint8Array(damaged), new TextEncoder().encode('not an archive')]) {
      const r = await target.raw('POST', '/api/backups/import', {
        body,
        headers: { 'content-type': 'application/gzip' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect(r.body.error.details[0].path).toBe('/body');
    }
    expect((await target.get('/api/apps')).body.items ?? (await target.get('/api/apps')).body).toHaveLength(
      0,
    );
  });

  it('refuses an export of another migration level, naming both, and leaves the instance empty', async () => {
    const target = await dst.client();
    const body = await rewritten(archive, (m) => void (m.migration = '20991231T2359-from-the-future'));
    const r = await target.raw('POST', '/api/backups/import', {
      body,
      headers: { 'content-type': 'application/gzip' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.error.message).toMatch(/20991231T2359-from-the-future.*this instance is at 2026/);
    expect((await target.get('/api/auth/me')).status).toBe(200);
  });

  it('refuses, as a bad archive, a table or column this version does not have', async () => {
    const target = await dst.client();
    const cases = [
      (m: Record<string, any>) => void m.tables.push({ name: 'no_such_table', columns: [], rows: 0 }),
      (m: Record<string, any>) =>
        void m.tables
          .find((t: { name: string }) => t.name === 'users')
          .columns.push({ name: 'shoe_size', type: 'integer' }),
    ];
    for (const edit of cases) {
      const body = await rewritten(archive, (m, parts) => {
        edit(m);
        if (!parts.has('tables/no_such_table.jsonl'))
          parts.set('tables/no_such_table.jsonl', Buffer.alloc(0));
        m.parts.push({ path: 'tables/no_such_table.jsonl' });
      });
      const r = await target.raw('POST', '/api/backups/import', {
        body,
        headers: { 'content-type': 'application/gzip' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      expect(r.body.error.message).toMatch(/no_such_table|shoe_size/);
    }
  });

  it('loads all or nothing: an import failing midway leaves the instance, its admin and its files as they were', async () => {
    const target = await dst.client();
    // The last record table's rows twice: its primary key refuses the copy after everything else went in.
    const body = await rewritten(archive, (m, parts) => {
      const last = m.tables.filter((t: { name: string }) => t.name.startsWith('r_frm_')).at(-1).name;
      const rows = parts.get(`tables/${last}.jsonl`)!;
      parts.set(`tables/${last}.jsonl`, Buffer.concat([rows, rows]));
    });
    const r = await target.raw('POST', '/api/backups/import', {
      body,
      headers: { 'content-type': 'application/gzip' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.error.message).toMatch(/rows do not fit together/);
    expect((await target.get('/api/auth/me')).body.user.email).toBe(ADMIN.email);
    expect(await dst.client('ann@example.com', 'User-pass-1').catch(() => null)).toBeNull();
    expect((await target.get('/api/apps')).body.items ?? (await target.get('/api/apps')).body).toHaveLength(
      0,
    );
    const filesDir = path.join(dst.db.dataDir, 'files');
    const left = fs.existsSync(filesDir)
      ? fs.readdirSync(filesDir, { recursive: true, withFileTypes: true })
      : [];
    expect(left.filter((e) => e.isFile())).toEqual([]);
  });

  it('imports into the empty instance keeping every row of every table, ids included', async () => {
    const target = await dst.client();
    const r = await target.raw('POST', '/api/backups/import', {
      body: new Uint8Array(archive),
      headers: { 'content-type': 'application/gzip' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ ok: true, apps: 2, records: 4 + 6 + 1 + 1, files: 4 });
    const names = Object.keys(r.body.tables);
    expect(names).toEqual(
      expect.arrayContaining([
        'users',
        'departments',
        'roles',
        'record_links',
        'workflows',
        'files',
        `r_${forms.customers.id}`,
      ]),
    );
    expect(names.sort()).toEqual(Object.keys(exported).sort());
    const imported = await tableContents(dst, names);
    imported.audit_log = imported.audit_log.filter((row) => !row.includes('"backup.imported"'));
    expect(imported).toEqual(exported);
  });

  it('serves the same records, relations, workflow states, owners and files through the API', async () => {
    // The target's people are the exported ones: the admin signs in with the exported password.
    const a = await dst.client(ADMIN.email, ADMIN.password);
    for (const f of Object.values(forms)) {
      for (const q of ['', '&deleted=true']) {
        const before = (await admin.get(`/api/forms/${f.id}/records?limit=500${q}`)).body.items;
        const after = (await a.get(`/api/forms/${f.id}/records?limit=500${q}`)).body.items;
        if (!q) expect(after.length).toBeGreaterThan(0);
        expect(canonical(after)).toEqual(canonical(before));
      }
    }
    expect((await a.get(`/api/forms/${forms.interactions.id}/records?deleted=true`)).body.items).toHaveLength(
      1,
    );
    const customers = (await a.get(`/api/forms/${forms.customers.id}/records?limit=500`)).body.items;
    expect(customers.map((c: { state: string }) => c.state).sort()).toEqual([
      'active',
      'lead',
      'lead',
      'lost',
    ]);
    expect(new Set(customers.map((c: { ownerId: string }) => c.ownerId))).toEqual(
      new Set([ids.ann, ids.tom]),
    );
    for (const f of files) {
      const got = await bytes(dst, a, `/api/files/${f.id}`);
      expect(got.status).toBe(200);
      expect(got.body.equals(f.bytes)).toBe(true);
    }
  });

  it('goes on working after the import: people sign in, see their records, and new records get fresh ids', async () => {
    const tom = await dst.client('tom@example.com', 'User-pass-1');
    const mine = await tom.get(`/api/forms/${forms.projects.id}/records?limit=10`);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    const created = await tom.post(`/api/forms/${forms.projects.id}/records`, { fields: { title: '二期' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.state ?? null).toBeNull();
    const a = await dst.client();
    const log = await a.get('/api/audit?action=backup.imported');
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(1);
  });

  it('refuses to import into an instance that holds data, naming what it holds', async () => {
    const a = await dst.client();
    const r = await a.raw('POST', '/api/backups/import', {
      body: new Uint8Array(archive),
      headers: { 'content-type': 'application/gzip' },
    });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/not empty.*2 apps/);
  });

  it.skipIf(from !== 'sqlite')(
    'exports and imports by command line, into a new data folder, and refuses a second import',
    async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-export-cli-'));
      const file = path.join(tmp, 'everything.tar.gz');
      const target = path.join(tmp, 'data');
      const run = (script: string, dataDir: string) =>
        spawnSync(process.execPath, ['--import', 'tsx', `server/backup/${script}`, file], {
          env: { ...process.env, TESSERA_DATA_DIR: dataDir, DATABASE_URL: '' },
          encoding: 'utf8',
        });
      try {
        const out = run('export-cli.ts', src.db.dataDir);
        expect(out.status, out.stderr).toBe(0);
        expect(out.stdout).toMatch(/2 apps, 12 records, 4 files/);
        const first = run('import-cli.ts', target);
        expect(first.status, first.stderr).toBe(0);
        expect(first.stdout).toMatch(/Imported 2 apps, 12 records, 4 files/);
        const again = run('import-cli.ts', target);
        expect(again.status).toBe(1);
        expect(again.stderr).toMatch(/Import refused: this instance is not empty \(it has 2 apps/);
        const h = connect({ sqliteFile: path.join(target, 'tessera.db') });
        const users = await h.db.selectFrom('users').select('email').orderBy('email').execute();
        await h.close();
        expect(users.map((r) => r.email)).toEqual([
          'admin@example.com',
          'ann@example.com',
          'tom@example.com',
        ]);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
  );
});
