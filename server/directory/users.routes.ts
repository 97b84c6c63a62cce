import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { auditFrom } from '../audit/audit.service.js';
import { createUser, revokeUserTokens } from '../auth/auth.service.js';
import { hashPassword, passwordProblem } from '../auth/password.js';
import type { AppEnv } from '../context.js';
import type { Db } from '../db/database.js';
import { conflict, invalid, notFound } from '../errors.js';
import { safeText } from '../forms/forms.schema.js';
import { iso } from '../shared/clock.js';
import { valid } from '../shared/validate.js';
import { adminOnly, assertIdsExist } from './directory.shared.js';

const password = z
  .string()
  .max(200)
  .refine((p) => !passwordProblem(p), {
    error: (i) => `password ${passwordProblem(String(i.input)) ?? 'is invalid'}`,
    params: { reason: 'weak_password' },
  });
const ids = z.array(z.string().max(40)).max(100);

const createBody = z.strictObject({
  email: z.email().max(320),
  name: safeText(100).min(1),
  phone: z.string().max(32).nullish(),
  password,
  isAdmin: z.boolean().optional(),
  mainDepartmentId: z.string().max(40).nullish(),
  departmentIds: ids.optional(),
  roleIds: ids.optional(),
});
const patchBody = createBody.partial().extend({ active: z.boolean().optional() });

/** A user as the API answers it (admins also see roles and departments). */
async function loadUsers(db: Db, only?: string[]) {
  let q = db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'phone', 'is_admin', 'active', 'main_department_id', 'created_at'])
    .orderBy('created_at')
    .orderBy('id');
  if (only) q = q.where('id', 'in', only);
  const users = await q.execute();
  const deps = await db.selectFrom('user_departments').selectAll().execute();
  const roles = await db.selectFrom('user_roles').selectAll().execute();
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    phone: u.phone,
    isAdmin: u.is_admin === 1,
    active: u.active === 1,
    mainDepartmentId: u.main_department_id,
    departmentIds: deps.filter((d) => d.user_id === u.id).map((d) => d.department_id),
    roleIds: roles.filter((r) => r.user_id === u.id).map((r) => r.role_id),
    createdAt: u.created_at,
  }));
}

async function setMemberships(
  db: Db,
  userId: string,
  mainDepartmentId: string | null | undefined,
  departmentIds: string[] | undefined,
  roleIds: string[] | undefined,
) {
  if (departmentIds !== undefined || mainDepartmentId) {
    const all = [...new Set([...(departmentIds ?? []), ...(mainDepartmentId ? [mainDepartmentId] : [])])];
    await assertIdsExist(db, 'departments', all, '/departmentIds');
    if (departmentIds !== undefined)
      await db.deleteFrom('user_departments').where('user_id', '=', userId).execute();
    for (const d of all)
      await db
        .insertInto('user_departments')
        .values({ user_id: userId, department_id: d })
        .onConflict((oc) => oc.doNothing())
        .execute();
  }
  if (roleIds !== undefined) {
    await assertIdsExist(db, 'roles', roleIds, '/roleIds');
    await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
    for (const r of new Set(roleIds))
      await db.insertInto('user_roles').values({ user_id: userId, role_id: r }).execute();
  }
}

/**
 * A user in departments always has a main one (the first listed, else the first by id): the
 * records they create carry it, so a department-scoped role lets them read what they created.
 */
async function keepMainDepartment(db: Db, userId: string, listed: string[] | undefined) {
  const u = await db
    .selectFrom('users')
    .select('main_department_id')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (u.main_department_id) return;
  const member = await db
    .selectFrom('user_departments')
    .select('department_id')
    .where('user_id', '=', userId)
    .orderBy('department_id')
    .execute();
  const first = listed?.find((d) => member.some((m) => m.department_id === d)) ?? member[0]?.department_id;
  if (first)
    await db.updateTable('users').set({ main_department_id: first }).where('id', '=', userId).execute();
}

