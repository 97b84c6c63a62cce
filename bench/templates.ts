import type { BenchContext } from './context.js';
import { metrics } from './stats.js';

/**
 * Installs the whole 客户管理套件 with its sample data (five linked forms, views, workflows,
 * automations, a dashboard, roles and a few hundred records), three times, each into a new app.
 * Target: ≤ 1 s. The floor is the empty install (definitions only), for scale.
 */
export async function installSuite(ctx: BenchContext): Promise<void> {
  process.stderr.write(`${ctx.engine}: install_suite…\n`);
  const full: number[] = [];
  const bare: number[] = [];
  let records = 0;
  for (let i = 0; i < 3; i++) {
    const r = await ctx.api.ok<{ created: { records: number } }>('POST', '/api/templates/crm-suite/install', {
      sampleData: true,
    });
    full.push(r.ms);
    records = r.body.created.records;
    bare.push((await ctx.api.ok('POST', '/api/templates/crm-suite/install', { sampleData: false })).ms);
  }
  const m = metrics(full);
  const floor = metrics(bare);
  ctx.emit({
    scenario: 'install_suite',
    ...m,
    floor,
    ratio_to_floor: Math.round((m.p50_ms / floor.p50_ms) * 100) / 100,
    target: 'install the suite with sample data ≤ 1 s (floor = without sample data)',
    pass: m.p95_ms <= 1000,
    sample_records: records,
  });
}
