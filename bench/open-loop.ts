import http from 'node:http';
import type { Api } from './http.js';

export interface OpenLoopResult {
  sent: number;
  ok: number;
  failed: number;
  /** The first few failures, for the log. */
  errors: string[];
  /** Each successful request's ms, from its scheduled start (so queueing in the client counts). */
  latencies: number[];
  /** How long the load lasted, ms. */
  wallMs: number;
}

/**
 * An API token for concurrent clients: the signed-in `Api` has a single connection, an open-loop
 * load needs many (a request must not wait for the previous answer).
 */
export async function bearerToken(api: Api, name: string): Promise<string> {
  return (await api.ok<{ token: string }>('POST', '/api/tokens', { name })).body.token;
}

/**
 * Open-loop load: issues `rate` requests per second for `seconds` on a timer, whether or not the
 * earlier ones have been answered (closed-loop clients slow down with the server and hide its
 * backlog). `request(i)` gives the i-th request's method, path and body.
 */
export async function openLoop(
  base: string,
  token: string,
  rate: number,
  seconds: number,
  request: (i: number) => { method: string; path: string; body?: unknown },
): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round(rate * seconds);
  const out: OpenLoopResult = { sent: 0, ok: 0, failed: 0, errors: [], latencies: [], wallMs: 0 };
  const inflight = new Set<Promise<void>>();
  const send = (i: number, scheduled: number) => {
    const { method, path, body } = request(i);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${token}` };
    if (payload !== undefined)
      Object.assign(headers, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      });
    const p = new Promise<void>((resolve) => {
      const req = http.request(`${base}${path}`, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            out.ok++;
            out.latencies.push(performance.now() - scheduled);
          } else {
            out.failed++;
            if (out.errors.length < 5)
              out.errors.push(`${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`);
          }
          resolve();
        });
      });
      req.on('error', (e) => {
        out.failed++;
        if (out.errors.length < 5) out.errors.push(e.message);
        resolve();
      });
      req.end(payload);
    });
    inflight.add(p);
    void p.then(() => inflight.delete(p));
  };
  const t0 = performance.now();
  await new Promise<void>((done) => {
    const tick = () => {
      const elapsed = performance.now() - t0;
      const due = Math.min(total, Math.floor((elapsed * rate) / 1000));
      while (out.sent < due) {
        send(out.sent, t0 + (out.sent * 1000) / rate);
        out.sent++;
      }
      if (out.sent >= total) done();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(inflight);
  out.wallMs = performance.now() - t0;
  agent.destroy();
  return out;
}
