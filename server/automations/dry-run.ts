import type { CurrentUser, Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import { assertInScope, recordContext } from '../permissions/record-access.js';
import { iso } from '../shared/clock.js';
import { type ActionEnv, errorText } from './actions/action-env.js';
import { runAction } from './actions/registry.js';
import { type AccessView, AuthorRevoked, authorView } from './author.js';
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
 * A record the caller may not read is a 404, as if it did not exist; the run acts with the
 * author's rights and shows only what both the author and the caller may see.
 */
export async function dryRun(
  deps: Deps,
  caller: CurrentUser,
  a: Automation,
  input: { recordId?: string; payload?: unknown },
): Promise<DryRunResult> {
  const formId = 'formId' in a.trigger ? (a.trigger.formId ?? null) : null;
  if (input.recordId) {
    if (!formId) throw notFound('Record');
    const rc = await recordContext(deps.db, deps, caller, formId, 'read').catch((e) => {
      throw e instanceof AppError && e.code === 'forbidden' ? notFound('Record') : e;
    });
    await assertInScope(deps.db, rc, input.recordId, 'read', true);
  }
  let result: DryRunResult | undefined;
  try {
    await deps.db.transaction().execute(async (tx) => {
      result = await simulate(deps, tx, caller, a, input);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return result!;
}

async function simulate(
  deps: Deps,
  tx: Db,
  caller: CurrentUser,
  a: Automation,
  input: { recordId?: string; payload?: unknown },
): Promise<DryRunResult> {
  const formId = 'formId' in a.trigger ? (a.trigger.formId ?? null) : null;
  const outputs: unknown[] = [];
  const steps: StepLog[] = [];
  let view: AccessView;
  try {
    view = await authorView(deps, tx, a, caller);
  } catch (e) {
    if (e instanceof AuthorRevoked)
      return { conditionResult: false, status: 'failed', error: e.message, steps };
    throw e;
  }
  const source = {
    formId,
    recordId: input.recordId ?? null,
    trigger: { event: 'test', payload: input.payload ?? null },
    outputs,
  };
  const now = () => iso(deps.clock.now());
  let conditionResult: boolean;
  try {
    const rs = await loadScope(deps, tx, source, view);
    if (rs.outOfScope)
      return {
        conditionResult: false,
        status: 'skipped',
        error: "The record is outside what the automation's author may read",
        steps,
      };
    conditionResult =
      !a.condition || (rs.record ? recordMatches(deps, rs, a, a.condition, '/condition') : true);
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
    const entry = (e: Partial<StepLog>): StepLog => ({
      path,
      type: op.action.type,
      durationMs: Math.round(performance.now() - started),
      attempts: 1,
      at: now(),
      ...e,
    });
    try {
      const rs = await loadScope(deps, tx, source, view);
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
        const r = await runAction(
          {
            deps,
            db: tx,
            automation: a,
            rs,
            view,
            actor: { userId: null, departmentId: null, depth: 1, onBehalfOf: view.users[0]?.id ?? null },
            dryRun: true,
            log,
          },
          op.action,
        );
        output = r.output;
        upsertStep(steps, entry({ input: r.input, output }));
      }
      setOutput(outputs, op.path, output);
      cursor = next;
    } catch (e) {
      upsertStep(steps, entry({ input: log.input, error: errorText(e) }));
      return {
        conditionResult,
        status: 'failed',
        error: `${op.action.type} (step ${path}): ${errorText(e)}`,
        steps,
      };
    }
  }
  return { conditionResult, status: 'succeeded', error: null, steps };
}
