import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import { type Grant, roleBody } from '../permissions/permissions.schema.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { valid } from '../shared/validate.js';
import { adminOnly } from './directory.shared.js';

type RoleRow = {
  id: string;
  name: string;
  description: string | null;
  grants: string;
  created_at: string;
  updated_at: string;
};
const toRole = (r: RoleRow) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  grants: JSON.parse(r.grants) as Grant[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A role as the API answers it. */
export type Role = ReturnType<typeof toRole>;
const getRole = async (db: Db, id: string) => {
  const r = await db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('Role');
  return toRole(r);
};

/** Roles and what they grant (see permissions.schema.ts). Admins only. */
export const rolesRoutes = new Hono<AppEnv>()
  .get('/', describeRoute({ tags: ['directory'], summary: 'Roles' }), async (c) => {
    adminOnly(c.var.user);
    const rows = await c.var.deps.db
      .selectFrom('roles')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return c.json({ items: rows.map(toRole), nextCursor: null });
  })
  .post(
    '/',
    describeRoute({ tags: ['directory'], summary: 'Create a role' }),
    valid('json', roleBody),
    async (c) => {
      adminOnly(c.var.user);
      const b = c.req.valid('json');
      const now = iso(c.var.deps.clock.now());
      const row = {
        id: newId('rol'),
        name: b.name,
        description: b.description ?? null,
        grants: JSON.stringify(b.grants),
        created_at: now,
        updated_at: now,
      };
      await c.var.deps.db.transaction().execute(async (tx) => {
        await tx.insertInto('roles').values(row).execute();
        await auditFrom(
          c,
          { action: 'role.created', targetType: 'role', targetId: row.id, summary: b.name, details: b },
          tx,
        );
      });
      return c.json(toRole(row), 201);
    },
  )
  .get('/:id', describeRoute({ tags: ['directory'], summary: 'A role' }), async (c) => {
    adminOnly(c.var.user);
    return c.json(await getRole(c.var.deps.db, c.req.param('id')));
  })
  .patch(
    '/:id',
    describeRoute({ tags: ['directory'], summary: 'Change a role' }),
    valid('json', roleBody.partial()),
    async (c) => {
      adminOnly(c.var.user);
      const b = c.req.valid('json');
      const id = c.req.param('id');
      await c.var.deps.db.transaction().execute(async (tx) => {
        const before = await getRole(tx, id);
        await tx
          .updateTable('roles')
          .set({
            ...(b.name !== undefined ? { name: b.name } : {}),
            ...(b.description !== undefined ? { description: b.description } : {}),
            ...(b.grants !== undefined ? { grants: JSON.stringify(b.grants) } : {}),
            updated_at: iso(c.var.deps.clock.now()),
          })
          .where('id', '=', id)
          .execute();
        await auditFrom(
          c,
          {
            action: 'role.updated',
            targetType: 'role',
            targetId: id,
            summary: b.name ?? before.name,
            details: { before: before.grants, after: b.grants },
          },
          tx,
        );
      });
      return c.json(await getRole(c.var.deps.db, id));
    },
  )
  .delete('/:id', describeRoute({ tags: ['directory'], summary: 'Delete a role' }), async (c) => {
    adminOnly(c.var.user);
    const id = c.req.param('id');
    await c.var.deps.db.transaction().execute(async (tx) => {
      const before = await getRole(tx, id);
      await tx.deleteFrom('roles').where('id', '=', id).execute();
      await auditFrom(
        c,
        {
          action: 'role.deleted',
          targetType: 'role',
          targetId: id,
          summary: before.name,
          details: before.grants,
        },
        tx,
      );
    });
    return c.json({ ok: true });
  });
