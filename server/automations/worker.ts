import type { Deps } from '../context.js';
import { iso } from '../shared/clock.js';
import { dispatchEvents } from './dispatch.js';
import { claimJobs } from './jobs.repository.js';
import { executeRun } from './runner.js';
import { pruneRuns } from './runs.repository.js';
import { fireSchedule } from './schedule.js';
import { onWake } from './wake.js';

export interface WorkerOptions {
  /** First retry delay (then ×4, ×20); default 30 s. */
  retryBaseMs?: number;
  /** How long a claimed event or job is ours before another worker may take it; default 5 min. */
  leaseMs?: number;
  /** Events and jobs claimed at a time; default 100. */
  batch?: number;
  /** Poll interval of `startWorker`; default 1 s (TESSERA_WORKER_INTERVAL_MS). */
  intervalMs?: number;
  /** Finished runs are deleted after this many days; default 30 (TESSERA_RUN_RETENTION_DAYS). */
  retentionDays?: number;
}

const resolve = (o: WorkerOptions) => ({
  retryBaseMs: o.retryBaseMs ?? 30_000,
  leaseMs: o.leaseMs ?? 5 * 60_000,
  batch: o.batch ?? 100,
  intervalMs: o.intervalMs ?? Number(process.env.TESSERA_WORKER_INTERVAL_MS ?? 1000),
  retentionDays: o.retentionDays ?? Number(process.env.TESSERA_RUN_RETENTION_DAYS ?? 30),
});

// When each database handle last pruned the run log (once an hour is enough).
const lastPrune = new WeakMap<object, number>();

/**
 * One pass of the automation worker: prunes old runs (hourly), turns outbox events into runs,
 * then executes due jobs (runs, resumed waits and retries, schedule firings) until none is due.
 * Safe to call from several processes at once. Tests call it instead of waiting for the timer.
 */
export async function runWorkerOnce(deps: Deps, options: WorkerOptions = {}): Promise<{ events: number; runs: number; jobs: number; pruned: number }> {
  const o = resolve(options);
  const now = deps.clock.now().getTime();
  let pruned = 0;
  if (now - (lastPrune.get(deps.db) ?? -Infinity) >= 3_600_000) {
    lastPrune.set(deps.db, now);
    pruned = await pruneRuns(deps.db, iso(new Date(now - o.retentionDays * 86_400_000)));
  }
  const { events, runs } = await dispatchEvents(deps, o.leaseMs, o.batch);
  let jobs = 0;
  for (let round = 0; round < 50; round++) {
    const t = deps.clock.now();
    const claimed = await claimJobs(deps.db, deps.engine, iso(t), iso(new Date(t.getTime() + o.leaseMs)), o.batch);
    if (!claimed.length) break;
    for (const job of claimed) {
      try {
        if (job.kind === 'schedule') await fireSchedule(deps, job);
        else if (job.run_id) await executeRun(deps, job.run_id, o);
      } catch (err) {
        console.error(`[automations] job ${job.id} failed:`, err);
      }
      jobs++;
    }
  }
  return { events, runs, jobs, pruned };
}

export interface Worker {
  stop(): Promise<void>;
}

/** Runs the worker every `intervalMs` (and at once, to catch up after a restart) until stopped. */
export function startWorker(deps: Deps, options: WorkerOptions = {}): Worker {
  const o = resolve(options);
  let current: Promise<unknown> | null = null;
  let again = false;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    if (current) {
      again = true;
      return;
    }
    current = runWorkerOnce(deps, options)
      .catch((err) => console.error('[automations] worker pass failed:', err))
      .finally(() => {
        current = null;
        if (again && !stopped) {
          again = false;
          tick();
        }
      });
  };
  const timer = setInterval(tick, o.intervalMs);
  timer.unref?.();
  const unsubscribe = onWake(tick);
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await current;
    },
  };
}
