import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { newSecret } from '../shared/ids.js';
import { sessionUser, tokenUser } from './auth.service.js';

export const SESSION_COOKIE = 'tessera_session';
export const CSRF_COOKIE = 'tessera_csrf';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Requires a caller: a Bearer API token, or a session cookie (whose state-changing requests must
 * carry the CSRF token in `x-csrf-token`). 401 without one, 403 on a CSRF mismatch.
 */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.var.deps;
  const auth = c.req.header('authorization');
  if (auth?.startsWith('Bearer ')) {
    const user = await tokenUser(deps, auth.slice(7).trim());
    if (!user) throw new AppError('unauthorized', 'The API token is not valid');
    c.set('user', user);
    return next();
  }
  const token = getCookie(c, SESSION_COOKIE);
  const user = token ? await sessionUser(deps, token) : undefined;
  if (!user) throw new AppError('unauthorized', 'Please sign in');
  if (!safeMethods.has(c.req.method) && c.req.header('x-csrf-token') !== user.csrf)
    throw new AppError('forbidden', 'Missing or wrong CSRF token (x-csrf-token header)');
  const { csrf: _csrf, ...current } = user;
  c.set('user', current);
  return next();
});

/** Hands out a readable CSRF cookie on GETs before sign-in (the SPA reads it). */
export const csrfCookie = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'GET' && !getCookie(c, CSRF_COOKIE))
    setCookie(c, CSRF_COOKIE, newSecret(18), { path: '/', sameSite: 'Lax', secure: c.var.deps.config.secureCookies });
  return next();
});
