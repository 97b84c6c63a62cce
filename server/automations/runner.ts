import type { Deps } from '../context.js';
import type { AutomationRunsTable, Db } from '../db/database.js';
import { notify } from '../notifications/notifications.service.js';
import { iso } from '../shared/clock.js';
import { type ActionEnv, errorText } from './actions/action-env.js';
import { isExternal, runAction } from './actions/registry.js';
import { type AccessView, AuthorRevoked, authorView } from './author.js';
import { automationAt } from './automations.repository.js';
import type { Action, Automation } from './automations.schema.js';
import { deleteJob, queueRun, runJobId } from './jobs.repository.js';
import { compileProgram, pathText, setOutput } from './program.js';
import { findRun, type StepLog, type TriggerInfo } from './runs.repository.js';
import { switchOff } from './revoked.js';
import { loadScope, recordMatches } from './scope.js';
import { backoffMs, branchMatches, isPermanent, upsertStep, waitUntil } from './steps.js';

export interface RunnerOptions {
  /** The first retry delay; later ones are 4× and 20× it (default 30 s: 30 s, 2 min, 10 min). */
  retryBaseMs: number;
}

/** Another worker moved this run on (its lease ran out while we were busy): stop quietly. */
class StaleRun extends Error {}

type RunPatch = Partial<Omit<AutomationRunsTable, 'id'>>;

/**
 * Executes a queued run from where it stands (`cursor`): the condition first, then each step.
 * Every action commits in one transaction with the run log, so a crash repeats at most the
 * action in flight (and never one whose record writes were committed); webhooks run outside
 * any transaction. A failing action is retried with backoff, then the run fails and its author
 * is told; a `wait` parks the run until its time. The run reads and writes with its author's
 * rights; when the author lost them (`authorView`), it fails at once and the automation is
 * switched off (`switchOff`).
 */
