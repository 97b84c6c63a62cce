import type { Deps } from '../../context.js';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../records/records.write.js';
import type { AccessView } from '../author.js';
import type { Automation } from '../automations.schema.js';
import type { RunScope } from '../scope.js';

/** What an action runs with: a transaction (or, for external calls, the database), the scope and who writes. */
export interface ActionEnv {
  deps: Deps;
  db: Db;
  automation: Automation;
  rs: RunScope;
  /** The author's rights (and a dry run's caller's): what the run may read and write. */
  view: AccessView;
  /** Writes are made by no person (`userId` null) one level deeper in the automation chain. */
  actor: Actor;
  /** A dry run: nothing leaves the server (webhooks are described, not sent). */
  dryRun: boolean;
  /** Executors put their rendered input here first, so a failure's log shows what was tried. */
  log: { input?: unknown };
}

/** An action's rendered input (for the log) and its result (for `{{steps.<n>…}}`). */
export interface ActionResult {
  input: unknown;
  output: unknown;
}

/** An action failure that retrying cannot fix (bad configuration, missing record). */
export class PermanentError extends Error {}

/** An error as one line for the run log, with validation details. */
export function errorText(e: unknown): string {
  if (e instanceof AppError)
    return e.details.length
      ? `${e.message} (${e.details.map((d) => `${d.path}: ${d.message}`).join('; ')})`
      : e.message;
  return e instanceof Error ? e.message : String(e);
}

/** The trigger record, or a permanent failure when the automation has none. */
export function triggerRecord(env: ActionEnv) {
  const { model, record } = env.rs;
  if (env.rs.outOfScope)
    throw new PermanentError("The trigger record is outside what the automation's author may read");
  if (!model || !record) throw new PermanentError('This action needs a trigger record');
  if (record.deletedAt) throw new PermanentError('The trigger record is in the recycle bin');
  return { model, record };
}
