import type { Deps } from '../context.js';
import { iso } from '../shared/clock.js';
import { dispatchEvents } from './dispatch.js';
import { executeRuns } from './batch-runner.js';
import { claimJobs, hasWork } from './jobs.repository.js';
import { pruneRuns } from './runs.repository.js';
import { fireSchedule } from './schedule.js';
import { onWake } from './wake.js';

export interface WorkerOptions {
  /** First retry delay (then ×4, ×20); default 30 s. */
  retryBaseMs?: number;
  /** How long a claimed event or job is ours before another worker may take it; default 5 min. */
  leaseMs?: number;
  /** Events and jobs claimed at a time; default 500. */
  batch?: number;
  /** Poll interval of `startWorker`; default 1 s (TESSERA_WORKER_INTERVAL_MS). */
  intervalMs?: number;
  /** How often an idle `startWorker` looks (one cheap query) whether there is work; default 50 ms (TESSERA_WORKER_PROBE_MS). */
  probeMs?: number;
  /** Finished runs are deleted after this many days; default 30 (TESSERA_RUN_RETENTION_DAYS). */
  retentionDays?: number;
}

const resolve = (o: WorkerOptions) => ({
  retryBaseMs: o.retryBaseMs ?? 30_000,
  leaseMs: o.leaseMs ?? 5 * 60_000,
  batch: o.batch ?? 500,
  intervalMs: o.intervalMs ?? Number(process.env.TESSERA_WORKER_INTERVAL_MS ?? 1000),
  probeMs: o.probeMs ?? Number(process.env.TESSERA_WORKER_PROBE_MS ?? 50),
  retentionDays: o.retentionDays ?? Number(process.env.TESSERA_RUN_RETENTION_DAYS ?? 30),
});

// A pass stops taking more jobs after this long, so new events are dispatched in between.
const jobBudgetMs = 1000;

// When each database handle last pruned the run log (once an hour is enough).
const lastPrune = new WeakMap<object, number>();

/**
 * One pass of the automation worker: prunes old runs (hourly), turns outbox events into runs,
 * then executes due jobs (runs, resumed waits and retries, schedule firings) until none is due.
 * Safe to call from several processes at once. Tests call it instead of waiting for the timer.
 */
export async function runWorkerOnce(
  deps: Deps,
  options: WorkerOptions = {},
): Promise<{ events: number; runs: number; jobs: number; pruned: number; more: boolean }> {
  const o = resolve(options);
  const now = deps.clock.now().getTime();
  let pruned = 0;
  if (now - (lastPrune.get(deps.db) ?? -Infinity) >= 3_600_000) {
    lastPrune.set(deps.db, now);
    pruned = await pruneRuns(deps.db, iso(new Date(now - o.retentionDays * 86_400_000)));
  }
  const { events, runs, more: moreEvents } = await dispatchEvents(deps, o.leaseMs, o.batch);
  let jobs = 0;
  let moreJobs = false;
  const started = performance.now();
  for (let round = 0; ; round++) {
    if (round >= 50 || performance.now() - started >= jobBudgetMs) {
      moreJobs = true;
      break;
    }
    const t = deps.clock.now();
    const claimed = await claimJobs(
      deps.db,
      deps.engine,
      iso(t),
      iso(new Date(t.getTime() + o.leaseMs)),
      o.batch,
    );
    if (!claimed.length) break;
    const runIds: string[] = [];
    for (const job of claimed) {
      if (job.run_id) runIds.push(job.run_id);
      else if (job.kind === 'schedule') {
        try {
          await fireSchedule(deps, job);
        } catch (err) {
          console.error(`[automations] job ${job.id} failed:`, err);
        }
      }
    }
    await executeRuns(deps, runIds, o);
    jobs += claimed.length;
  }
  return { events, runs, jobs, pruned, more: moreEvents || moreJobs };
}

export interface Worker {
  stop(): Promise<void>;
}

/**
 * Runs the worker until stopped: at once (to catch up after a restart), again right after a pass
 * that stopped at a limit, when woken (`wakeWorker`), and every `intervalMs`. Between passes it looks
 * every `probeMs` whether events or due jobs are waiting (also ones written by other processes),
 * so an event's runs start within that time.
 */
export function startWorker(deps: Deps, options: WorkerOptions = {}): Worker {
  const o = resolve(options);
  let current: Promise<unknown> | null = null;
  let again = false;
  let stopped = false;
  let probing = false;
  const tick = () => {
    if (stopped) return;
    if (current) {
      again = true;
      return;
    }
    current = runWorkerOnce(deps, options)
      .then((r) => {
        // Only a pass that stopped at a limit goes again at once; after a smaller one the next
        // probe finds what came meanwhile, so events are handled in batches, not one pass each.
        if (r.more) again = true;
      })
      .catch((err) => console.error('[automations] worker pass failed:', err))
      .finally(() => {
        current = null;
        if (again && !stopped) {
          again = false;
          setImmediate(tick);
        }
      });
  };
  const probe = () => {
    if (stopped || current || probing) return;
    probing = true;
    hasWork(deps.db, iso(deps.clock.now()))
      .then((found) => found && tick())
      .catch(() => undefined)
      .finally(() => (probing = false));
  };
  const timer = setInterval(tick, o.intervalMs);
  const prober = setInterval(probe, o.probeMs);
  timer.unref?.();
  prober.unref?.();
  const unsubscribe = onWake(tick);
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(prober);
      unsubscribe();
      await current;
    },
  };
}
