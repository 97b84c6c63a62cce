import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { iso } from '../shared/clock.js';
import { valid } from '../shared/validate.js';
import { sessionOnly } from './auth.middleware.js';
import { createApiToken } from './auth.service.js';
import { tokenBody } from './tokens.schema.js';

const maxLifetimeMs = 3650 * 86400_000;

/**
 * API tokens of the caller: shown once at creation, revocable, optionally expiring, read-only or
 * limited to one app. Creating and revoking take a signed-in session (a token cannot mint a wider
 * one); every token of a user ends when their password changes or they are deactivated.
 */
export const tokenRoutes = new Hono<AppEnv>()
  .get(
    '/',
    describeRoute({
      tags: ['auth'],
      summary: "The caller's API tokens with their limits (never the secret)",
    }),
    async (c) => {
      const rows = await c.var.deps.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('user_id', '=', c.var.user.id)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      const items = rows.map((r) => ({
        id: r.id,
        name: r.name,
        createdAt: r.created_at,
        lastUsedAt: r.last_used_at,
        revokedAt: r.revoked_at,
        expiresAt: r.expires_at,
        readOnly: Number(r.read_only) === 1,
        appId: r.app_id,
      }));
      return c.json({ items, nextCursor: null });
    },
  )
  .post(
    '/',
    describeRoute({ tags: ['auth'], summary: 'Create an API token (shown once)' }),
    sessionOnly,
    valid('json', tokenBody),
    async (c) => {
      const deps = c.var.deps;
      const b = c.req.valid('json');
      const now = deps.clock.now().getTime();
      let expiresAt: string | null = null;
      if (b.expiresInDays !== undefined) expiresAt = iso(new Date(now + b.expiresInDays * 86400_000));
      if (b.expiresAt !== undefined) {
        const at = new Date(b.expiresAt).getTime();
        if (at <= now)
          throw invalid('The expiry is in the past', [
            { path: '/expiresAt', message: 'must be in the future' },
          ]);
        if (at > now + maxLifetimeMs)
          throw invalid('The expiry is too far away', [
            { path: '/expiresAt', message: 'must be within 10 years' },
          ]);
        expiresAt = iso(new Date(at));
      }
      if (
        b.appId &&
        !(await deps.db.selectFrom('apps').select('id').where('id', '=', b.appId).executeTakeFirst())
      )
        throw invalid(`Unknown app: ${b.appId}`, [{ path: '/appId', message: 'no such app' }]);
      const limits = { expiresAt, readOnly: !!b.readOnly, appId: b.appId ?? null };
      const t = await createApiToken(deps, c.var.user.id, b.name, limits);
      await auditFrom(c, {
        action: 'token.created',
        targetType: 'token',
        targetId: t.id,
        summary: t.name,
        details: limits,
      });
      return c.json(t, 201);
    },
  )
  .delete(
    '/:id',
    describeRoute({ tags: ['auth'], summary: 'Revoke an API token' }),
    sessionOnly,
    async (c) => {
      const deps = c.var.deps;
      const r = await deps.db
        .updateTable('api_tokens')
        .set({ revoked_at: iso(deps.clock.now()) })
        .where('id', '=', c.req.param('id'))
        .where('user_id', '=', c.var.user.id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw notFound('Token');
      await auditFrom(c, { action: 'token.revoked', targetType: 'token', targetId: c.req.param('id') });
      return c.json({ ok: true });
    },
  );
