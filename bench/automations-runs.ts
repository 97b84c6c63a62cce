/**
 * Automation benchmarks (issue #6), the run side: how soon an event's action is done under a
 * steady load of writes, and how long a monthly schedule over 100,000 customers takes.
 */
import { timed } from './compare.js';
import type { BenchContext } from './context.js';
import { customerFields, prng } from './data.js';
import {
  backlog,
  type BenchForm,
  createAutomation,
  createForm,
  customerAppId,
  deleteAutomations,
  log,
  rowSql,
  runStatuses,
  systemValues,
  waitIdle,
} from './automations-setup.js';
import { bearerToken, openLoop } from './open-loop.js';
import { BATCH } from './seed.js';
import { metrics, percentile, round, sample } from './stats.js';

/** The leads form and the follow-up form its automation writes to. */
async function leadForms(ctx: BenchContext, appId: string): Promise<{ leads: BenchForm; tasks: BenchForm }> {
  const leads = await createForm(ctx, appId, {
    key: 'benchLeads',
    name: '销售线索',
    fields: [
      { key: 'name', type: 'text', label: '线索名称' },
      { key: 'score', type: 'number', label: '评分' },
      { key: 'owner', type: 'member', label: '负责人' },
    ],
  });
  const tasks = await createForm(ctx, appId, {
    key: 'benchLeadTasks',
    name: '线索跟进',
    fields: [
      { key: 'title', type: 'text', label: '任务' },
      { key: 'leadId', type: 'text', label: '线索' },
      { key: 'due', type: 'date', label: '截止' },
      { key: 'owner', type: 'member', label: '负责人' },
    ],
  });
  return { leads, tasks };
}

/**
 * event_to_action: an open-loop load of new leads (BENCH_E2A_RATE per second, default 500, for
 * BENCH_E2A_SECONDS, default 20) with one automation whose condition matches every lead and
 * whose action creates a follow-up task. Measures, from the run log, the time from the lead's
 * write to the action's completion (p50/p95), and whether the worker kept up (its backlog when
 * the load stops), then the worker's capacity on a burst of batch writes (the HTTP write path
 * may not take 500 single writes a second on a busy machine; the burst shows whether the worker
 * could). The floor is the action's insert done directly in SQL.
 */
export async function eventToAction(ctx: BenchContext): Promise<void> {
  const rate = Number(process.env.BENCH_E2A_RATE ?? 500);
  const seconds = Number(process.env.BENCH_E2A_SECONDS ?? 20);
  const appId = await customerAppId(ctx);
  const { leads, tasks } = await leadForms(ctx, appId);
  const automationId = await createAutomation(ctx, appId, {
    name: '新线索建跟进任务',
    trigger: { type: 'record.created', formId: leads.id },
    condition: { field: 'score', op: 'gte', value: 0 },
    actions: [
      {
        type: 'createRecord',
        formId: tasks.id,
        fields: {
          title: '跟进 {{record.name}}',
          leadId: '{{record.id}}',
          due: '{{today + 3d}}',
          owner: '{{record.owner}}',
        },
      },
    ],
  });
  try {
    const token = await bearerToken(ctx.api, 'bench event_to_action');
    const body = (i: number) => ({
      fields: { name: `线索 ${i}`, score: i % 100, owner: ctx.userIds[i % ctx.userIds.length] },
    });
    // Warm up the server's code paths and caches.
    await openLoop(ctx.api.base, token, 50, 1, (i) => ({
      method: 'POST',
      path: `/api/forms/${leads.id}/records`,
      body: body(-1 - i),
    }));
    await waitIdle(ctx);
    await ctx.floor.query(`delete from automation_runs where automation_id = ?`, [automationId]);
    log(ctx, `event_to_action: ${rate} writes/s for ${seconds} s…`);
    ctx.meter.reset();
    const load = await openLoop(ctx.api.base, token, rate, seconds, (i) => ({
      method: 'POST',
      path: `/api/forms/${leads.id}/records`,
      body: body(i),
    }));
    const atEnd = await backlog(ctx);
    const drain = await waitIdle(ctx);
    const peak = ctx.meter.peakMb();
    const rows = await ctx.floor.query(
      `select l.created_at as written, r.finished_at as done from automation_runs r join "${leads.table}" l on l.id = r.record_id where r.automation_id = ? and r.status = 'succeeded'`,
      [automationId],
    );
    const lat = rows.map((r) => Date.parse(String(r.done)) - Date.parse(String(r.written)));
    const statuses = await runStatuses(ctx, automationId);
    const written = rows.map((r) => Date.parse(String(r.written)));
    const applied =
      written.length > 1
        ? round(((written.length - 1) * 1000) / (Math.max(...written) - Math.min(...written)), 1)
        : null;
    const capacity = await burst(ctx, leads, automationId, body);
    // The floor: the follow-up task's row written directly, one transaction each.
    await ctx.floor.copyTable(tasks.table, `${tasks.table}_floor`);
    const insert = rowSql(tasks, ['title', 'leadId', 'due', 'owner'], 1);
    let seq = 1;
    const floor = metrics(
      await sample(300, 30, () =>
        timed(() =>
          ctx.floor.transaction([
            [
              insert,
              [
                ...systemValues(seq, new Date().toISOString(), ctx.adminId),
                `跟进 线索 ${seq}`,
                `rec_${seq++}`,
                '2026-12-01',
                ctx.adminId,
              ],
            ],
          ]),
        ),
      ),
    );
    const http = load.latencies.length
      ? { p50_ms: round(percentile(load.latencies, 50)), p95_ms: round(percentile(load.latencies, 95)) }
      : { p50_ms: null, p95_ms: null };
    const p50 = lat.length ? percentile(lat, 50) : null;
    const p95 = lat.length ? percentile(lat, 95) : null;
    const keptUp = atEnd.events + atEnd.runs <= rate && drain.left.events + drain.left.runs === 0;
    const ok = (statuses.succeeded ?? 0) === load.ok && load.failed === 0;
    ctx.emit({
      scenario: 'event_to_action',
      samples: lat.length,
      throughput_per_s: round((load.ok * 1000) / load.wallMs, 1),
      p50_ms: p50,
      p95_ms: p95,
      target_rate_per_s: rate,
      applied_rate_per_s: applied,
      seconds,
      writes_ok: load.ok,
      writes_failed: load.failed,
      ...(load.errors.length ? { write_errors: load.errors } : {}),
      write_http_p50_ms: http.p50_ms,
      write_http_p95_ms: http.p95_ms,
      runs: statuses,
      backlog_at_end: atEnd,
      drain_after_end_ms: drain.ms,
      backlog_after_drain: drain.left,
      burst_runs_per_s: capacity,
      floor: { ...floor, what: 'the follow-up row inserted directly in SQL, one transaction each' },
      ratio_to_floor: p50 === null ? null : round(p50 / Math.max(floor.p50_ms, 0.001), 2),
      target: `the worker keeps up with ${rate} writes/s: backlog at the end ≤ 1 s of writes, p95 write → action done ≤ 1000 ms, and ≥ ${rate} runs/s on a burst (applied_rate_per_s says what the HTTP write path let through)`,
      pass: keptUp && ok && p95 !== null && p95 <= 1000 && capacity >= rate,
      server_peak_rss_mb: peak,
    });
  } finally {
    await deleteAutomations(ctx, [automationId]);
  }
}

