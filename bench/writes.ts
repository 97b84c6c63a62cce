import { compare, timed } from './compare.js';
import type { BenchContext } from './context.js';
import { customerFields, prng } from './data.js';
import { BATCH, floorRow, insertSql, seedFloor, seedViaApi } from './seed.js';
import { metrics, ratio, round } from './stats.js';

const progress = (label: string, n: number) => {
  let last = 0;
  return (done: number) => {
    if (done - last >= 50_000 || done === n)
      process.stderr.write(`${label}: ${done.toLocaleString('en')} / ${n.toLocaleString('en')}\n`);
    if (done - last >= 50_000) last = done;
  };
};

/** Seeds n customers through the batch API, then the same rows by direct SQL into a copy of the table. */
export async function batchInsert(ctx: BenchContext, n: number): Promise<void> {
  ctx.meter.reset();
  const seeded = await seedViaApi(ctx, n, progress(`${ctx.engine}: API batch insert`, n));
  const peak = ctx.meter.peakMb();
  const api = metrics(seeded.samples, n);
  const floor = metrics(await seedFloor(ctx, n, progress(`${ctx.engine}: direct-SQL batch insert`, n)), n);
  const r = ratio(api, floor, 'throughput');
  ctx.emit({
    scenario: 'batch_insert',
    ...api,
    wall_throughput_per_s: round((n * 1000) / seeded.wallMs, 1),
    batch_size: BATCH,
    floor,
    ratio_to_floor: r,
    target: '≥ 20000 records/s and within 3× of the direct-SQL floor',
    pass: api.throughput_per_s >= 20000 && r <= 3,
    server_peak_rss_mb: peak,
  });
}

/** One new customer per call; the floor inserts the same row into the copy table. */
export async function singleCreate(ctx: BenchContext): Promise<void> {
  const start = ctx.count + 1;
  const [ra, rf] = [prng(17), prng(17)];
  let [ia, iF] = [start, start];
  await compare(ctx, {
    scenario: 'single_create',
    samples: 300,
    warmup: 30,
    api: async () => {
      const r = await ctx.api.ok('POST', `/api/forms/${ctx.formId}/records`, {
        fields: customerFields(ia, ra, ctx.userIds),
      });
      ctx.count = ia++;
      return r.ms;
    },
    floor: () => {
      const row = floorRow(ctx, customerFields(iF, rf, ctx.userIds), iF++, new Date().toISOString());
      return timed(() => ctx.floor.transaction([[insertSql(ctx, 1), row]]));
    },
    target: 'p50 ≤ 2 ms',
    pass: (m) => m.p50_ms <= 2,
  });
}

/** Changes 累计合作金额 of a different seeded record each call (version 1 → 2). */
export async function patch(ctx: BenchContext): Promise<void> {
  const samples = Math.min(300, Math.floor(ctx.ids.length * 0.9));
  const warmup = Math.min(30, ctx.ids.length - samples);
  const set = `update "${ctx.floorTable}" set "${ctx.col('amount')}" = ?, version = version + 1, updated_at = ?, updated_by = ? where "id" = ? and version = ? and deleted_at is null`;
  const amount = (i: number) => 1000 + i * 7.5;
  await compare(ctx, {
    scenario: 'patch',
    samples,
    warmup,
    api: async (i) =>
      (
        await ctx.api.ok('PATCH', `/api/forms/${ctx.formId}/records/${ctx.ids[i + warmup]}`, {
          fields: { amount: amount(i) },
          version: 1,
        })
      ).ms,
    floor: (i) =>
      timed(() =>
        ctx.floor.transaction([
          [
            set,
            [Math.round(amount(i) * 100), new Date().toISOString(), ctx.adminId, ctx.floorIds[i + warmup], 1],
          ],
        ]),
      ),
    target: 'p50 ≤ 2 ms',
    pass: (m) => m.p50_ms <= 2,
  });
}
