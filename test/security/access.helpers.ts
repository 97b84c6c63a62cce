import type { TestServer } from '../support/server.js';

/**
 * Requests as they arrive over a socket from `peer` (`app.request` alone has no socket), for the
 * tests of who the client is and of the limits kept per address.
 */
export function fromAddress(s: TestServer, peer: string, headers: Record<string, string> = {}) {
  const send = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const res = await s.app.request(
      path,
      {
        method,
        headers: { 'content-type': 'application/json', ...headers, ...extra },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      {
        incoming: {
          socket: {
            remoteAddress: peer,
            remotePort: 40000,
            remoteFamily: peer.includes(':') ? 'IPv6' : 'IPv4',
          },
        },
      },
    );
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  return {
    send,
    login: (email: string, password: string) => send('POST', '/api/auth/login', { email, password }),
  };
}
