import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeImports } from '../server/imports/import-recovery.js';
import { runningImports, staleMs, uploadFile } from '../server/imports/import-runner.js';
import { engines, pgUrl } from './support/engines.js';
import { type Client, fakeClock, type TestServer, startServer } from './support/server.js';

const form = {
  key: 'customers',
  name: '客户',
  fields: [
    { key: 'customerName', type: 'text', label: '客户名称', required: true },
    { key: 'code', type: 'text', label: '客户代码', unique: true },
    { key: 'amount', type: 'currency', label: '合作金额' },
  ],
};

const csv = (from: number, to: number) =>
  [
    '客户名称,客户代码,合作金额',
    ...Array.from({ length: to - from + 1 }, (_, i) => `客户${from + i},K${from + i},${(from + i) % 1000}.5`),
  ].join('\n') + '\n';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(engines)('import jobs of a dead process on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let formId: string;
  let adminId: string;
  const clock = fakeClock('2026-03-15T02:00:00.000Z');

  beforeAll(async () => {
    s = await startServer(engine, { clock });
    admin = await s.client();
    adminId = (await admin.get('/api/auth/me')).body.user.id;
    const app = (await admin.post('/api/apps', { name: '客户管理' })).body.id;
    formId = (await admin.post(`/api/apps/${app}/forms`, form)).body.id;
  });
  afterAll(() => s?.close());

  /** A job as a process leaves it when it dies after committing rows 2…lastRow of the file. */
  async function deadJob(id: string, runner: string, heartbeat: string, lastRow: number, file?: string) {
    await s.db.db
      .insertInto('import_jobs')
      .values({
        id,
        form_id: formId,
        user_id: adminId,
        status: 'running',
        file_name: 'big.csv',
        format: 'csv',
        options: JSON.stringify({ dryRun: false }),
        mapping: null,
        total: 5,
        processed: lastRow - 1,
        created: lastRow - 1,
        updated: 0,
        skipped: 0,
        failed: 0,
        errors: '[]',
        error: null,
        created_at: heartbeat,
        started_at: heartbeat,
        finished_at: null,
        runner,
        heartbeat_at: heartbeat,
        last_row: lastRow,
      })
      .execute();
    if (file !== undefined) {
      fs.mkdirSync(path.dirname(uploadFile(s.deps.config.dataDir, id)), { recursive: true });
      fs.writeFileSync(uploadFile(s.deps.config.dataDir, id), file);
    }
  }
  const job = async (id: string) => (await admin.get(`/api/imports/${id}`)).body;
  const codes = async () =>
    (await admin.get(`/api/forms/${formId}/records?limit=100&sort=createdAt`)).body.items.map(
      (r: any) => r.fields.code,
    );

  it('resumes a job whose runner went silent right after its last committed row', async () => {
    // Rows 2 and 3 (K1, K2) were committed with the job's progress before the process died.
    await admin.post(`/api/forms/${formId}/records/batch`, {
      records: [
        { fields: { customerName: '客户1', code: 'K1' } },
        { fields: { customerName: '客户2', code: 'K2' } },
      ],
    });
    const silentSince = new Date(clock.now().getTime() - staleMs - 1000).toISOString();
    await deadJob('imp_resume000000000000', 'another-host#4242#abc', silentSince, 3, csv(1, 5));
    expect(await resumeImports(s.deps)).toEqual(['imp_resume000000000000']);
    await runningImports.get('imp_resume000000000000');
    expect(await job('imp_resume000000000000')).toMatchObject({
      status: 'succeeded',
      total: 5,
      processed: 5,
      created: 5,
      failed: 0,
      errors: [],
    });
    expect(await codes()).toEqual(['K1', 'K2', 'K3', 'K4', 'K5']);
    expect(fs.existsSync(uploadFile(s.deps.config.dataDir, 'imp_resume000000000000'))).toBe(false);
  });

  it('leaves alone a job whose runner elsewhere is still alive', async () => {
    await deadJob('imp_alive0000000000000', 'another-host#4242#abc', clock.now().toISOString(), 1, csv(6, 7));
    expect(await resumeImports(s.deps)).toEqual([]);
    expect(await job('imp_alive0000000000000')).toMatchObject({ status: 'running', processed: 0 });
    // …until it has been silent for too long.
    clock.advance(staleMs + 1000);
    expect(await resumeImports(s.deps)).toEqual(['imp_alive0000000000000']);
    await runningImports.get('imp_alive0000000000000');
    expect(await job('imp_alive0000000000000')).toMatchObject({ status: 'succeeded', created: 2 });
  });

  it('takes over at once a job of a process on this host that is gone', async () => {
    // A pid that just exited: the process is certainly dead, whatever its last heartbeat said.
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    await deadJob(
      'imp_gonepid00000000000',
      `${os.hostname()}#${gone.pid}#old`,
      clock.now().toISOString(),
      1,
      csv(8, 8),
    );
    expect(await resumeImports(s.deps)).toEqual(['imp_gonepid00000000000']);
    await runningImports.get('imp_gonepid00000000000');
    expect(await job('imp_gonepid00000000000')).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('fails a dead job whose uploaded file is gone, saying how far it got', async () => {
    await deadJob('imp_nofile000000000000', 'another-host#4242#abc', '2020-01-01T00:00:00.000Z', 41);
    expect(await resumeImports(s.deps)).toEqual([]);
    const j = await job('imp_nofile000000000000');
    expect(j).toMatchObject({ status: 'failed', processed: 40 });
    expect(j.error).toMatch(/uploaded file is gone: 40 rows were processed \(through row 41 of the file\)/);
    expect(j.finishedAt).toBeTruthy();
  });
});

// ---------------------------------------------------------------------------------------------
// A real crash: the server process is killed (SIGKILL) in the middle of an import and started again.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function serverProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  await waitFor('the server to start', async () => {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    return (await fetch(`${url}/api/health`).catch(() => undefined))?.ok ? true : undefined;
  });
  return { url, child };
}

