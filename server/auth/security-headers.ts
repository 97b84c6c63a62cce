import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config.js';
import type { AppEnv } from '../context.js';

/**
 * The security headers of every answer. A header a route set itself is kept (a file download's
 * sandbox CSP stays). HSTS only with `TESSERA_SECURE_COOKIES=true`, i.e. when served over HTTPS:
 * over plain HTTP it would be ignored at best, and would pin a mistaken setup at worst.
 */
export function securityHeaders(config: Config) {
  return secureHeaders({
    overwrite: false,
    strictTransportSecurity: config.secureCookies ? 'max-age=31536000; includeSubDomains' : false,
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // rjsf validates with ajv, which compiles each form's schema to a function: 'unsafe-eval' is needed for
      // that; inline scripts stay forbidden, and user content is only ever rendered escaped.
      scriptSrc: ["'self'", "'unsafe-eval'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      // No injected <base> may redirect relative URLs, no form may post elsewhere.
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
  });
}

/**
 * API answers are per user and often private: no cache (browser, proxy) keeps them, unless the
 * route chose its own Cache-Control.
 */
export const noStoreByDefault = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
});
