import type { Action, BranchAction } from '../automations.schema.js';
import type { ActionEnv, ActionResult } from './action-env.js';
import { assignAction, notifyAction } from './people-actions.js';
import { createRecordAction, updateRecordAction, upsertAction } from './record-actions.js';
import { setStateAction } from './state-action.js';
import { webhookAction } from './webhook-action.js';

type Runnable = Exclude<Action, BranchAction | { type: 'wait' }>;
type Executor<A> = (env: ActionEnv, action: A) => Promise<ActionResult>;

/** The executor of each action type; `branch` and `wait` are steered by the runner itself. */
export const executors: { [T in Runnable['type']]: Executor<Extract<Runnable, { type: T }>> } = {
  createRecord: createRecordAction,
  updateRecord: updateRecordAction,
  upsert: upsertAction,
  setState: setStateAction,
  assign: assignAction,
  notify: notifyAction,
  webhook: webhookAction,
};

/** Actions that talk to the outside world: run outside a transaction, never in a dry run. */
export const isExternal = (a: Action) => a.type === 'webhook';

export function runAction(env: ActionEnv, a: Runnable): Promise<ActionResult> {
  return (executors[a.type] as Executor<Runnable>)(env, a);
}
