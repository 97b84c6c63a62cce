import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { notify } from '../../notifications/notifications.service.js';
import { takeCounter } from '../../records/autonumber.js';
import { dyn } from '../../records/records.repository.js';
import { patchRecord } from '../../records/records.write.js';
import { checkUpdate } from '../author.js';
import type { Action } from '../automations.schema.js';
import { renderText } from '../template.js';
import { scopeFor } from './notify-visibility.js';
import { type ActionEnv, type ActionResult, PermanentError, triggerRecord } from './action-env.js';

type Of<T extends Action['type']> = Extract<Action, { type: T }>;

/** Active members of a department, in a stable order. */
async function members(db: Db, departmentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_departments', 'user_departments.user_id', 'users.id')
    .select('users.id')
    .where('user_departments.department_id', '=', departmentId)
    .where('users.active', '=', 1)
    .orderBy('users.id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Makes someone the trigger record's owner: a fixed user, the next member of a department in
 * turn (round-robin, the turn kept in the counters table), or the member owning fewest live
 * records of this form (least-loaded).
 */
export async function assignAction(env: ActionEnv, a: Of<'assign'>): Promise<ActionResult> {
  const { model, record } = triggerRecord(env);
  await env.view.writer(env.db, model, 'update');
  await checkUpdate(env.db, env.view, model, record.id);
  let userId: string | undefined;
  if (a.strategy === 'fixed') userId = renderText(a.userId!, env.rs.scope);
  else {
    const people = await members(env.db, a.departmentId!);
    if (!people.length)
      throw new PermanentError(`assign: department ${a.departmentId} has no active members`);
    if (a.strategy === 'roundRobin')
      userId =
        people[
          ((await takeCounter(env.db, `automation:${env.automation.id}`, `rr:${a.departmentId}`, 1)) - 1) %
            people.length
        ];
    else {
      const counts = (await dyn(env.db)
        .selectFrom(model.table)
        .select(['owner_id', sql<number>`count(*)`.as('n')])
        .where('deleted_at', 'is', null)
        .where('owner_id', 'in', people)
        .groupBy('owner_id')
        .execute()) as { owner_id: string; n: number }[];
      const load = new Map(counts.map((c) => [c.owner_id, Number(c.n)]));
      userId = people.reduce((best, p) => ((load.get(p) ?? 0) < (load.get(best) ?? 0) ? p : best), people[0]);
    }
  }
  if (!userId) throw new PermanentError('assign: no user to assign');
  const rec = await patchRecord(
    env.deps,
    env.db,
    model,
    record.id,
    { version: record.version, ownerId: userId },
    env.actor,
  );
  return {
    input: { strategy: a.strategy, departmentId: a.departmentId, recordId: record.id },
    output: { id: rec.id, ownerId: rec.ownerId },
  };
}

/** Who a notify action reaches: listed users, holders of roles, the owner, the author, a member field. */
async function recipients(env: ActionEnv, to: Of<'notify'>['to']): Promise<string[]> {
  const ids: string[] = (to.users ?? [])
    .map((u) => renderText(u, env.rs.scope))
    .flatMap((u) => u.split(/,\s*/));
  const rec = env.rs.scope.record;
  if (to.owner && rec?.ownerId) ids.push(rec.ownerId as string);
  if (to.creator && env.automation.createdBy) ids.push(env.automation.createdBy);
  if (to.field && rec) {
    const v = rec[to.field];
    ids.push(...(Array.isArray(v) ? v : v ? [v] : []).map(String));
  }
  if (to.roles?.length) {
    const direct = await env.db
      .selectFrom('user_roles')
      .select('user_id')
      .where('role_id', 'in', to.roles)
      .execute();
    const viaDept = await env.db
      .selectFrom('department_roles')
      .innerJoin('user_departments', 'user_departments.department_id', 'department_roles.department_id')
      .select('user_departments.user_id')
      .where('department_roles.role_id', 'in', to.roles)
      .execute();
    ids.push(...direct.map((r) => r.user_id), ...viaDept.map((r) => r.user_id));
  }
  const unique = [...new Set(ids.filter(Boolean))];
  if (!unique.length) return [];
  return (
    await env.db.selectFrom('users').select('id').where('id', 'in', unique).where('active', '=', 1).execute()
  ).map((r) => r.id);
}

/** Puts a message in the in-app inbox of the recipients (and queues it as e-mail when SMTP is configured). */
export async function notifyAction(env: ActionEnv, a: Of<'notify'>): Promise<ActionResult> {
  const userIds = await recipients(env, a.to);
  const title = renderText(a.title, env.rs.scope);
  const body = a.body === undefined ? undefined : renderText(a.body, env.rs.scope);
  // Each recipient reads the message with only what they may see; equal renders share one notification.
  const groups = new Map<string, { title: string; body?: string; userIds: string[] }>();
  for (const id of userIds) {
    const scope = await scopeFor(env.deps, env.db, env.rs, env.automation.appId, id);
    const seen = {
      title: renderText(a.title, scope),
      body: a.body === undefined ? undefined : renderText(a.body, scope),
    };
    const key = JSON.stringify([seen.title, seen.body ?? null]);
    const g = groups.get(key) ?? { ...seen, userIds: [] };
    g.userIds.push(id);
    groups.set(key, g);
  }
  for (const g of groups.values())
    await notify(env.db, env.deps, {
      userIds: g.userIds,
      title: g.title,
      body: g.body,
      formId: env.rs.model?.def.id,
      recordId: env.rs.record?.id,
      source: `automation:${env.automation.id}`,
    });
  return { input: { title, body }, output: { userIds, count: userIds.length } };
}
