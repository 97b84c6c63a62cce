import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { badRequest, forbidden } from '../errors.js';
import { valid } from '../shared/validate.js';

const auditQuery = z.object({
  action: z.string().max(60).optional(),
  userId: z.string().max(40).optional(),
  targetId: z.string().max(40).optional(),
  q: z.string().max(200).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(40).optional(),
});

/** The audit log, newest first, searchable by action (prefix), user, target, text and time. Admins only. */
export const auditRoutes = new Hono<AppEnv>().get(
  '/',
  describeRoute({ tags: ['audit'], summary: 'Search the audit log (admins)' }),
  valid('query', auditQuery),
  async (c) => {
    if (!c.var.user.isAdmin) throw forbidden('Only admins read the audit log');
    const p = c.req.valid('query');
    const limit = p.limit ?? 50;
    let q = c.var.deps.db.selectFrom('audit_log').selectAll();
    if (p.action)
      q = p.action.endsWith('.')
        ? q.where('action', 'like', `${p.action}%`)
        : q.where('action', '=', p.action);
    if (p.userId) q = q.where('user_id', '=', p.userId);
    if (p.targetId) q = q.where('target_id', '=', p.targetId);
    if (p.from) q = q.where('at', '>=', p.from);
    if (p.to) q = q.where('at', '<=', p.to);
    if (p.q) {
      const like = `%${p.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      q = q.where((eb) =>
        eb.or([eb('summary', 'like', like), eb('details', 'like', like), eb('ip', 'like', like)]),
      );
    }
    if (p.cursor) {
      if (!/^\d+$/.test(p.cursor))
        throw badRequest('invalid cursor', [{ path: '/cursor', message: 'invalid cursor' }]);
      q = q.where('id', '<', Number(p.cursor));
    }
    const rows = await q
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    return c.json({
      items: page.map((r) => ({
        id: String(r.id),
        at: r.at,
        userId: r.user_id,
        ip: r.ip,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        summary: r.summary,
        details: (r.details ? JSON.parse(r.details) : null) as unknown,
      })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
    });
  },
);