/** Users: everyone signed in may list them (for member pickers); admins manage them. */
export const usersRoutes = new Hono<AppEnv>()
  .get('/', describeRoute({ tags: ['directory'], summary: 'Users' }), async (c) => {
    const users = await loadUsers(c.var.deps.db);
    // Members get the public part of each user; admins get all of it.
    type User = (typeof users)[number];
    const items: Array<
      Pick<User, 'id' | 'name' | 'email' | 'mainDepartmentId' | 'departmentIds'> & Partial<User>
    > = c.var.user.isAdmin
      ? users
      : users
          .filter((u) => u.active)
          .map(({ id, name, email, mainDepartmentId, departmentIds }) => ({
            id,
            name,
            email,
            mainDepartmentId,
            departmentIds,
          }));
    return c.json({ items, nextCursor: null });
  })
  .post(
    '/',
    describeRoute({ tags: ['directory'], summary: 'Invite a user with a first password' }),
    valid('json', createBody),
    async (c) => {
      adminOnly(c.var.user);
      const b = c.req.valid('json');
      const out = await c.var.deps.db.transaction().execute(async (tx) => {
        if (
          await tx
            .selectFrom('users')
            .select('id')
            .where('email', '=', b.email.toLowerCase())
            .executeTakeFirst()
        )
          throw conflict('A user with this e-mail exists', [
            { path: '/email', message: 'is already used', code: 'email_taken' },
          ]);
        if (b.mainDepartmentId)
          await assertIdsExist(tx, 'departments', [b.mainDepartmentId], '/mainDepartmentId');
        const id = await createUser(tx, b, iso(c.var.deps.clock.now()), c.var.deps.config.scrypt);
        await setMemberships(tx, id, b.mainDepartmentId, b.departmentIds, b.roleIds);
        await keepMainDepartment(tx, id, b.departmentIds);
        await auditFrom(
          c,
          {
            action: 'user.created',
            targetType: 'user',
            targetId: id,
            summary: `${b.name} <${b.email}>`,
            details: { roleIds: b.roleIds, departmentIds: b.departmentIds, isAdmin: !!b.isAdmin },
          },
          tx,
        );
        return (await loadUsers(tx, [id]))[0];
      });
      return c.json(out, 201);
    },
  )
  .patch(
    '/:userId',
    describeRoute({
      tags: ['directory'],
      summary: 'Change a user: name, e-mail, password, roles, departments, active',
    }),
    valid('json', patchBody),
    async (c) => {
      adminOnly(c.var.user);
      const b = c.req.valid('json');
      const id = c.req.param('userId');
      const out = await c.var.deps.db.transaction().execute(async (tx) => {
        const [before] = await loadUsers(tx, [id]);
        if (!before) throw notFound('User');
        if (id === c.var.user.id && (b.active === false || b.isAdmin === false))
          throw invalid('You cannot deactivate yourself or remove your own admin right', [
            {
              path: b.active === false ? '/active' : '/isAdmin',
              message: 'not for yourself',
              code: 'not_for_yourself',
            },
          ]);
        if (
          b.email &&
          b.email.toLowerCase() !== before.email &&
          (await tx
            .selectFrom('users')
            .select('id')
            .where('email', '=', b.email.toLowerCase())
            .executeTakeFirst())
        )
          throw conflict('A user with this e-mail exists', [
            { path: '/email', message: 'is already used', code: 'email_taken' },
          ]);
        const set: Record<string, unknown> = { updated_at: iso(c.var.deps.clock.now()) };
        if (b.name !== undefined) set.name = b.name;
        if (b.email !== undefined) set.email = b.email.toLowerCase();
        if (b.phone !== undefined) set.phone = b.phone;
        if (b.isAdmin !== undefined) set.is_admin = b.isAdmin ? 1 : 0;
        if (b.active !== undefined) set.active = b.active ? 1 : 0;
        if (b.password !== undefined)
          set.password_hash = await hashPassword(b.password, c.var.deps.config.scrypt);
        if (b.mainDepartmentId !== undefined) {
          if (b.mainDepartmentId)
            await assertIdsExist(tx, 'departments', [b.mainDepartmentId], '/mainDepartmentId');
          set.main_department_id = b.mainDepartmentId;
        } else if (
          b.departmentIds !== undefined &&
          !(before.mainDepartmentId && b.departmentIds.includes(before.mainDepartmentId))
        ) {
          // The main department left the list (or there was none): the first of the new list takes its place.
          set.main_department_id = b.departmentIds[0] ?? null;
        }
        await tx.updateTable('users').set(set).where('id', '=', id).execute();
        await setMemberships(
          tx,
          id,
          (set.main_department_id as string | null | undefined) ?? b.mainDepartmentId,
          b.departmentIds,
          b.roleIds,
        );
        await keepMainDepartment(tx, id, b.departmentIds);
        // A deactivated user's (or reset password's) sessions and tokens stop working at once, for good; their records stay.
        if (b.active === false || b.password !== undefined) {
          await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
          await revokeUserTokens(tx, id, set.updated_at as string);
        }
        const [after] = await loadUsers(tx, [id]);
        const { password: _pw, ...shown } = b;
        await auditFrom(
          c,
          {
            action: 'user.updated',
            targetType: 'user',
            targetId: id,
            summary: after.name,
            details: {
              changes: shown,
              passwordReset: b.password !== undefined,
              before: {
                roleIds: before.roleIds,
                departmentIds: before.departmentIds,
                active: before.active,
                isAdmin: before.isAdmin,
              },
            },
          },
          tx,
        );
        return after;
      });
      return c.json(out);
    },
  );
