import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.js';
import { AppError, forbidden } from '../errors.js';
import { newSecret } from '../shared/ids.js';
import { sessionUser, tokenUser } from './auth.service.js';

export const SESSION_COOKIE = 'tessera_session';
export const CSRF_COOKIE = 'tessera_csrf';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const readMethods = new Set(['GET', 'HEAD']);

/**
 * The /api paths that answer without a caller: health, sign-in, public forms, inbound webhooks,
 * published JSON Schemas and the API's own description. Everything else passes `apiGate`.
 */
const publicApiPaths = [
  /^\/api\/health$/,
  /^\/api\/auth\/login$/,
  /^\/api\/public\//,
  /^\/api\/hooks\//,
  /^\/api\/schemas\//,
  /^\/api\/(openapi\.json|docs|docs\.js)$/,
];

export const isPublicApiPath = (path: string) => publicApiPaths.some((p) => p.test(path));

/**
 * Requires a caller: a Bearer API token, or a session cookie (whose state-changing requests must
 * carry the CSRF token in `x-csrf-token`). 401 without one, 403 on a CSRF mismatch or when a
 * read-only token asks for anything but GET or HEAD.
 */
const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.var.deps;
  const auth = c.req.header('authorization');
  if (auth?.startsWith('Bearer ')) {
    const user = await tokenUser(deps, auth.slice(7).trim());
    if (!user) throw new AppError('unauthorized', 'The API token is not valid');
    if (user.token?.readOnly && !readMethods.has(c.req.method))
      throw forbidden('This API token is read-only (GET and HEAD only)');
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

/**
 * The one request gate, mounted on /api/*: every route but the public ones above has a caller
 * before any sub-app runs, looked up once per request (sub-apps do not authenticate again).
 */
export const apiGate = createMiddleware<AppEnv>(async (c, next) =>
  isPublicApiPath(c.req.path) ? next() : requireAuth(c, next),
);

/**
 * 403 for API tokens: what could widen a token's reach (new tokens, a new password) takes a
 * signed-in person. Runs after the gate (`apiGate`).
 */
export const sessionOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.user.via !== 'session')
    throw forbidden('Sign in to do this: API tokens cannot manage tokens or passwords');
  return next();
});

/** Hands out a readable CSRF cookie on GETs before sign-in (the SPA reads it). */
export const csrfCookie = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'GET' && !getCookie(c, CSRF_COOKIE))
    setCookie(c, CSRF_COOKIE, newSecret(18), {
      path: '/',
      sameSite: 'Lax',
      secure: c.var.deps.config.secureCookies,
    });
  return next();
});
