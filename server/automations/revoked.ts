import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { notify } from '../notifications/notifications.service.js';
import { grantCovers } from '../permissions/access.js';
import type { Grant } from '../permissions/permissions.schema.js';
import { iso } from '../shared/clock.js';
import type { Automation } from './automations.schema.js';
import { setSchedule } from './jobs.repository.js';

/** Active users holding `manage` on the app (directly or through a department), else the active admins. */
export async function appManagers(db: Db, appId: string): Promise<string[]> {
  const roles = await db.selectFrom('roles').select(['id', 'grants']).execute();
  const manages = (g: Grant) => g.actions.includes('manage') && grantCovers(g, appId);
  const managing = roles.filter((r) => (JSON.parse(r.grants) as Grant[]).some(manages)).map((r) => r.id);
  const ids = new Set<string>();
  if (managing.length) {
    const direct = await db
      .selectFrom('user_roles')
      .select('user_id')
      .where('role_id', 'in', managing)
      .execute();
    const viaDept = await db
      .selectFrom('department_roles')
      .innerJoin('user_departments', 'user_departments.department_id', 'department_roles.department_id')
      .select('user_departments.user_id')
      .where('department_roles.role_id', 'in', managing)
      .execute();
    for (const r of [...direct, ...viaDept]) ids.add(r.user_id);
  }
  const users = db.selectFrom('users').select('id').where('active', '=', 1);
  const managers = ids.size ? await users.where('id', 'in', [...ids]).execute() : [];
  return (managers.length ? managers : await users.where('is_admin', '=', 1).execute()).map((r) => r.id);
}

/**
 * Switches off an automation whose author lost the rights it acts with, in the caller's
 * transaction, and tells the app's managers (else the admins) why. Only the call that actually
 * switches it off notifies, so they hear once per automation however many runs were queued.
 * Saving it again (PUT, by a manager who then becomes its author) switches it back on.
 */
export async function switchOff(deps: Deps, db: Db, a: Automation, reason: string): Promise<void> {
  const now = deps.clock.now();
  const r = await db
    .updateTable('automations')
    .set({ enabled: 0 })
    .where('id', '=', a.id)
    .where('enabled', '=', 1)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return;
  await setSchedule(db, a.id, null, iso(now));
  await notify(db, deps, {
    userIds: await appManagers(db, a.appId),
    title: `自动化「${a.name}」已停用 / Automation "${a.name}" was switched off`,
    body: `${reason}. Its runs stop until a manager saves it again and so becomes its author.`,
    source: `automation:${a.id}`,
  });
}
