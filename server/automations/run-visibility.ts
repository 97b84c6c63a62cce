import type { CurrentUser } from '../context.js';
import type { Db } from '../db/database.js';
import type { Automation } from './automations.schema.js';
import type { toRun } from './runs.repository.js';

type Run = ReturnType<typeof toRun>;

/** Quoted text in an error (`"底价 80 万" is already used`, 「已签约」) is where values appear. */
const redactText = (text: string) => text.replace(/"[^"]*"/g, '"…"').replace(/「[^」]*」/g, '「…」');

/**
 * A run as a manager who is neither an admin nor the author of the version that ran sees it:
 * status, timings, step types and errors (quoted values blanked), but no inputs, outputs, field
 * changes, payload or comment. The values a run keeps were limited to what its author may see,
 * which may be more than this manager may; `redacted: true` says so.
 */
function redactRun(run: Run): Run & { redacted: true } {
  const { event, eventId, from, to, state, userId, selected } = run.trigger;
  return {
    ...run,
    trigger: { event, eventId, from, to, state, userId, selected },
    steps: run.steps.map(({ input: _i, output: _o, error, ...s }) =>
      error ? { ...s, error: redactText(error) } : s,
    ),
    error: run.error && redactText(run.error),
    redacted: true,
  };
}

/** Runs of an automation as `user` may see them (see `redactRun`): in full for admins and each run's author. */
export async function visibleRuns(db: Db, user: CurrentUser, a: Automation, runs: Run[]): Promise<Run[]> {
  if (user.isAdmin || !runs.length) return runs;
  const versions = [...new Set(runs.map((r) => r.automationVersion))];
  const rows = await db
    .selectFrom('automation_versions')
    .select(['version', 'created_by'])
    .where('automation_id', '=', a.id)
    .where('version', 'in', versions)
    .execute();
  const author = new Map(rows.map((r) => [r.version, r.created_by]));
  return runs.map((r) => ((author.get(r.automationVersion) ?? a.createdBy) === user.id ? r : redactRun(r)));
}
