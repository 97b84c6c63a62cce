import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { iso } from '../shared/clock.js';
import { valid } from '../shared/validate.js';

const settingsBody = z.strictObject({ email: z.boolean() });

const listQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(20).optional(),
});

/** The caller's inbox: newest first, unread count, mark read (one or all); whether it also comes by e-mail. */
export const notificationsRoutes = new Hono<AppEnv>()
  .get(
    '/',
    describeRoute({ tags: ['notifications'], summary: "The caller's inbox, with the unread count" }),
    valid('query', listQuery),
    async (c) => {
      const { db } = c.var.deps;
      const p = c.req.valid('query');
      const limit = p.limit ?? 50;
      let q = db.selectFrom('notifications').selectAll().where('user_id', '=', c.var.user.id);
      if (p.unread === 'true') q = q.where('read_at', 'is', null);
      if (p.cursor) {
        if (!/^\d+$/.test(p.cursor))
          throw badRequest('invalid cursor', [{ path: '/cursor', message: 'invalid cursor' }]);
        q = q.where('id', '<', Number(p.cursor));
      }
      const rows = await q
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const unread = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', c.var.user.id)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      const page = rows.slice(0, limit);
      return c.json({
        items: page.map((n) => ({
          id: String(n.id),
          title: n.title,
          body: n.body,
          formId: n.form_id,
          recordId: n.record_id,
          source: n.source,
          createdAt: n.created_at,
          readAt: n.read_at,
        })),
        nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
        unread: Number(unread?.n ?? 0),
      });
    },
  )
  .get(
    '/settings',
    describeRoute({
      tags: ['notifications'],
      summary: 'Whether notifications also come by e-mail; emailAvailable: the server has SMTP configured',
    }),
    async (c) => {
      const { db, config } = c.var.deps;
      const row = await db
        .selectFrom('users')
        .select('mail_notifications')
        .where('id', '=', c.var.user.id)
        .executeTakeFirstOrThrow();
      return c.json({ email: row.mail_notifications === 1, emailAvailable: Boolean(config.smtp) });
    },
  )
  .put(
    '/settings',
    describeRoute({ tags: ['notifications'], summary: 'Turn notification e-mails on or off for yourself' }),
    valid('json', settingsBody),
    async (c) => {
      const { db, config, clock } = c.var.deps;
      const { email } = c.req.valid('json');
      await db
        .updateTable('users')
        .set({ mail_notifications: email ? 1 : 0, updated_at: iso(clock.now()) })
        .where('id', '=', c.var.user.id)
        .execute();
      return c.json({ email, emailAvailable: Boolean(config.smtp) });
    },
  )
  .post(
    '/read-all',
    describeRoute({ tags: ['notifications'], summary: 'Mark every notification read' }),
    async (c) => {
      await c.var.deps.db
        .updateTable('notifications')
        .set({ read_at: iso(c.var.deps.clock.now()) })
        .where('user_id', '=', c.var.user.id)
        .where('read_at', 'is', null)
        .execute();
      return c.json({ ok: true });
    },
  )
  .post(
    '/:id/read',
    describeRoute({ tags: ['notifications'], summary: 'Mark a notification read' }),
    async (c) => {
      const id = c.req.param('id');
      if (!/^\d+$/.test(id)) throw notFound('Notification');
      const r = await c.var.deps.db
        .updateTable('notifications')
        .set({ read_at: iso(c.var.deps.clock.now()) })
        .where('id', '=', Number(id))
        .where('user_id', '=', c.var.user.id)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw notFound('Notification');
      return c.json({ ok: true });
    },
  );
