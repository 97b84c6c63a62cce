import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import { loadModel } from '../forms/model-cache.js';
import { findRows } from '../records/records.repository.js';
import { iso } from '../shared/clock.js';
import { type ActionEnv, errorText } from './actions/action-env.js';
import { runAction } from './actions/registry.js';
import type { Automation } from './automations.schema.js';
import { compileProgram, pathText, setOutput } from './program.js';
import type { StepLog } from './runs.repository.js';
import { loadScope, recordMatches } from './scope.js';
import { branchMatches, upsertStep, waitUntil } from './steps.js';

export interface DryRunResult {
  conditionResult: boolean;
  status: 'succeeded' | 'failed' | 'skipped';
  error: string | null;
  steps: StepLog[];
}

class Rollback extends Error {}

/**
 * What the automation would do for a record (or a webhook payload): every step runs for real
 * inside one transaction that is then rolled back, so the answer shows created ids and computed
 * values while nothing is kept. Webhooks are described, not sent; waits are reported and passed.
 */
export async function dryRun(deps: Deps, a: Automation, input: { recordId?: string; payload?: unknown }): Promise<DryRunResult> {
  let result: DryRunResult | undefined;
  try {
    await deps.db.transaction().execute(async (tx) => {
      result = await simulate(deps, tx, a, input);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return result!;
}

async function simulate(deps: Deps, tx: Db, a: Automation, input: { recordId?: string; payload?: unknown }): Promise<DryRunResult> {
  const formId = 'formId' in a.trigger ? (a.trigger.formId ?? null) : null;
  if (input.recordId) {
    if (!formId) throw notFound('Record');
    const [row] = await findRows(tx, await loadModel(tx, formId), [input.recordId], true);
    if (!row) throw notFound('Record');
  }
  const outputs: unknown[] = [];
  const steps: StepLog[] = [];
  const source = { formId, recordId: input.recordId ?? null, trigger: { event: 'test', payload: input.payload ?? null }, outputs };
  const now = () => iso(deps.clock.now());
  let conditionResult: boolean;
  try {
    const rs = await loadScope(deps, tx, source);
    conditionResult = !a.condition || (rs.record ? recordMatches(deps, rs, a, a.condition, '/condition') : true);
  } catch (e) {
    return { conditionResult: false, status: 'failed', error: `condition: ${errorText(e)}`, steps };
  }
  if (!conditionResult) return { conditionResult, status: 'skipped', error: null, steps };
  const program = compileProgram(a.actions);
  let cursor = 0;
  while (cursor < program.length) {
    const op = program[cursor];
    if (op.kind === 'jump') {
      cursor = op.to;
      continue;
    }
    const path = pathText(op.path);
    const started = performance.now();
    const log: ActionEnv['log'] = {};
    const entry = (e: Partial<StepLog>): StepLog => ({ path, type: op.action.type, durationMs: Math.round(performance.now() - started), attempts: 1, at: now(), ...e });
    try {
      const rs = await loadScope(deps, tx, source);
      let output: unknown;
      let next = cursor + 1;
      if (op.kind === 'branch') {
        const matched = branchMatches(deps, rs, a, op.action.if, path);
        output = { matched };
        if (!matched) next = op.elseAt;
        upsertStep(steps, entry({ output }));
      } else if (op.action.type === 'wait') {
        output = { until: waitUntil(op.action, rs).toISOString() };
        upsertStep(steps, entry({ output }));
      } else {
        const r = await runAction({ deps, db: tx, automation: a, rs, actor: { userId: null, departmentId: null, depth: 1 }, dryRun: true, log }, op.action);
        output = r.output;
        upsertStep(steps, entry({ input: r.input, output }));
      }
      setOutput(outputs, op.path, output);
      cursor = next;
    } catch (e) {
      upsertStep(steps, entry({ input: log.input, error: errorText(e) }));
      return { conditionResult, status: 'failed', error: `${op.action.type} (step ${path}): ${errorText(e)}`, steps };
    }
  }
  return { conditionResult, status: 'succeeded', error: null, steps };
}
