import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { invalid } from '../errors.js';
import { audit, auditFrom } from '../audit/audit.service.js';
import { iso } from '../shared/clock.js';
import { valid } from '../shared/validate.js';
import { CSRF_COOKIE, SESSION_COOKIE, sessionOnly } from './auth.middleware.js';
import { login, revokeUserTokens, sha256 } from './auth.service.js';
import { clientAddress } from './client-address.js';
import { takeLoginAttempt, takePasswordChangeAttempt } from './login-throttle.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';

const loginBody = z.strictObject({ email: z.string().max(320), password: z.string().max(200) });
const passwordBody = z.strictObject({
  currentPassword: z.string().max(200),
  newPassword: z.string().max(200),
});
const changePasswordSummary = 'Change your own password (ends your other sessions and all your API tokens)';

/** Sign-in, sign-out, who am I, change my password. Sign-in and password changes are throttled (login-throttle.ts). */
export const authRoutes = new Hono<AppEnv>()
  .post(
    '/login',
    describeRoute({ tags: ['auth'], summary: 'Sign in with e-mail and password; sets the session cookie' }),
    valid('json', loginBody),
    async (c) => {
      const { email, password } = c.req.valid('json');
      const deps = c.var.deps;
      const now = deps.clock.now();
      const ip = clientAddress(c);
      const attempt = await takeLoginAttempt(deps.db, email, ip, now);
      let session;
      try {
        session = await login(deps, email, password);
      } catch (e) {
        await audit(deps.db, now, ip, { action: 'auth.login_failed', summary: email.slice(0, 320) });
        throw e;
      }
      await attempt.succeeded();
      await audit(deps.db, now, ip, {
        action: 'auth.login',
        userId: session.user.id,
        summary: session.user.email,
      });
      const { token, csrf, user } = session;
      const secure = deps.config.secureCookies;
      setCookie(c, SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure,
        maxAge: deps.config.sessionDays * 86400,
      });
      setCookie(c, CSRF_COOKIE, csrf, { path: '/', sameSite: 'Lax', secure });
      return c.json({ user, csrfToken: csrf });
    },
  )
  .post('/logout', describeRoute({ tags: ['auth'], summary: 'Sign out' }), async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await c.var.deps.db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    await auditFrom(c, { action: 'auth.logout' });
    return c.json({ ok: true });
  })
  .post(
    '/password',
    describeRoute({ tags: ['auth'], summary: changePasswordSummary }),
    sessionOnly,
    valid('json', passwordBody),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      const deps = c.var.deps;
      const db = deps.db;
      const attempt = await takePasswordChangeAttempt(db, c.var.user.id, deps.clock.now());
      const row = await db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', c.var.user.id)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(currentPassword, row.password_hash)))
        throw invalid('The current password is wrong', [
          { path: '/currentPassword', message: 'is wrong', code: 'wrong_password' },
        ]);
      await attempt.succeeded();
      const problem = passwordProblem(newPassword);
      if (problem)
        throw invalid(`The new password ${problem}`, [
          { path: '/newPassword', message: problem, code: 'weak_password' },
        ]);
      const at = iso(deps.clock.now());
      const hash = await hashPassword(newPassword, deps.config.scrypt);
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('users')
          .set({ password_hash: hash, updated_at: at })
          .where('id', '=', c.var.user.id)
          .execute();
        // Other sessions of this user end, and every API token; this session stays.
        await tx
          .deleteFrom('sessions')
          .where('user_id', '=', c.var.user.id)
          .where('id', '!=', c.var.user.sessionId ?? '')
          .execute();
        await revokeUserTokens(tx, c.var.user.id, at);
        await auditFrom(
          c,
          { action: 'auth.password_changed', targetType: 'user', targetId: c.var.user.id },
          tx,
        );
      });
      return c.json({ ok: true });
    },
  )
  .get('/me', describeRoute({ tags: ['auth'], summary: 'The signed-in user' }), (c) =>
    c.json({ user: c.var.user }),
  );