/**
 * The worker's capacity: BENCH_E2A_BURST leads (default 10,000) written back to back through the
 * batch API, 1,000 per request; answers runs done per second from the first lead's write to the
 * last run's end (a lower bound: the worker cannot run ahead of the writes).
 */
async function burst(
  ctx: BenchContext,
  leads: BenchForm,
  automationId: string,
  body: (i: number) => { fields: Record<string, unknown> },
): Promise<number> {
  const n = Number(process.env.BENCH_E2A_BURST ?? 10_000);
  const from = new Date().toISOString();
  log(ctx, `event_to_action: a burst of ${n} leads…`);
  for (let i = 0; i < n; i += BATCH)
    await ctx.api.ok('POST', `/api/forms/${leads.id}/records/batch`, {
      records: Array.from({ length: Math.min(BATCH, n - i) }, (_, j) => body(1_000_000 + i + j)),
    });
  await waitIdle(ctx);
  const [r] = await ctx.floor.query(
    `select count(*) as n, min(l.created_at) as first, max(r.finished_at) as last from automation_runs r join "${leads.table}" l on l.id = r.record_id where r.automation_id = ? and l.created_at >= ? and r.status = 'succeeded'`,
    [automationId, from],
  );
  const ms = Date.parse(String(r.last)) - Date.parse(String(r.first));
  return round((Number(r.n) * 1000) / Math.max(ms, 1), 1);
}

/**
 * Makes sure at least `want` live customers are 高价值 (tier t1), adding 高价值 customers through
 * the batch API when the seeded ones are too few (small BENCH_RECORDS).
 */
async function ensureHighValue(ctx: BenchContext, want: number): Promise<number> {
  const countHigh = async () =>
    Number(
      (
        await ctx.floor.query(
          `select count(*) as n from "${ctx.table}" where "${ctx.col('tier')}" = 't1' and deleted_at is null`,
        )
      )[0].n,
    );
  let have = await countHigh();
  if (have >= want) return have;
  log(ctx, `monthly_schedule: adding ${want - have} 高价值 customers…`);
  const rnd = prng(707);
  while (have < want) {
    const size = Math.min(BATCH, want - have);
    const records = Array.from({ length: size }, () => ({
      fields: { ...customerFields(++ctx.count, rnd, ctx.userIds), tier: 't1' },
    }));
    await ctx.api.ok('POST', `/api/forms/${ctx.formId}/records/batch`, { records });
    have += size;
  }
  await waitIdle(ctx, 600_000);
  return countHigh();
}

