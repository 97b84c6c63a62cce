import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import type { Db } from '../db/database.js';
import { invalid, notFound } from '../errors.js';
import { safeText } from '../forms/forms.schema.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { valid } from '../shared/validate.js';
import { adminOnly, assertIdsExist } from './directory.shared.js';

const body = z.strictObject({
  name: safeText(100).min(1),
  parentId: z.string().max(40).nullish(),
  headUserId: z.string().max(40).nullish(),
  sort: z.number().int().min(-1_000_000_000).max(1_000_000_000).optional(), // an integer column on PostgreSQL
  /** Roles every member of the department inherits. */
  roleIds: z.array(z.string().max(40)).max(100).optional(),
});

async function loadDepartments(db: Db) {
  const rows = await db
    .selectFrom('departments')
    .selectAll()
    .orderBy('sort')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const roles = await db.selectFrom('department_roles').selectAll().execute();
  return rows.map((d) => ({
    id: d.id,
    name: d.name,
    parentId: d.parent_id,
    headUserId: d.head_user_id,
    sort: d.sort,
    roleIds: roles.filter((r) => r.department_id === d.id).map((r) => r.role_id),
  }));
}

async function setRoles(db: Db, departmentId: string, roleIds?: string[]) {
  if (roleIds === undefined) return;
  await assertIdsExist(db, 'roles', roleIds, '/roleIds');
  await db.deleteFrom('department_roles').where('department_id', '=', departmentId).execute();
  for (const r of new Set(roleIds))
    await db.insertInto('department_roles').values({ department_id: departmentId, role_id: r }).execute();
}

/** A parent may not be the department itself or one of its descendants. */
async function assertNoCycle(db: Db, id: string, parentId: string) {
  const all = await db.selectFrom('departments').select(['id', 'parent_id']).execute();
  for (let p: string | null | undefined = parentId; p; p = all.find((d) => d.id === p)?.parent_id)
    if (p === id)
      throw invalid('A department cannot sit under itself', [
        { path: '/parentId', message: 'would make a cycle', code: 'department_cycle' },
      ]);
}

/** The department tree (by parentId): everyone reads it, admins change it. */
export const departmentsRoutes = new Hono<AppEnv>()
  .get('/', describeRoute({ tags: ['directory'], summary: 'Departments (a tree by parentId)' }), async (c) =>
    c.json({ items: await loadDepartments(c.var.deps.db), nextCursor: null }),
  )
  .post(
    '/',
    describeRoute({ tags: ['directory'], summary: 'Create a department' }),
    valid('json', body),
    async (c) => {
      adminOnly(c.var.user);
      const b = c.req.valid('json');
      const id = newId('dep');
      await c.var.deps.db.transaction().execute(async (tx) => {
        if (b.parentId) await assertIdsExist(tx, 'departments', [b.parentId], '/parentId');
        if (b.headUserId) await assertIdsExist(tx, 'users', [b.headUserId], '/headUserId');
        await tx
          .insertInto('departments')
          .values({
            id,
            name: b.name,
            parent_id: b.parentId ?? null,
            head_user_id: b.headUserId ?? null,
            sort: b.sort ?? 0,
            created_at: iso(c.var.deps.clock.now()),
          })
          .execute();
        await setRoles(tx, id, b.roleIds);
        await auditFrom(
          c,
          {
            action: 'department.created',
            targetType: 'department',
            targetId: id,
            summary: b.name,
            details: b,
          },
          tx,
        );
      });
      return c.json(
        (await loadDepartments(c.var.deps.db)).find((d) => d.id === id),
        201,
      );
    },
  )
  .patch(
    '/:id',
    describeRoute({ tags: ['directory'], summary: 'Rename, move or change a department' }),
    valid('json', body.partial()),
    async (c) => {
      adminOnly(c.var.user);
      const b = c.req.valid('json');
      const id = c.req.param('id');
      await c.var.deps.db.transaction().execute(async (tx) => {
        if (!(await tx.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst()))
          throw notFound('Department');
        if (b.parentId) {
          await assertIdsExist(tx, 'departments', [b.parentId], '/parentId');
          await assertNoCycle(tx, id, b.parentId);
        }
        if (b.headUserId) await assertIdsExist(tx, 'users', [b.headUserId], '/headUserId');
        const set = {
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.parentId !== undefined ? { parent_id: b.parentId } : {}),
          ...(b.headUserId !== undefined ? { head_user_id: b.headUserId } : {}),
          ...(b.sort !== undefined ? { sort: b.sort } : {}),
        };
        if (Object.keys(set).length)
          await tx.updateTable('departments').set(set).where('id', '=', id).execute();
        await setRoles(tx, id, b.roleIds);
        await auditFrom(
          c,
          { action: 'department.updated', targetType: 'department', targetId: id, details: b },
          tx,
        );
      });
      return c.json((await loadDepartments(c.var.deps.db)).find((d) => d.id === id));
    },
  )
  .delete(
    '/:id',
    describeRoute({ tags: ['directory'], summary: 'Delete an empty department' }),
    async (c) => {
      adminOnly(c.var.user);
      const id = c.req.param('id');
      await c.var.deps.db.transaction().execute(async (tx) => {
        if (!(await tx.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst()))
          throw notFound('Department');
        const child = await tx
          .selectFrom('departments')
          .select('id')
          .where('parent_id', '=', id)
          .executeTakeFirst();
        const member = await tx
          .selectFrom('user_departments')
          .select('user_id')
          .where('department_id', '=', id)
          .executeTakeFirst();
        if (child || member)
          throw invalid('Move its sub-departments and members elsewhere first', [
            {
              path: '/',
              message: child ? 'has sub-departments' : 'has members',
              code: 'department_not_empty',
            },
          ]);
        await tx.deleteFrom('departments').where('id', '=', id).execute();
        await auditFrom(c, { action: 'department.deleted', targetType: 'department', targetId: id }, tx);
      });
      return c.json({ ok: true });
    },
  );
