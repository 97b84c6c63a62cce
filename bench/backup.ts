import type { BenchContext } from './context.js';
import { round } from './stats.js';

interface Listed {
  items: Array<{
    name: string;
    size: number | null;
    status: string;
    error: string | null;
    manifest: { records: number; durationMs: number } | null;
  }>;
}

/**
 * `backup`: an admin's 立即备份 over the seeded table, timed from the POST to the archive being
 * listed complete (snapshot, checksums, compression, read-back verification, rename). The target:
 * ≤ 60 s at 1,000,000 records. Also reports the archive's size and the snapshot part's time.
 */
export async function backupTime(ctx: BenchContext): Promise<void> {
  process.stderr.write(`${ctx.engine}: backup…\n`);
  ctx.meter.reset();
  const t0 = performance.now();
  const started = await ctx.api.ok<{ name: string }>('POST', '/api/backups');
  let done: Listed['items'][number] | undefined;
  while (!done) {
    await new Promise((r) => setTimeout(r, 250));
    const list = await ctx.api.ok<Listed>('GET', '/api/backups');
    const b = list.body.items.find((x) => x.name === started.body.name);
    if (b && b.status !== 'running') done = b;
  }
  const seconds = (performance.now() - t0) / 1000;
  if (done.status !== 'complete') throw new Error(`backup failed: ${done.error}`);
  ctx.emit({
    scenario: 'backup',
    samples: 1,
    throughput_per_s: round(ctx.count / seconds, 0),
    p50_ms: round(seconds * 1000, 0),
    p95_ms: null,
    floor: null,
    ratio_to_floor: null,
    target: '≤ 60 s at 1,000,000 records',
    pass: ctx.count >= 1_000_000 ? seconds <= 60 : null,
    seconds: round(seconds, 1),
    archive_mb: round((done.size ?? 0) / 1048576, 1),
    records_in_manifest: done.manifest?.records,
    snapshot_and_checksums_ms: done.manifest?.durationMs,
  });
}

/**
 * `export`: 系统管理's "export everything" (`GET /api/backups/export`) over the same database: every
 * table as engine-independent JSON lines, each app as a template document with its records, and the
 * files, timed until the last byte is downloaded. Importing it needs an empty instance
 * (`npm run import-all`), which this bench does not set up.
 */
export async function exportTime(ctx: BenchContext): Promise<void> {
  process.stderr.write(`${ctx.engine}: export everything…\n`);
  ctx.meter.reset();
  const r = await ctx.api.download('/api/backups/export');
  if (r.status !== 200) throw new Error(`export failed with ${r.status}`);
  const seconds = r.ms / 1000;
  ctx.emit({
    scenario: 'export',
    samples: 1,
    throughput_per_s: round(ctx.count / seconds, 0),
    p50_ms: round(r.ms, 0),
    p95_ms: null,
    floor: null,
    ratio_to_floor: null,
    target: null,
    pass: null,
    seconds: round(seconds, 1),
    archive_mb: round(r.bytes / 1048576, 1),
  });
}
