import type { Deps } from '../context.js';
import { checkFilter, filterPredicate } from '../filter/index.js';
import type { FormModel } from '../forms/form-model.js';
import type { Automation } from './automations.schema.js';
import { automationFilterContext, recordMatches, type RunScope } from './scope.js';

/**
 * Whether a run's record meets the automation's condition: true, false, or undefined when it
 * cannot be told here (no record, a condition that no longer fits the form). An undefined answer
 * makes a run anyway, which checks the condition itself and fails with the reason in the log.
 */
export type ConditionTest = (rs: RunScope) => boolean | undefined;

/**
 * The condition of an automation as a test over many records: checked and planned once, then
 * evaluated in memory per record. A condition with templates (`{{record.owner}}`) is rendered
 * per record, as the run would.
 */
export function conditionTest(deps: Deps, model: FormModel | undefined, a: Automation): ConditionTest {
  const now = deps.clock.now().getTime();
  const key = `${a.id}:${a.version}`;
  const hit = planned.get(key);
  if (hit && hit.model === model && Math.abs(now - hit.at) < (hit.relative ? reuseMs : Infinity))
    return hit.test;
  const test = plan(deps, model, a);
  if (planned.size >= maxPlanned) planned.clear();
  planned.set(key, {
    model,
    at: now,
    test,
    relative: relativeTime.test(JSON.stringify(a.condition ?? null)),
  });
  return test;
}

// Planned tests by automation version, while the form model they were planned against is the
// current one; a plan holding "now" for relative dates (-30d, today) only for a second.
const planned = new Map<
  string,
  { model: FormModel | undefined; at: number; test: ConditionTest; relative: boolean }
>();
const relativeTime = /"relative"|"today"|\{\{/;
const reuseMs = 1000;
const maxPlanned = 5000;

function plan(deps: Deps, model: FormModel | undefined, a: Automation): ConditionTest {
  const filter = a.condition;
  if (!filter) return () => true;
  if (!model) return () => undefined;
  if (JSON.stringify(filter).includes('{{')) {
    return (rs) => {
      try {
        return recordMatches(deps, rs, a, filter, '/condition');
      } catch {
        return undefined;
      }
    };
  }
  const fctx = automationFilterContext(deps, model, a);
  if (checkFilter(filter, fctx, '/condition').length) return () => undefined;
  const matches = filterPredicate(filter, fctx);
  return (rs) => {
    if (!rs.scope.record) return undefined;
    try {
      return matches(rs.scope.record);
    } catch {
      return undefined;
    }
  };
}
