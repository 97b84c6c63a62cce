import type { BenchContext } from './context.js';
import { type Metrics, metrics, ratio, sample } from './stats.js';

/** Times an async operation in ms. */
export async function timed(op: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await op();
  return performance.now() - t0;
}

export interface Comparison {
  scenario: string;
  samples: number;
  warmup: number;
  /** One call over HTTP; answers its ms. `i` < 0 during the warm-up. */
  api(i: number): Promise<number>;
  /** The same work in direct SQL; answers its ms. */
  floor(i: number): Promise<number>;
  target: string;
  /** null when the scenario is only reported. */
  pass(api: Metrics): boolean | null;
  extra?: () => Promise<Record<string, unknown>>;
}

/** Runs a scenario over HTTP (measuring the server's peak memory), then its floor, and prints one line. */
export async function compare(ctx: BenchContext, c: Comparison): Promise<void> {
  process.stderr.write(`${ctx.engine}: ${c.scenario} (${c.samples} samples)…\n`);
  ctx.meter.reset();
  const api = metrics(await sample(c.samples, c.warmup, c.api));
  const peak = ctx.meter.peakMb();
  const floor = metrics(await sample(c.samples, c.warmup, c.floor));
  ctx.emit({
    scenario: c.scenario,
    ...api,
    floor,
    ratio_to_floor: ratio(api, floor, 'p50'),
    target: c.target,
    pass: c.pass(api),
    server_peak_rss_mb: peak,
    ...(c.extra ? await c.extra() : {}),
  });
}
