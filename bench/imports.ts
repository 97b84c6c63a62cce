import fs from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import type { BenchContext } from './context.js';
import { cities, customerFields, industries, prng, tags, tiers } from './data.js';
import { BATCH, floorRow, insertSql } from './seed.js';
import { round } from './stats.js';

const SEED = 20261125;
const MAX_ROWS = 1_000_000;
/** Every 100th row repeats an earlier customer: the dedupe rule (skip) has work to do. */
const DUPLICATE_EVERY = 100;

const label = (options: Array<{ value: string; label: string }>) =>
  new Map(options.map((o) => [o.value, o.label]));
const labels = { tier: label(tiers), industry: label(industries), city: label(cities), tag: label(tags) };
const headers = [
  '客户名称',
  '客户分层',
  '所属行业',
  '城市',
  '累计合作金额',
  '员工人数',
  '最近合作时间',
  '联系电话',
  '邮箱',
  '负责人',
  '标签',
];

/** A CSV cell, quoted when it holds a separator, a quote or a line break. */
const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The i-th import row as a person's spreadsheet holds it: labels, "12,345.67", 2024/5/20, e-mails. */
function sheetRow(fields: Record<string, unknown>, i: number, userIds: string[]): string[] {
  const day = fields.lastDealOn as string;
  const [y, m, d] = day.split('-');
  const amount = fields.amount as number;
  return [
    fields.customerName as string,
    labels.tier.get(fields.tier as string)!,
    labels.industry.get(fields.industry as string)!,
    labels.city.get(fields.city as string)!,
    i % 3 === 0 ? amount.toLocaleString('en-US', { minimumFractionDigits: 2 }) : String(amount),
    String(fields.employees),
    i % 2 === 0 ? day : `${y}/${Number(m)}/${Number(d)}`,
    fields.phone as string,
    fields.email as string,
    `sales${userIds.indexOf(fields.owner as string) + 1}@bench.example.cn`,
    (fields.tags as string[]).map((t) => labels.tag.get(t)!).join('、'),
  ];
}

/**
 * Writes `n` customer rows after the seeded ones to a CSV file with a streaming writer; answers
 * the API fields of the rows that should be created (duplicates left out), for the floor.
 */
async function writeCsv(
  file: string,
  ctx: BenchContext,
  n: number,
  keep: (fields: Record<string, unknown>) => void,
): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`\uFEFF${headers.join(',')}\r\n`);
  const rnd = prng(SEED);
  let unique = 0;
  const recent: string[] = [];
  for (let i = 1; i <= n; i++) {
    const fields = customerFields(ctx.count + 1 + unique, rnd, ctx.userIds);
    let row = sheetRow(fields, i, ctx.userIds);
    if (i % DUPLICATE_EVERY === 0 && recent.length) row = [recent[0], ...row.slice(1)];
    else {
      unique++;
      keep(fields);
      recent.push(row[0]);
      if (recent.length > 50) recent.shift();
    }
    await write(`${row.map(cell).join(',')}\r\n`);
  }
  out.end();
  await once(out, 'close');
  return unique;
}

/** The same rows straight into the floor's copy of the table, 1,000 per transaction: only the SQL is timed. */
async function floorInsert(ctx: BenchContext, rows: Array<Record<string, unknown>>): Promise<number> {
  let ms = 0;
  const at = new Date().toISOString();
  for (let first = 0; first < rows.length; first += BATCH) {
    const part = rows
      .slice(first, first + BATCH)
      .map((f, j) => floorRow(ctx, f, ctx.count + 1 + first + j, at));
    const t0 = performance.now();
    await ctx.floor.transaction([[insertSql(ctx, part.length), part.flat()]]);
    ms += performance.now() - t0;
  }
  return ms;
}

/**
 * import_csv: a realistic CSV of BENCH_IMPORT_ROWS customers (default: BENCH_RECORDS, at most
 * 1,000,000) goes through the import API as the web app sends it: a preview for the suggested
 * mapping, then the multipart upload with mapping and a dedupe rule, then progress polls until the
 * job is done. Reports rows/s from the start of the upload to the end of the job, the server's
 * peak RSS and its RSS sampled along the way (memory must stay flat however long the file;
 * BENCH_IMPORT_SERIES=1 adds every sample), the server's CPU time (rows per CPU second moves less
 * than rows/s when others share the machine), and the same rows written by direct SQL as the floor.
 */