/**
 * monthly_schedule: a monthly schedule (cron on a day of the month, set to fire a few seconds
 * from now) whose condition selects the 高价值 customers (BENCH_SCHEDULE_RECORDS, default
 * 100,000) and whose action creates a 回访 record for each. Measures the time from the firing to
 * the last action done (one run per customer in the run log). The floor inserts the same number
 * of 回访 rows directly in SQL, 1,000 per statement.
 */
export async function monthlySchedule(ctx: BenchContext): Promise<void> {
  const want = Number(process.env.BENCH_SCHEDULE_RECORDS ?? 100_000);
  const appId = await customerAppId(ctx);
  const selected = await ensureHighValue(ctx, want);
  const visits = await createForm(ctx, appId, {
    key: 'benchVisits',
    name: '回访记录',
    fields: [
      { key: 'title', type: 'text', label: '回访' },
      { key: 'customerId', type: 'text', label: '客户' },
      { key: 'due', type: 'date', label: '计划日期' },
      { key: 'owner', type: 'member', label: '负责人' },
    ],
  });
  await waitIdle(ctx);
  const fireAt = new Date(Math.ceil((Date.now() + 4000) / 1000) * 1000);
  // Monthly: this day of the month at this second, in UTC — the next firing is a few seconds away.
  const cron = `${fireAt.getUTCSeconds()} ${fireAt.getUTCMinutes()} ${fireAt.getUTCHours()} ${fireAt.getUTCDate()} * *`;
  ctx.meter.reset();
  const automationId = await createAutomation(ctx, appId, {
    name: '每月高价值客户回访',
    trigger: { type: 'schedule', cron, timeZone: 'UTC', formId: ctx.formId },
    condition: { field: 'tier', op: 'eq', value: 't1' },
    actions: [
      {
        type: 'createRecord',
        formId: visits.id,
        fields: {
          title: '回访 {{record.customerName}}',
          customerId: '{{record.id}}',
          due: '{{today + 7d}}',
          owner: '{{record.owner}}',
        },
      },
    ],
  });
  try {
    log(ctx, `monthly_schedule: ${selected} customers selected, firing at ${fireAt.toISOString()}…`);
    const deadline = fireAt.getTime() + Number(process.env.BENCH_SCHEDULE_TIMEOUT_S ?? 900) * 1000;
    let statuses: Record<string, number> = {};
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      statuses = await runStatuses(ctx, automationId);
      const total = Object.values(statuses).reduce((a, b) => a + b, 0);
      const open = (statuses.running ?? 0) + (statuses.waiting ?? 0);
      if ((total >= selected && !open) || Date.now() > deadline) break;
    }
    const peak = ctx.meter.peakMb();
    const [span] = await ctx.floor.query(
      'select max(finished_at) as done from automation_runs where automation_id = ?',
      [automationId],
    );
    const created = Number(
      (await ctx.floor.query(`select count(*) as n from "${visits.table}" where deleted_at is null`))[0].n,
    );
    const totalMs = span.done ? Date.parse(String(span.done)) - fireAt.getTime() : null;
    // The floor: the same number of 回访 rows inserted directly, 1,000 per statement and transaction.
    await ctx.floor.copyTable(visits.table, `${visits.table}_floor`);
    const at = new Date().toISOString();
    const t0 = performance.now();
    for (let first = 0; first < selected; first += BATCH) {
      const size = Math.min(BATCH, selected - first);
      const values = Array.from({ length: size }, (_, j) => [
        ...systemValues(first + j + 1, at, ctx.adminId),
        `回访 客户 ${first + j}`,
        `rec_${first + j}`,
        '2026-12-08',
        ctx.adminId,
      ]).flat();
      await ctx.floor.transaction([[rowSql(visits, ['title', 'customerId', 'due', 'owner'], size), values]]);
    }
    const floorMs = Math.round(performance.now() - t0);
    ctx.emit({
      scenario: 'monthly_schedule',
      samples: null,
      throughput_per_s: totalMs ? round((created * 1000) / totalMs, 1) : null,
      p50_ms: null,
      p95_ms: null,
      selected,
      runs: statuses,
      records_created: created,
      total_ms: totalMs,
      floor: {
        total_ms: floorMs,
        throughput_per_s: round((selected * 1000) / floorMs, 1),
        what: 'the 回访 rows inserted directly in SQL, 1,000 per statement',
      },
      ratio_to_floor: totalMs ? round(totalMs / floorMs, 2) : null,
      target: 'every selected customer gets its 回访 (one run each) within 60 s of the firing',
      pass:
        totalMs !== null &&
        created === selected &&
        (statuses.succeeded ?? 0) === selected &&
        totalMs <= 60_000,
      server_peak_rss_mb: peak,
    });
  } finally {
    await deleteAutomations(ctx, [automationId]);
  }
}
