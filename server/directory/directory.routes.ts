import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { createUser } from '../auth/auth.service.js';
import { passwordProblem } from '../auth/password.js';
import { requireAuth } from '../auth/auth.middleware.js';
import type { AppEnv } from '../context.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { safeText } from '../forms/forms.schema.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { valid } from '../shared/validate.js';

const userBody = z.strictObject({
  email: z.email().max(320),
  name: safeText(100).min(1),
  phone: z.string().max(32).nullish(),
  password: z.string().max(200).refine((p) => !passwordProblem(p), { error: (i) => passwordProblem(String(i.input)) ?? 'invalid password' }),
  isAdmin: z.boolean().optional(),
  mainDepartmentId: z.string().max(40).nullish(),
});

const adminOnly = (isAdmin: boolean) => {
  if (!isAdmin) throw forbidden('Only admins manage the directory');
};

/** Users (pickers read them; admins create them). Fuller management comes with permissions. */
export const usersRoutes = new Hono<AppEnv>()
  .use(requireAuth)
  .get('/', describeRoute({ tags: ['directory'], summary: 'Users' }), async (c) => {
    const rows = await c.var.deps.db.selectFrom('users').select(['id', 'email', 'name', 'phone', 'is_admin', 'active', 'main_department_id']).orderBy('created_at').execute();
    return c.json({ items: rows.map((u) => ({ id: u.id, email: u.email, name: u.name, phone: u.phone, isAdmin: u.is_admin === 1, active: u.active === 1, mainDepartmentId: u.main_department_id })), nextCursor: null });
  })
  .post('/', describeRoute({ tags: ['directory'], summary: 'Create a user with a first password' }), valid('json', userBody), async (c) => {
    adminOnly(c.var.user.isAdmin);
    const b = c.req.valid('json');
    const db = c.var.deps.db;
    if (await db.selectFrom('users').select('id').where('email', '=', b.email.toLowerCase()).executeTakeFirst()) throw conflict('A user with this e-mail exists', [{ path: '/email', message: 'is already used' }]);
    if (b.mainDepartmentId && !(await db.selectFrom('departments').select('id').where('id', '=', b.mainDepartmentId).executeTakeFirst())) throw notFound('Department');
    const id = await createUser(db, b, iso(c.var.deps.clock.now()));
    return c.json({ id, email: b.email.toLowerCase(), name: b.name, phone: b.phone ?? null, isAdmin: !!b.isAdmin, active: true, mainDepartmentId: b.mainDepartmentId ?? null }, 201);
  });

/** The department tree. */
export const departmentsRoutes = new Hono<AppEnv>()
  .use(requireAuth)
  .get('/', describeRoute({ tags: ['directory'], summary: 'Departments (a tree by parentId)' }), async (c) => {
    const rows = await c.var.deps.db.selectFrom('departments').selectAll().orderBy('sort').orderBy('created_at').execute();
    return c.json({ items: rows.map((d) => ({ id: d.id, name: d.name, parentId: d.parent_id, headUserId: d.head_user_id, sort: d.sort })), nextCursor: null });
  })
  .post('/', describeRoute({ tags: ['directory'], summary: 'Create a department' }), valid('json', z.strictObject({ name: safeText(100).min(1), parentId: z.string().max(40).nullish(), headUserId: z.string().max(40).nullish(), sort: z.number().int().optional() })), async (c) => {
    adminOnly(c.var.user.isAdmin);
    const b = c.req.valid('json');
    const db = c.var.deps.db;
    if (b.parentId && !(await db.selectFrom('departments').select('id').where('id', '=', b.parentId).executeTakeFirst())) throw notFound('Parent department');
    const row = { id: newId('dep'), name: b.name, parent_id: b.parentId ?? null, head_user_id: b.headUserId ?? null, sort: b.sort ?? 0, created_at: iso(c.var.deps.clock.now()) };
    await db.insertInto('departments').values(row).execute();
    return c.json({ id: row.id, name: row.name, parentId: row.parent_id, headUserId: row.head_user_id, sort: row.sort }, 201);
  });
