/**
 * `npm run bench`: starts the real server as a child process, seeds a 12-field customer form
 * through the batch API (BENCH_RECORDS, default 1,000,000) and prints one JSON line per scenario
 * on stdout: throughput, p50/p95, the server's peak memory, and the same work done directly in SQL
 * on the same database as the floor. Progress goes to stderr. Targets live here, not in npm test;
 * a missed target says pass:false and the run still exits 0.
 *
 * Each line: n (records in the table), samples, throughput_per_s, p50_ms/p95_ms over HTTP, floor
 * (the same metrics for the direct SQL), ratio_to_floor (how many times slower than the floor: by
 * throughput for batch_insert, by p50 otherwise), target, pass (null when only reported),
 * server_peak_rss_mb (VmHWM of the server process during that scenario) and load_avg_1m (was
 * something else using the CPU?).
 *
 * BENCH_ONLY=a,b runs only the named scenarios after seeding (see `scenarios`).
 * BENCH_PG=1 also runs PostgreSQL (a fresh database next to DATABASE_URL's, BENCH_PG_RECORDS
 * records, default 100,000). BENCH_KEEP=1 keeps the SQLite data folder (or the PostgreSQL database) for a look afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { BenchContext } from './context.js';
import { type SqlFloor, pgFloor, sqliteFloor } from './floor.js';
import { Api } from './http.js';
import { filteredCount, filteredPage, getById, groupBy } from './reads.js';
import { memberPage } from './member.js';
import { offsetPage } from './offset.js';
import { installSuite } from './templates.js';
import { type ServerProcess, startServer } from './server-process.js';
import { createCustomerForm } from './setup.js';
import { webDataPage } from './web.js';
import { webEnv } from './web-build.js';
import { batchInsert, patch, singleCreate } from './writes.js';
import { importCsv } from './imports.js';
import { slaScan, transitionLatency } from './workflows.js';
import { outboxDispose, writeOverhead } from './automations.js';
import { eventToAction, monthlySchedule } from './automations-runs.js';
import { dashboard6Widgets } from './dashboards.js';
import { backupTime, exportTime } from './backup.js';

const ADMIN = { email: 'bench@bench.example.cn', password: 'Bench-pass-1' };
const MEMORY_TARGET_MB = 300;

/** A fresh PostgreSQL database beside the one DATABASE_URL names; `drop()` removes it. */
async function freshPgDatabase(base: string) {
  const name = `tessera_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * The scenarios after seeding, in order. BENCH_ONLY=name,name runs only those (seeding always
 * runs); each module adds its own entry here.
 */
const scenarios: [name: string, run: (ctx: BenchContext) => Promise<void>][] = [
  ['filtered_page', filteredPage],
  ['member_page', memberPage],
  ['suite_install', installSuite],
  ['get_by_id', getById],
  ['filtered_count', filteredCount],
  ['group_by', groupBy],
  ['offset_page', offsetPage],
  ['dashboard_6_widgets', dashboard6Widgets],
  ['single_create', singleCreate],
  ['patch', patch],
  ['outbox_dispose', outboxDispose],
  ['write_overhead', writeOverhead],
  ['event_to_action', eventToAction],
  ['monthly_schedule', monthlySchedule],
  ['web_data_page', webDataPage],
  // Last: they put a workflow on the seeded form and leave its outbox events to the automation worker.
  ['transition_latency', transitionLatency],
  ['sla_scan', slaScan],
  // After everything else: it adds BENCH_IMPORT_ROWS customers to the table.
  ['import_csv', importCsv],
  // The whole database as it ends up, imports included.
  ['backup', backupTime],
  ['export', exportTime],
];

/** Every scenario in order, then the server's peak memory over the whole run. */
async function runScenarios(ctx: BenchContext, n: number): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  await batchInsert(ctx, n);
  for (const [name, run] of scenarios) if (!only || only.includes(name)) await run(ctx);
  const peak = ctx.meter.runPeakMb();
  ctx.emit({
    scenario: 'peak_memory',
    samples: null,
    throughput_per_s: null,
    p50_ms: null,
    p95_ms: null,
    floor: null,
    ratio_to_floor: null,
    target: `server peak RSS ≤ ${MEMORY_TARGET_MB} MB over the whole run`,
    pass: peak <= MEMORY_TARGET_MB,
    server_peak_rss_mb: peak,
    ...(ctx.engine === 'postgres'
      ? { note: 'the Tessera process only; PostgreSQL’s own memory is not counted' }
      : {}),
  });
}

async function runEngine(engine: 'sqlite' | 'postgres', n: number): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-'));
  let db: Awaited<ReturnType<typeof freshPgDatabase>> | undefined;
  let server: ServerProcess | undefined;
  let api: Api | undefined;
  let floor: SqlFloor | undefined;
  try {
    if (engine === 'postgres')
      db = await freshPgDatabase(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
    server = await startServer({
      TESSERA_DATA_DIR: dataDir,
      TESSERA_ADMIN_EMAIL: ADMIN.email,
      TESSERA_ADMIN_PASSWORD: ADMIN.password,
      TESSERA_MAX_UPLOAD_MB: '1024',
      DATABASE_URL: db?.url ?? '',
      ...(await webEnv()),
    });
    api = new Api(server.url);
    await api.login(ADMIN.email, ADMIN.password);
    const me = await api.ok<{ user: { id: string } }>('GET', '/api/auth/me');
    const form = await createCustomerForm(api);
    floor = db ? await pgFloor(db.url) : sqliteFloor(path.join(dataDir, 'tessera.db'));
    const meter = server.meter;
    const ctx: BenchContext = {
      engine,
      api,
      floor,
      meter,
      formId: form.formId,
      table: form.table,
      floorTable: `floor_${form.formId}`,
      col: (key) => form.columns.get(key)!,
      adminId: me.body.user.id,
      userIds: form.userIds,
      departmentIds: form.departmentIds,
      count: 0,
      ids: [],
      floorIds: [],
      // The load average says whether something else competed for the CPU during the scenario.
      emit: (line) =>
        console.log(
          JSON.stringify({
            scenario: line.scenario,
            engine,
            n: ctx.count,
            ...line,
            server_peak_rss_mb: line.server_peak_rss_mb ?? meter.peakMb(),
            load_avg_1m: Math.round(os.loadavg()[0] * 100) / 100,
          }),
        ),
    };
    await runScenarios(ctx, n);
  } finally {
    api?.close();
    await floor?.close();
    await server?.stop();
    if (process.env.BENCH_KEEP === '1') process.stderr.write(`kept the data in ${db ? db.url : dataDir}\n`);
    else {
      await db?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

const records = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const t0 = Date.now();
await runEngine('sqlite', records);
if (process.env.BENCH_PG === '1')
  await runEngine('postgres', Number(process.env.BENCH_PG_RECORDS ?? 100_000));
process.stderr.write(`bench finished in ${Math.round((Date.now() - t0) / 1000)} s\n`);
