/**
 * Automation benchmarks (issue #6), the write side: what automations cost a write, and how fast
 * the worker disposes of the events a bulk import leaves. See automations-runs.ts for the rest.
 */
import fs from 'node:fs';
import { timed } from './compare.js';
import type { BenchContext } from './context.js';
import { customerFields, prng } from './data.js';
import {
  backlog,
  createAutomation,
  customerAppId,
  deleteAutomations,
  log,
  waitIdle,
} from './automations-setup.js';
import { BATCH, floorRow, insertSql } from './seed.js';
import { metrics, round, sample } from './stats.js';

/** CPU time (user + system) the server process has used so far, ms: unlike latency, barely moved by other load on the machine. */
function serverCpuMs(ctx: BenchContext): number {
  const fields = fs.readFileSync(`/proc/${ctx.meter.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** An automation on the customer form that never matches the records the scenario writes. */
const idleAutomation = (formId: string, i: number) => ({
  name: `不匹配 ${i}`,
  trigger:
    i % 2 ? { type: 'record.updated', formId, fields: ['amount'] } : { type: 'record.created', formId },
  condition: {
    and: [
      { field: 'customerName', op: 'eq', value: `不存在的客户 ${i}` },
      { field: 'employees', op: 'gt', value: i },
    ],
  },
  actions: [{ type: 'updateRecord', fields: { email: `never${i}@example.com` } }],
});

/**
 * write_overhead: single creates and patches of customers over HTTP with 0, 10 and 100 enabled
 * automations on the form whose conditions do not match. The counts take turns over several
 * rounds (automations are switched on and off through the API between them), so a change in
 * the machine's load hits all three alike. One line per count, with the p50/p95 overhead
 * against 0. The floor is the same customer row inserted directly in SQL.
 */
export async function writeOverhead(ctx: BenchContext): Promise<void> {
  const appId = await customerAppId(ctx);
  // Whatever seeding left in the outbox must be gone first, or it would be measured too.
  const seedLeft = await backlog(ctx);
  const seedDrain = await waitIdle(ctx, 600_000);
  log(ctx, `write_overhead: the seed's ${seedLeft.events} outbox events drained in ${seedDrain.ms} ms`);
  const samples = Number(process.env.BENCH_OVERHEAD_SAMPLES ?? 300);
  const rounds = 5;
  const counts = [0, 10, 100];
  const rnd = prng(606);
  const amount = (i: number) => 2000 + i * 3.5;
  const docs: Array<Record<string, unknown>> = [];
  const enabled = new Set<number>();
  const enable = async (n: number) => {
    for (let i = 0; i < docs.length; i++) {
      if (i < n === enabled.has(i)) continue;
      await ctx.api.ok('PUT', `/api/automations/${docs[i].id}`, { ...docs[i], enabled: i < n });
      if (i < n) enabled.add(i);
      else enabled.delete(i);
    }
    await waitIdle(ctx);
  };
  const creates = new Map(counts.map((n) => [n, [] as number[]]));
  const patches = new Map(counts.map((n) => [n, [] as number[]]));
  const peaks = new Map(counts.map((n) => [n, 0]));
  const cpu = new Map(counts.map((n) => [n, 0]));
  try {
    for (let i = 0; i < 100; i++) {
      const body = { ...idleAutomation(ctx.formId, i), enabled: false };
      docs.push({ ...body, id: await createAutomation(ctx, appId, body) });
    }
    log(
      ctx,
      `write_overhead: ${rounds} rounds of ${counts.join('/')} automations, ${samples} samples each in all…`,
    );
    for (let round = 0; round < rounds; round++) {
      for (const n of counts) {
        await enable(n);
        ctx.meter.reset();
        const cpu0 = serverCpuMs(ctx);
        await sample(Math.ceil(samples / rounds), round === 0 ? 20 : 5, async (i) => {
          const r = await ctx.api.ok<{ id: string }>('POST', `/api/forms/${ctx.formId}/records`, {
            fields: customerFields(++ctx.count, rnd, ctx.userIds),
          });
          const p = await ctx.api.ok('PATCH', `/api/forms/${ctx.formId}/records/${r.body.id}`, {
            fields: { amount: amount(i) },
            version: 1,
          });
          if (i >= 0) {
            creates.get(n)!.push(r.ms);
            patches.get(n)!.push(p.ms);
          }
          return r.ms;
        });
        // The worker's share comes after the writes: wait for it, so it is counted too.
        await waitIdle(ctx);
        cpu.set(n, cpu.get(n)! + serverCpuMs(ctx) - cpu0);
        peaks.set(n, Math.max(peaks.get(n)!, ctx.meter.peakMb()));
      }
    }
    const after = await waitIdle(ctx);
    let floorNext = 50_000_000;
    const floor = metrics(
      await sample(300, 30, () =>
        timed(() =>
          ctx.floor.transaction([
            [
              insertSql(ctx, 1),
              floorRow(
                ctx,
                customerFields(floorNext, rnd, ctx.userIds),
                floorNext++,
                new Date().toISOString(),
              ),
            ],
          ]),
        ),
      ),
    );
    const base = { create: metrics(creates.get(0)!), patch: metrics(patches.get(0)!) };
    for (const n of counts) {
      const create = metrics(creates.get(n)!);
      const patch = metrics(patches.get(n)!);
      const overhead = round(create.p50_ms - base.create.p50_ms);
      const patchOverhead = round(patch.p50_ms - base.patch.p50_ms);
      // Per write (a create or a patch), warm-up included: all counts do the same number.
      const cpuPerWrite = (k: number) =>
        round(cpu.get(k)! / (2 * (creates.get(k)!.length + (rounds - 1) * 5 + 20)));
      ctx.emit({
        scenario: 'write_overhead',
        automations: n,
        ...create,
        patch_p50_ms: patch.p50_ms,
        patch_p95_ms: patch.p95_ms,
        overhead_p50_ms: overhead,
        overhead_p95_ms: round(create.p95_ms - base.create.p95_ms),
        patch_overhead_p50_ms: patchOverhead,
        patch_overhead_p95_ms: round(patch.p95_ms - base.patch.p95_ms),
        rounds,
        server_cpu_ms_per_write: cpuPerWrite(n),
        server_cpu_overhead_ms: round(cpuPerWrite(n) - cpuPerWrite(0)),
        worker_drain_after_ms: after.ms,
        ...(n === 0 ? { seed_outbox_events: seedLeft.events, seed_outbox_drain_ms: seedDrain.ms } : {}),
        floor,
        ratio_to_floor: round(create.p50_ms / Math.max(floor.p50_ms, 0.001), 2),
        target: 'overhead vs 0 automations ≤ 0.5 ms p50 at 100 (create and patch)',
        pass: n === 0 ? null : overhead <= 0.5 && patchOverhead <= 0.5,
        server_peak_rss_mb: peaks.get(n)!,
      });
    }
  } finally {
    await deleteAutomations(
      ctx,
      docs.map((d) => d.id as string),
    );
  }
}

/**
 * outbox_dispose: a bulk import's aftermath. BENCH_DISPOSE_EVENTS (default 200,000) outbox events
 * of a form no automation listens to appear at once (written directly in SQL, as a large import
 * leaves them); measures how fast the worker marks them done. The floor marks the same number
 * done directly in SQL, 2,000 per statement.
 */
export async function outboxDispose(ctx: BenchContext): Promise<void> {
  const n = Number(process.env.BENCH_DISPOSE_EVENTS ?? 200_000);
  await waitIdle(ctx, 600_000);
  const at = new Date().toISOString();
  const tuple = '(?, ?, ?, ?, ?, ?)';
  const insert = (table: string, rows: number) =>
    `insert into ${table} (event, form_id, record_id, payload, depth, created_at) values ${Array(rows).fill(tuple).join(', ')}`;
  const write = async (table: string) => {
    const statements: Array<[string, unknown[]]> = [];
    for (let i = 0; i < n; i += BATCH) {
      const size = Math.min(BATCH, n - i);
      statements.push([
        insert(table, size),
        Array.from({ length: size }, (_, j) => [
          'record.updated',
          ctx.formId,
          ctx.ids[(i + j) % ctx.ids.length],
          '{"version":2,"userId":null,"changes":{}}',
          0,
          at,
        ]).flat(),
      ]);
    }
    await ctx.floor.transaction(statements);
  };
  log(ctx, `outbox_dispose: ${n} events…`);
  ctx.meter.reset();
  await write('outbox');
  const drained = await waitIdle(ctx, 600_000);
  const peak = ctx.meter.peakMb();
  // The floor: the same events marked done by hand, in a copy of the outbox the worker does not see.
  await ctx.floor.copyTable('outbox', 'outbox_floor');
  await write('outbox_floor');
  const mark = `update outbox_floor set done_at = ? where id in (select id from outbox_floor where done_at is null order by id limit 2000)`;
  const t0 = performance.now();
  let left = n;
  while (left > 0) {
    await ctx.floor.transaction([[mark, [new Date().toISOString()]]]);
    left -= 2000;
  }
  const floorMs = performance.now() - t0;
  const rate = round((n * 1000) / Math.max(drained.ms, 1), 1);
  ctx.emit({
    scenario: 'outbox_dispose',
    samples: n,
    throughput_per_s: rate,
    p50_ms: null,
    p95_ms: null,
    drain_ms: drained.ms,
    left: drained.left,
    floor: {
      throughput_per_s: round((n * 1000) / floorMs, 1),
      what: 'the same events marked done directly in SQL, 2,000 per statement',
    },
    ratio_to_floor: round((n * 1000) / floorMs / Math.max(rate, 1), 2),
    target: '≥ 10,000 events/s for a form without automations',
    pass: drained.left.events === 0 && rate >= 10_000,
    server_peak_rss_mb: peak,
  });
}
