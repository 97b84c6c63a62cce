import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { audit, auditFrom, clientIp } from '../audit/audit.service.js';
import { assertUnderLimit, clearAttempts, countAttempt } from './rate-limit.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { iso } from '../shared/clock.js';
import { valid } from '../shared/validate.js';
import { CSRF_COOKIE, SESSION_COOKIE, requireAuth } from './auth.middleware.js';
import { createApiToken, login, sha256 } from './auth.service.js';

const loginBody = z.strictObject({ email: z.string().max(320), password: z.string().max(200) });

/** Sign-in, sign-out, who am I. */
export const authRoutes = new Hono<AppEnv>()
  .post('/login', describeRoute({ tags: ['auth'], summary: 'Sign in with e-mail and password; sets the session cookie' }), valid('json', loginBody), async (c) => {
    const { email, password } = c.req.valid('json');
    const deps = c.var.deps;
    const now = deps.clock.now();
    const ip = clientIp(c) ?? 'unknown';
    const accountKey = `login:account:${email.trim().toLowerCase()}`;
    const ipKey = `login:ip:${ip}`;
    await assertUnderLimit(deps.db, accountKey, 5, now);
    await assertUnderLimit(deps.db, ipKey, 30, now);
    let session;
    try {
      session = await login(deps, email, password);
    } catch (e) {
      await countAttempt(deps.db, accountKey, 15 * 60_000, now);
      await countAttempt(deps.db, ipKey, 15 * 60_000, now);
      await audit(deps.db, now, clientIp(c), { action: 'auth.login_failed', summary: email.slice(0, 320) });
      throw e;
    }
    await clearAttempts(deps.db, accountKey);
    await audit(deps.db, now, clientIp(c), { action: 'auth.login', userId: session.user.id, summary: session.user.email });
    const { token, csrf, user } = session;
    const secure = c.var.deps.config.secureCookies;
    setCookie(c, SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure, maxAge: c.var.deps.config.sessionDays * 86400 });
    setCookie(c, CSRF_COOKIE, csrf, { path: '/', sameSite: 'Lax', secure });
    return c.json({ user, csrfToken: csrf });
  })
  .post('/logout', describeRoute({ tags: ['auth'], summary: 'Sign out' }), requireAuth, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await c.var.deps.db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    await auditFrom(c, { action: 'auth.logout' });
    return c.json({ ok: true });
  })
  .post('/password', describeRoute({ tags: ['auth'], summary: 'Change your own password' }), requireAuth, valid('json', z.strictObject({ currentPassword: z.string().max(200), newPassword: z.string().max(200) })), async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json');
    const db = c.var.deps.db;
    const row = await db.selectFrom('users').select('password_hash').where('id', '=', c.var.user.id).executeTakeFirstOrThrow();
    if (!(await verifyPassword(currentPassword, row.password_hash))) throw invalid('The current password is wrong', [{ path: '/currentPassword', message: 'is wrong' }]);
    const problem = passwordProblem(newPassword);
    if (problem) throw invalid(`The new password ${problem}`, [{ path: '/newPassword', message: problem }]);
    await db.updateTable('users').set({ password_hash: await hashPassword(newPassword), updated_at: iso(c.var.deps.clock.now()) }).where('id', '=', c.var.user.id).execute();
    // Other sessions of this user end; this one stays.
    await db.deleteFrom('sessions').where('user_id', '=', c.var.user.id).where('id', '!=', c.var.user.sessionId ?? '').execute();
    await auditFrom(c, { action: 'auth.password_changed', targetType: 'user', targetId: c.var.user.id });
    return c.json({ ok: true });
  })
  .get('/me', describeRoute({ tags: ['auth'], summary: 'The signed-in user' }), requireAuth, (c) => c.json({ user: c.var.user }));

/** API tokens of the caller: shown once at creation, revocable. */
export const tokenRoutes = new Hono<AppEnv>()
  .use(requireAuth)
  .get('/', describeRoute({ tags: ['auth'], summary: "The caller's API tokens" }), async (c) => {
    const rows = await c.var.deps.db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at']).where('user_id', '=', c.var.user.id).orderBy('created_at', 'desc').execute();
    return c.json({ items: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at })), nextCursor: null });
  })
  .post('/', describeRoute({ tags: ['auth'], summary: 'Create an API token (the token is shown once)' }), valid('json', z.strictObject({ name: z.string().min(1).max(100) })), async (c) => {
    const t = await createApiToken(c.var.deps, c.var.user.id, c.req.valid('json').name);
    await auditFrom(c, { action: 'token.created', targetType: 'token', targetId: t.id, summary: t.name });
    return c.json(t, 201);
  })
  .delete('/:id', describeRoute({ tags: ['auth'], summary: 'Revoke an API token' }), async (c) => {
    const r = await c.var.deps.db.updateTable('api_tokens').set({ revoked_at: iso(c.var.deps.clock.now()) }).where('id', '=', c.req.param('id')).where('user_id', '=', c.var.user.id).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound('Token');
    await auditFrom(c, { action: 'token.revoked', targetType: 'token', targetId: c.req.param('id') });
    return c.json({ ok: true });
  });
