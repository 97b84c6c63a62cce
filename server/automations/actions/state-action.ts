import { transitionRecord } from '../../workflows/workflows.service.js';
import { checkUpdate } from '../author.js';
import type { Action } from '../automations.schema.js';
import { renderText } from '../template.js';
import { type ActionEnv, type ActionResult, triggerRecord } from './action-env.js';

/**
 * Moves the trigger record to another workflow state, as the system (no transition rules apply),
 * when the author may update it.
 */
export async function setStateAction(
  env: ActionEnv,
  a: Extract<Action, { type: 'setState' }>,
): Promise<ActionResult> {
  const { model, record } = triggerRecord(env);
  await env.view.writer(env.db, model, 'update');
  await checkUpdate(env.db, env.view, model, record.id);
  const comment = a.comment === undefined ? undefined : renderText(a.comment, env.rs.scope);
  const rec = await transitionRecord(
    env.deps,
    env.db,
    model,
    record.id,
    { to: a.to, ...(comment ? { comment } : {}) },
    env.actor,
    { system: true },
  );
  return {
    input: { recordId: record.id, to: a.to, comment },
    output: { id: rec.id, state: rec.state, version: rec.version },
  };
}
