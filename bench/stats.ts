export interface Metrics {
  samples: number;
  throughput_per_s: number;
  p50_ms: number;
  p95_ms: number;
}

export const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile of samples (ms). */
export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/**
 * Metrics of sequentially timed operations (ms each) that handled `records` records in all
 * (one each unless told): throughput is records per second of the operations' own time.
 */
export function metrics(samples: number[], records = samples.length): Metrics {
  const busy = samples.reduce((a, b) => a + b, 0);
  return {
    samples: samples.length,
    throughput_per_s: round((records * 1000) / busy, 1),
    p50_ms: round(percentile(samples, 50)),
    p95_ms: round(percentile(samples, 95)),
  };
}

/** Runs `op` `warmup` times untimed, then `n` times sequentially, answering each run's ms. */
export async function sample(
  n: number,
  warmup: number,
  op: (i: number) => Promise<number>,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await op(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await op(i));
  return out;
}

/** One line of output; `n` is the number of records in the table when it was measured. */
export interface ResultLine {
  scenario: string;
  engine: string;
  n: number;
  samples: number | null;
  throughput_per_s: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  floor: (Partial<Metrics> & Record<string, unknown>) | null;
  ratio_to_floor: number | null;
  target: string;
  pass: boolean | null;
  server_peak_rss_mb: number;
  [extra: string]: unknown;
}

/** How many times slower than the floor: by throughput for writes in bulk, else by p50. */
export function ratio(api: Metrics, floor: Metrics, by: 'throughput' | 'p50'): number {
  return by === 'throughput'
    ? round(floor.throughput_per_s / api.throughput_per_s, 2)
    : round(api.p50_ms / Math.max(floor.p50_ms, 0.001), 2);
}