export async function importCsv(ctx: BenchContext): Promise<void> {
  const n = Number(
    process.env.BENCH_IMPORT_ROWS ?? Math.min(Number(process.env.BENCH_RECORDS ?? MAX_ROWS), MAX_ROWS),
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-import-'));
  const file = path.join(dir, 'customers.csv');
  const head = path.join(dir, 'head.csv');
  try {
    // The floor's rows are kept as API fields (a million small objects is the bench's memory, not the server's).
    const created: Array<Record<string, unknown>> = [];
    const unique = await writeCsv(file, ctx, n, (f) => created.push(f));
    const size = fs.statSync(file).size;
    process.stderr.write(
      `${ctx.engine}: import of ${n.toLocaleString('en')} rows (${(size / 1048576).toFixed(0)} MB)\n`,
    );

    // The wizard previews the file for its mapping; the first rows are all the preview reads.
    fs.writeFileSync(head, await firstLines(file, 21));
    const preview = await ctx.api.upload<{ mapping: Record<string, string | null> }>(
      `/api/forms/${ctx.formId}/import/preview`,
      {},
      'file',
      head,
      'customers.csv',
    );
    if (preview.status !== 200)
      throw new Error(`import preview → ${preview.status}: ${JSON.stringify(preview.body).slice(0, 300)}`);

    ctx.meter.reset();
    const cpu0 = cpuSeconds(ctx.meter.pid);
    const t0 = performance.now();
    const options = {
      mapping: preview.body.mapping,
      dedupe: { field: 'customerName', mode: 'skip' },
      dryRun: false,
    };
    const started = await ctx.api.upload<{ jobId: string }>(
      `/api/forms/${ctx.formId}/import`,
      { options: JSON.stringify(options) },
      'file',
      file,
      'customers.csv',
    );
    if (started.status !== 202)
      throw new Error(`import → ${started.status}: ${JSON.stringify(started.body).slice(0, 300)}`);
    const uploadMs = started.ms;

    const rss: Array<{ at: number; mb: number }> = [];
    let job: {
      status: string;
      processed: number;
      total: number | null;
      created: number;
      skipped: number;
      failed: number;
      error: string | null;
      startedAt: string;
      finishedAt: string;
      errors: unknown[];
    };
    let lastLog = 0;
    for (;;) {
      job = (await ctx.api.ok('GET', `/api/imports/${started.body.jobId}`)).body;
      rss.push({ at: job.total ? job.processed / job.total : 0, mb: ctx.meter.rssMb() });
      if (job.status === 'succeeded' || job.status === 'failed') break;
      if (job.processed - lastLog >= 100_000) {
        lastLog = job.processed;
        process.stderr.write(
          `${ctx.engine}: import ${job.processed.toLocaleString('en')} / ${(job.total ?? n).toLocaleString('en')}\n`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(ctx.meter.pid) - cpu0;
    const peak = ctx.meter.peakMb();
    if (job.status !== 'succeeded') throw new Error(`the import failed: ${job.error}`);
    const throughput = round(job.processed / seconds, 1);
    const at = (share: number) => rss.find((s) => s.at >= share)?.mb ?? null;

    const floorMs = await floorInsert(ctx, created);
    const floorThroughput = round((created.length * 1000) / floorMs, 1);
    ctx.count += job.created;
    ctx.emit({
      scenario: 'import_csv',
      n: ctx.count,
      samples: 1,
      throughput_per_s: throughput,
      p50_ms: null,
      p95_ms: null,
      rows: n,
      file_mb: round(size / 1048576, 1),
      created: job.created,
      skipped: job.skipped,
      failed: job.failed,
      expected_created: unique,
      total_s: round(seconds, 1),
      upload_s: round(uploadMs / 1000, 1),
      job_s: round((Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000, 1),
      // The server's CPU time: less sensitive than wall time to other processes on a shared machine.
      server_cpu_s: round(cpu, 1),
      rows_per_cpu_s: round(job.processed / cpu, 1),
      rss_mb: {
        max_sampled: Math.max(...rss.map((s) => s.mb)),
        at_10pct: at(0.1),
        at_50pct: at(0.5),
        at_90pct: at(0.9),
        samples: rss.length,
        ...(process.env.BENCH_IMPORT_SERIES === '1'
          ? { series: rss.map((s) => [round(s.at, 3), s.mb]) }
          : {}),
      },
      floor: { throughput_per_s: floorThroughput, total_s: round(floorMs / 1000, 1) },
      ratio_to_floor: round(floorThroughput / throughput, 2),
      target: '≥ 20000 rows/s and peak RSS flat (≤ 300 MB)',
      pass: throughput >= 20000 && peak <= 300 && job.created === unique && job.failed === 0,
      server_peak_rss_mb: peak,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU time (user + system) a process has used so far, from /proc (0 where there is none). */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The first `count` lines of a file, read as a stream. */
async function firstLines(file: string, count: number): Promise<string> {
  let text = '';
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    text += chunk;
    const lines = text.split('\r\n');
    if (lines.length > count) return lines.slice(0, count).join('\r\n') + '\r\n';
  }
  return text;
}
