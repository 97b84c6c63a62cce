import { sql } from 'kysely';
import type { Deps } from '../context.js';
import type { AutomationRunsTable, Db } from '../db/database.js';
import { iso } from '../shared/clock.js';
import type { ActionEnv, ActionResult } from './actions/action-env.js';
import { runAction } from './actions/registry.js';
import { createRecordsAction } from './actions/record-actions.js';
import { authorView } from './author.js';
import { automationAt } from './automations.repository.js';
import type { Automation } from './automations.schema.js';
import { deleteJobs, runJobId } from './jobs.repository.js';
import { compileProgram, type Op, pathText, setOutput } from './program.js';
import { executeRun, type RunnerOptions } from './runner.js';
import type { StepLog, TriggerInfo } from './runs.repository.js';
import { loadScopes, readsRelated } from './scope.js';
import { upsertStep } from './steps.js';

export type ActionOp = Extract<Op, { kind: 'action' }>;

/** Actions that only write to the database: many runs of them can share one transaction. */
const local = new Set(['createRecord', 'updateRecord', 'upsert', 'setState', 'assign', 'notify']);

/** Runs per shared transaction: bigger is faster, but holds the database (SQLite: every request) longer. */
export const chunkSize = 100;

class Stale extends Error {}

/**
 * Whether a run can take the fast path: fresh (no step done, no retry), its condition already
 * known to hold, and a program of database-only actions without branches or waits.
 */
function fresh(run: AutomationRunsTable): boolean {
  return run.status === 'running' && run.cursor === 0 && run.attempts === 0 && run.condition_result === 1;
}
/** Whether a program can run for many runs at once: database-only actions, no branches or waits. */
export const straight = (program: Op[]): program is ActionOp[] =>
  program.every((op) => op.kind === 'action' && local.has(op.action.type));

/**
 * Executes many queued runs. Fresh runs of the same automation version whose actions only write
 * to the database run together, `chunkSize` at a time, each chunk in one transaction with their
 * run logs (and a createRecord step as one batch write): a crash repeats the whole chunk, never
 * half of it, and nothing of it was committed. A chunk that fails in any way is rolled back and
 * its runs go the ordinary way, one by one (`executeRun`: retries, failure logs, the author told),
 * as does every other run.
 */
