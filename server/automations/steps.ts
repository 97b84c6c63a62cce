import type { Deps } from '../context.js';
import { AppError } from '../errors.js';
import { parseLocalDate, startOfLocalDay } from '../filter/time-zone.js';
import type { Automation, Action } from './automations.schema.js';
import { PermanentError } from './actions/action-env.js';
import { type RunScope, recordMatches } from './scope.js';
import type { StepLog } from './runs.repository.js';
import { evaluate, renderText, TemplateError } from './template.js';

/** Puts an action's log entry in the run log, replacing an earlier attempt's. */
export function upsertStep(steps: StepLog[], entry: StepLog): void {
  const i = steps.findIndex((s) => s.path === entry.path);
  if (i >= 0) steps[i] = entry;
  else steps.push(entry);
}

/** Whether a branch's condition holds for the trigger record. */
export function branchMatches(
  deps: Deps,
  rs: RunScope,
  automation: Automation,
  filter: Extract<Action, { type: 'branch' }>['if'],
  path: string,
): boolean {
  try {
    return recordMatches(deps, rs, automation, filter, `/actions/${path.replaceAll('.', '/')}/if`);
  } catch (e) {
    throw new PermanentError(e instanceof Error ? e.message : String(e));
  }
}

/**
 * When a `wait` ends: `for` an offset from now (`3d`, `2h`), or `until` a time (a template such
 * as `{{record.due}}`; a bare date means the start of that day in the server's time zone).
 */
export function waitUntil(a: Extract<Action, { type: 'wait' }>, rs: RunScope): Date {
  if (a.for) {
    const [, sign, n, unit] = /^([+-]?)(\d+)([hdwmy])$/.exec(a.for)!;
    return new Date(evaluate(`now ${sign || '+'} ${n}${unit}`, rs.scope) as string);
  }
  const text = renderText(a.until!, rs.scope).trim();
  const date = parseLocalDate(text);
  const when = date ? new Date(startOfLocalDay(date, rs.scope.timeZone)) : new Date(text);
  if (Number.isNaN(when.getTime())) throw new PermanentError(`wait: "${text.slice(0, 100)}" is not a time`);
  return when;
}

/** Failures that retrying cannot fix: configuration, missing records, values the form refuses. */
export function isPermanent(e: unknown): boolean {
  return (
    e instanceof PermanentError ||
    e instanceof TemplateError ||
    (e instanceof AppError && ['validation_failed', 'not_found', 'bad_request', 'forbidden'].includes(e.code))
  );
}

/** The delay before retry number `attempt` (1-based): base × 1, 4, 20 (30 s, 2 min, 10 min), then doubling. */
export function backoffMs(attempt: number, baseMs: number): number {
  return baseMs * ([1, 4, 20][attempt - 1] ?? 20 * 2 ** (attempt - 3));
}