export async function executeRun(deps: Deps, runId: string, opts: RunnerOptions): Promise<void> {
  const run = await deps.db
    .selectFrom('automation_runs')
    .selectAll()
    .where('id', '=', runId)
    .executeTakeFirst();
  if (!run || (run.status !== 'running' && run.status !== 'waiting')) {
    await deleteJob(deps.db, runJobId(runId));
    return;
  }
  const automation = await automationAt(deps.db, run.automation_id, run.automation_version);
  const program = compileProgram(automation.actions);
  const trigger = JSON.parse(run.trigger) as TriggerInfo;
  const steps = JSON.parse(run.steps) as StepLog[];
  const outputs = JSON.parse(run.outputs) as unknown[];
  const source = { formId: run.form_id, recordId: run.record_id, trigger, outputs };
  const now = () => iso(deps.clock.now());
  let persisted = run.cursor;
  // A run whose condition was checked at dispatch starts with its first step.
  const startedAt = run.started_at ?? now();

  /** Saves progress if the run still stands where this worker left it. */
  const save = async (db: Db, patch: RunPatch) => {
    const r = await db
      .updateTable('automation_runs')
      .set({ started_at: startedAt, ...patch })
      .where('id', '=', runId)
      .where('cursor', '=', persisted)
      .where('status', 'in', ['running', 'waiting'])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new StaleRun();
    if (patch.cursor !== undefined) persisted = patch.cursor;
  };
  const finish = (
    status: 'succeeded' | 'failed' | 'skipped',
    error: string | null,
    extra: RunPatch = {},
    revoked = false,
  ) =>
    deps.db.transaction().execute(async (tx) => {
      await save(tx, {
        ...extra,
        status,
        error,
        finished_at: now(),
        resume_at: null,
        steps: JSON.stringify(steps),
        outputs: JSON.stringify(outputs),
      });
      await deleteJob(tx, runJobId(runId));
      if (revoked) await switchOff(deps, tx, automation, error!);
      else if (status === 'failed') await tellAuthor(deps, tx, automation, run, error);
    });

  try {
    // The run acts with its author's rights: resolved once, then every record read and write goes through them.
    let view: AccessView;
    try {
      view = await authorView(deps, deps.db, automation);
    } catch (e) {
      if (!(e instanceof AuthorRevoked)) throw e;
      return await finish('failed', e.message, { started_at: now() }, true);
    }
    if (run.condition_result === null) {
      let ok: boolean;
      try {
        const rs = await loadScope(deps, deps.db, source, view);
        if (rs.outOfScope)
          return await finish(
            'skipped',
            "The trigger record is outside what the automation's author may read",
            { condition_result: 0, started_at: now() },
          );
        ok = !!trigger.selected || recordMatches(deps, rs, automation, automation.condition, '/condition');
      } catch (e) {
        return await finish('failed', `condition: ${errorText(e)}`, {
          condition_result: 0,
          started_at: now(),
        });
      }
      if (!ok) return await finish('skipped', null, { condition_result: 0, started_at: now() });
      await save(deps.db, { condition_result: 1, started_at: now() });
    }
    let cursor = run.cursor;
    let attempts = run.attempts;
    while (cursor < program.length) {
      const op = program[cursor];
      if (op.kind === 'jump') {
        cursor = op.to;
        continue;
      }
      const path = pathText(op.path);
      const started = performance.now();
      const entry = (e: Partial<StepLog>): StepLog => ({
        path,
        type: op.action.type,
        durationMs: Math.round(performance.now() - started),
        attempts: attempts + 1,
        at: now(),
        ...e,
      });
      if (op.kind === 'branch' || op.action.type === 'wait') {
        let next: number;
        let until: Date | undefined;
        try {
          const rs = await loadScope(deps, deps.db, source, view);
          if (op.kind === 'branch') {
            const matched = branchMatches(deps, rs, automation, op.action.if, path);
            setOutput(outputs, op.path, { matched });
            upsertStep(steps, entry({ output: { matched } }));
            next = matched ? cursor + 1 : op.elseAt;
          } else {
            until = waitUntil(op.action as Extract<Action, { type: 'wait' }>, rs);
            setOutput(outputs, op.path, { until: until.toISOString() });
            upsertStep(steps, entry({ output: { until: until.toISOString() } }));
            next = cursor + 1;
          }
        } catch (e) {
          upsertStep(steps, entry({ error: errorText(e) }));
          return await finish('failed', errorText(e));
        }
        const parked = until && until.getTime() > deps.clock.now().getTime() ? iso(until) : null;
        await deps.db.transaction().execute(async (tx) => {
          await save(tx, {
            cursor: next,
            attempts: 0,
            status: parked ? 'waiting' : 'running',
            resume_at: parked,
            steps: JSON.stringify(steps),
            outputs: JSON.stringify(outputs),
          });
          if (parked) await queueRun(tx, automation.id, runId, parked, now());
        });
        if (parked) return;
        cursor = next;
        attempts = 0;
        continue;
      }
      const action = op.action;
      const log: ActionEnv['log'] = {};
      const attempt = async (db: Db) => {
        const env: ActionEnv = {
          deps,
          db,
          automation,
          rs: await loadScope(deps, db, source, view),
          view,
          actor: {
            userId: null,
            departmentId: null,
            depth: run.depth + 1,
            onBehalfOf: view.users[0]?.id ?? null,
          },
          dryRun: false,
          log,
        };
        const result = await runAction(env, action);
        setOutput(outputs, op.path, result.output);
        upsertStep(steps, entry({ input: result.input, output: result.output }));
        return {
          cursor: cursor + 1,
          attempts: 0,
          status: 'running',
          error: null,
          resume_at: null,
          steps: JSON.stringify(steps),
          outputs: JSON.stringify(outputs),
        } satisfies RunPatch;
      };
      try {
        if (isExternal(action)) {
          const patch = await attempt(deps.db);
          await save(deps.db, patch);
        } else await deps.db.transaction().execute(async (tx) => save(tx, await attempt(tx)));
      } catch (e) {
        if (e instanceof StaleRun) throw e;
        const error = errorText(e);
        attempts += 1;
        upsertStep(steps, { ...entry({ input: log.input, error }), attempts });
        const retries = automation.options?.retries ?? 3;
        if (isPermanent(e) || attempts > retries)
          return await finish('failed', `${action.type} (step ${path}): ${error}`, { attempts });
        const retryAt = iso(new Date(deps.clock.now().getTime() + backoffMs(attempts, opts.retryBaseMs)));
        await deps.db.transaction().execute(async (tx) => {
          await save(tx, {
            attempts,
            status: 'running',
            error,
            resume_at: retryAt,
            steps: JSON.stringify(steps),
          });
          await queueRun(tx, automation.id, runId, retryAt, now());
        });
        return;
      }
      cursor += 1;
      attempts = 0;
    }
    await finish('succeeded', null, { cursor });
  } catch (e) {
    if (!(e instanceof StaleRun)) throw e;
  }
}

/** Tells the automation's author that a run failed for good. */
async function tellAuthor(
  deps: Deps,
  db: Db,
  automation: Automation,
  run: AutomationRunsTable,
  error: string | null,
): Promise<void> {
  if (!automation.createdBy) return;
  await notify(db, deps, {
    userIds: [automation.createdBy],
    title: `自动化「${automation.name}」运行失败 / Automation "${automation.name}" failed`,
    body: error ?? undefined,
    formId: run.form_id ?? undefined,
    recordId: run.record_id ?? undefined,
    source: `automation:${automation.id}`,
  });
}

/** Re-queues a failed run: it continues at the failed action with fresh attempts. */
export async function retryRun(deps: Deps, runId: string): Promise<void> {
  const run = await findRun(deps.db, runId);
  const at = iso(deps.clock.now());
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('automation_runs')
      .set({
        status: 'running',
        attempts: 0,
        error: null,
        finished_at: null,
        resume_at: null,
        ...(run.condition_result === 0 ? { condition_result: null } : {}),
      })
      .where('id', '=', runId)
      .execute();
    await queueRun(tx, run.automation_id, runId, at, at);
  });
}