/** A signed-in session over HTTP. */
async function session(url: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'crash@example.com', password: 'Crash-pass-1' }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  const call = async (method: string, p: string, body?: BodyInit, type?: string) => {
    const r = await fetch(`${url}${p}`, {
      method,
      body,
      headers: { cookie, 'x-csrf-token': csrf, ...(type ? { 'content-type': type } : {}) },
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  return {
    call,
    json: (method: string, p: string, body: unknown) =>
      call(method, p, JSON.stringify(body), 'application/json'),
  };
}

describe.each(engines)('an import interrupted by a crash on %s', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-crash-'));
  let database: { url: string; drop(): Promise<void> } | undefined;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    if (engine !== 'postgres') return;
    const name = `tessera_crash_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    database = {
      url: u.toString(),
      async drop() {
        const d = new pg.Client({ connectionString: pgUrl });
        await d.connect();
        await d.query(`drop database if exists ${name} with (force)`);
        await d.end();
      },
    };
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('goes on after the last committed chunk when the server starts again: every row once, with one event each', async () => {
    const env = {
      TESSERA_DATA_DIR: dataDir,
      DATABASE_URL: database?.url ?? '',
      TESSERA_ADMIN_EMAIL: 'crash@example.com',
      TESSERA_ADMIN_PASSWORD: 'Crash-pass-1',
    };
    let server = await serverProcess(env);
    child = server.child;
    let api = await session(server.url);
    const app = (await api.json('POST', '/api/apps', { name: '客户管理' })).body.id;
    const formId = (await api.json('POST', `/api/apps/${app}/forms`, form)).body.id;
    const rows = 40_000;
    const body = new FormData();
    body.append('file', new Blob([csv(1, rows)]), 'big.csv');
    const started = await api.call('POST', `/api/forms/${formId}/import`, body);
    expect(started.status).toBe(202);
    const jobId = started.body.jobId;

    // Killed as soon as some chunks are in, long before the end.
    const before = await waitFor('the first chunk', async () => {
      const j = (await api.call('GET', `/api/imports/${jobId}`)).body;
      return j.processed > 0 ? j : undefined;
    });
    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('exit', r));
    expect(before.status).toBe('running');
    expect(before.processed).toBeLessThan(rows);

    server = await serverProcess(env);
    child = server.child;
    api = await session(server.url);
    const done = await waitFor('the resumed job', async () => {
      const j = (await api.call('GET', `/api/imports/${jobId}`)).body;
      return j.status === 'running' || j.status === 'queued' ? undefined : j;
    });
    expect(done).toMatchObject({
      status: 'succeeded',
      total: rows,
      processed: rows,
      created: rows,
      failed: 0,
      errors: [],
    });
    expect((await api.call('GET', `/api/forms/${formId}/records?count=true&limit=1`)).body.total).toBe(rows);
    const last = (await api.call('GET', `/api/forms/${formId}/records?limit=1&sort=-createdAt`)).body
      .items[0];
    expect(last.fields).toMatchObject({ customerName: `客户${rows}`, code: `K${rows}` });

    // One history row and one outbox event per record: no chunk was written twice.
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    child = undefined;
    const counts = async (q: (t: string) => Promise<number>) => ({
      history: await q('record_history'),
      outbox: await q('outbox'),
    });
    if (database) {
      const c = new pg.Client({ connectionString: database.url });
      await c.connect();
      const got = await counts(async (t) =>
        Number((await c.query(`select count(*) as n from ${t} where form_id = $1`, [formId])).rows[0].n),
      );
      await c.end();
      expect(got).toEqual({ history: rows, outbox: rows });
    } else {
      const { default: SQLite } = await import('better-sqlite3');
      const db = new SQLite(path.join(dataDir, 'tessera.db'), { readonly: true });
      const got = await counts(
        async (t) =>
          (db.prepare(`select count(*) as n from ${t} where form_id = ?`).get(formId) as { n: number }).n,
      );
      db.close();
      expect(got).toEqual({ history: rows, outbox: rows });
    }
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------
// Another writer takes a unique value between an import's checks and its write (PostgreSQL: the
// import's insert waits on the other transaction's uncommitted key, then fails when it commits).

describe.each(engines.filter((e) => e === 'postgres'))('an import racing another writer on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let formId: string;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    const app = (await admin.post('/api/apps', { name: '客户管理' })).body.id;
    formId = (await admin.post(`/api/apps/${app}/forms`, form)).body.id;
  });
  afterAll(() => s?.close());

  it('reports the row whose unique value was taken meanwhile and saves the others of its chunk', async () => {
    const codeColumn = `f_${(await admin.get(`/api/forms/${formId}`)).body.fields.find((f: any) => f.key === 'code').id}`;
    const other = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${s.db.schema}` });
    await other.connect();
    try {
      await other.query('begin');
      const at = new Date().toISOString();
      await other.query(
        `insert into "r_${formId}" (id, seq, version, created_at, updated_at, "${codeColumn}") values ('rec_other0000000000000', 999999, 1, $1, $1, 'K2')`,
        [at],
      );
      const body = new FormData();
      body.append('file', new Blob([csv(1, 3)]), 'race.csv');
      const started = await admin.raw('POST', `/api/forms/${formId}/import`, { body });
      expect(started.status).toBe(202);
      // The import has checked K2 (free as far as it can see) and now waits on the other writer's key.
      await waitFor('the import to wait on the other writer', async () => {
        const r = await other.query(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        return r.rows[0].n > 0 ? true : undefined;
      });
      await other.query('commit');
      await runningImports.get(started.body.jobId);
      const job = (await admin.get(`/api/imports/${started.body.jobId}`)).body;
      expect(job).toMatchObject({ status: 'succeeded', processed: 3, created: 2, failed: 1 });
      expect(job.errors).toHaveLength(1);
      expect(job.errors[0].row).toBe(3);
      expect(job.errors[0].errors[0]).toMatchObject({ path: '/fields/code' });
      expect(job.errors[0].errors[0].message).toMatch(/already used/);
      const codes = (await admin.get(`/api/forms/${formId}/records?limit=10&sort=code`)).body.items.map(
        (r: any) => r.fields.code,
      );
      expect(codes).toEqual(['K1', 'K2', 'K3']);
    } finally {
      await other.query('rollback').catch(() => {});
      await other.end();
    }
  });
});
