import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import { resolveClientAddress } from './trust-proxy.js';

/** The socket peer's address; undefined without a Node socket (`app.request` in tests). */
function socketPeer(c: Context<AppEnv>): string | undefined {
  const env = c.env as { incoming?: unknown; server?: { incoming?: unknown } } | undefined;
  if (!env?.incoming && !env?.server?.incoming) return undefined;
  return getConnInfo(c).remote.address;
}

/**
 * Where the request comes from: the socket peer, or behind the proxies `TESSERA_TRUST_PROXY`
 * names, the address they forwarded (see trust-proxy.ts). `null` when unknown.
 */
export function clientAddress(c: Context<AppEnv>): string | null {
  return resolveClientAddress(c.var.deps.config.trustProxy, socketPeer(c), c.req.header('x-forwarded-for'));
}
