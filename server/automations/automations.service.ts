import type { CurrentUser, Deps } from '../context.js';
import { notFound } from '../errors.js';
import { assertManage } from '../permissions/access.js';
import { iso } from '../shared/clock.js';
import { newId, newSecret } from '../shared/ids.js';
import { checkAutomation } from './automations.check.js';
import { findAutomation, saveAutomation } from './automations.repository.js';
import type { Automation, AutomationDef, AutomationInput } from './automations.schema.js';
import { syncSchedule } from './schedule.js';

/** 403 unless the caller is an admin or holds `manage` on the app (or on every app). */
export async function assertManager(deps: Deps, user: CurrentUser, appId: string): Promise<void> {
  await assertManage(
    deps.db,
    user,
    appId,
    undefined,
    'Only admins and managers of this app may see or change its automations',
  );
}

/** The document part of a request body, with a webhook trigger's id and secret filled in. */
function definitionOf(body: AutomationInput, previous?: Automation): AutomationDef {
  const {
    $schema: _s,
    id: _i,
    appId: _a,
    version: _v,
    createdBy: _cb,
    createdAt: _ca,
    updatedAt: _ua,
    ...def
  } = body;
  if (def.trigger.type === 'webhook') {
    const old = previous?.trigger.type === 'webhook' ? previous.trigger : undefined;
    def.trigger = {
      ...def.trigger,
      hookId: def.trigger.hookId ?? old?.hookId ?? newSecret(12),
      secret: def.trigger.secret ?? old?.secret ?? newSecret(24),
    };
  }
  return def;
}

/** Validates and stores a new automation (version 1) and schedules it. */
export async function createAutomation(
  deps: Deps,
  user: CurrentUser,
  appId: string,
  body: AutomationInput,
): Promise<Automation> {
  const app = await deps.db.selectFrom('apps').select('id').where('id', '=', appId).executeTakeFirst();
  if (!app) throw notFound('App');
  await assertManager(deps, user, appId);
  const def = definitionOf(body);
  await checkAutomation(deps.db, deps, appId, def, user.id);
  const now = deps.clock.now();
  const a: Automation = {
    ...def,
    id: newId('aut'),
    appId,
    version: 1,
    createdBy: user.id,
    createdAt: iso(now),
    updatedAt: iso(now),
  };
  await deps.db.transaction().execute(async (tx) => {
    await saveAutomation(tx, a, user.id);
    await syncSchedule(tx, a, now, deps.config.timeZone);
  });
  return a;
}

/**
 * Replaces an automation's definition as a new version (earlier versions are kept). The editor
 * becomes its author (`createdBy`): an automation acts with the rights of whoever last defined
 * what it does, so a manager cannot borrow an admin's rights by editing the admin's automation,
 * and saving one that was switched off because its author lost their rights revives it.
 */
export async function updateAutomation(
  deps: Deps,
  user: CurrentUser,
  id: string,
  body: AutomationInput,
): Promise<Automation> {
  const current = await findAutomation(deps.db, id);
  await assertManager(deps, user, current.appId);
  const def = definitionOf(body, current);
  await checkAutomation(deps.db, deps, current.appId, def, user.id);
  const now = deps.clock.now();
  const a: Automation = {
    ...def,
    id,
    appId: current.appId,
    version: current.version + 1,
    createdBy: user.id,
    createdAt: current.createdAt,
    updatedAt: iso(now),
  };
  await deps.db.transaction().execute(async (tx) => {
    await saveAutomation(tx, a, user.id);
    await syncSchedule(tx, a, now, deps.config.timeZone);
  });
  return a;
}