export async function executeRuns(deps: Deps, runIds: string[], opts: RunnerOptions): Promise<void> {
  const rows: AutomationRunsTable[] = [];
  for (let i = 0; i < runIds.length; i += 500)
    rows.push(
      ...(await deps.db
        .selectFrom('automation_runs')
        .selectAll()
        .where('id', 'in', runIds.slice(i, i + 500))
        .execute()),
    );
  const groups = new Map<string, AutomationRunsTable[]>();
  for (const r of rows.filter(fresh)) {
    const key = `${r.automation_id}:${r.automation_version}`;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  const done = new Set<string>();
  for (const runs of groups.values()) {
    const automation = await automationAt(deps.db, runs[0].automation_id, runs[0].automation_version).catch(
      () => undefined,
    );
    const program = automation ? compileProgram(automation.actions) : [];
    if (!automation || !straight(program)) continue;
    for (let i = 0; i < runs.length; i += chunkSize) {
      const chunk = runs.slice(i, i + chunkSize);
      try {
        await runChunk(deps, automation, program, chunk);
        for (const r of chunk) done.add(r.id);
      } catch (e) {
        if (!(e instanceof Stale))
          console.warn(
            `[automations] ${chunk.length} runs of ${automation.id} go one by one:`,
            e instanceof Error ? e.message : e,
          );
      }
    }
  }
  for (const id of runIds) {
    if (done.has(id)) continue;
    try {
      await executeRun(deps, id, opts);
    } catch (err) {
      console.error(`[automations] run ${id} failed:`, err);
    }
  }
}

/** A run as the shared steps see it: where it stands, what fired it, its log so far. */
export interface StepState {
  formId: string | null;
  recordId: string | null;
  depth: number;
  trigger: TriggerInfo;
  steps: StepLog[];
  outputs: unknown[];
}

interface RunState extends StepState {
  run: AutomationRunsTable;
}

/**
 * Carries out every step of a straight program for many runs of one automation, in the caller's
 * transaction: a createRecord step as one batch write, other steps run by run. Each state gets
 * its steps logged and its outputs set; any failure throws (the caller rolls back).
 */
export async function runSteps(
  deps: Deps,
  tx: Db,
  automation: Automation,
  program: ActionOp[],
  states: StepState[],
): Promise<void> {
  const now = () => iso(deps.clock.now());
  const related = readsRelated(automation.actions);
  // The author's rights, resolved once for the whole chunk (an author who lost them fails it: the
  // one-by-one path then fails each run for good and switches the automation off).
  const view = await authorView(deps, tx, automation);
  for (const op of program) {
    const started = performance.now();
    const scopes = await loadScopes(
      deps,
      tx,
      states.map((s) => ({ formId: s.formId, recordId: s.recordId, trigger: s.trigger, outputs: s.outputs })),
      related,
      view,
    );
    // A record the author may not read (any more) is for the one-by-one path, which skips its run.
    if (scopes.some((rs) => rs.outOfScope))
      throw new Error('a trigger record is outside the author’s read scope');
    const envs: ActionEnv[] = states.map((s, i) => ({
      deps,
      db: tx,
      automation,
      rs: scopes[i],
      view,
      actor: { userId: null, departmentId: null, depth: s.depth + 1, onBehalfOf: view.users[0]?.id ?? null },
      dryRun: false,
      log: {},
    }));
    let results: ActionResult[];
    if (op.action.type === 'createRecord') results = await createRecordsAction(envs, op.action);
    else {
      results = [];
      for (const env of envs)
        results.push(await runAction(env, op.action as Parameters<typeof runAction>[1]));
    }
    // Each run's share of the chunk's time.
    const durationMs = Math.round((performance.now() - started) / states.length);
    const at = now();
    states.forEach((s, i) => {
      setOutput(s.outputs, op.path, results[i].output);
      upsertStep(s.steps, {
        path: pathText(op.path),
        type: op.action.type,
        input: results[i].input,
        output: results[i].output,
        durationMs,
        attempts: 1,
        at,
      });
    });
  }
}

/** All steps of a chunk of queued runs, then their run logs, in one transaction. */
async function runChunk(
  deps: Deps,
  automation: Automation,
  program: ActionOp[],
  runs: AutomationRunsTable[],
): Promise<void> {
  const startedAt = iso(deps.clock.now());
  await deps.db.transaction().execute(async (tx) => {
    const states: RunState[] = runs.map((run) => ({
      run,
      formId: run.form_id,
      recordId: run.record_id,
      depth: run.depth,
      trigger: JSON.parse(run.trigger) as TriggerInfo,
      steps: JSON.parse(run.steps) as StepLog[],
      outputs: JSON.parse(run.outputs) as unknown[],
    }));
    await runSteps(deps, tx, automation, program, states);
    const finished = await finishRuns(tx, states, program.length, startedAt, iso(deps.clock.now()));
    // Another worker moved a run on (our lease ran out): leave the whole chunk to the one-by-one path.
    if (finished !== states.length) throw new Stale();
    await deleteJobs(
      tx,
      runs.map((r) => runJobId(r.id)),
    );
  });
}

/**
 * Logs a chunk of runs as succeeded in one UPDATE (each run's own log through a CASE on its id),
 * only where a run still stands at its start; answers how many did.
 */
async function finishRuns(
  db: Db,
  states: RunState[],
  cursor: number,
  startedAt: string,
  finishedAt: string,
): Promise<number> {
  const ids = states.map((s) => s.run.id);
  const each = (value: (s: RunState) => string | null) =>
    sql`case id ${sql.join(
      states.map((s) => sql`when ${s.run.id} then ${value(s)}`),
      sql` `,
    )} end`;
  const r =
    await sql`update automation_runs set status = 'succeeded', cursor = ${cursor}, error = null, resume_at = null,
      started_at = coalesce(started_at, ${startedAt}), finished_at = ${finishedAt},
      steps = ${each((s) => JSON.stringify(s.steps))}, outputs = ${each((s) => JSON.stringify(s.outputs))}
    where id in (${sql.join(ids)}) and cursor = 0 and status = 'running'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
