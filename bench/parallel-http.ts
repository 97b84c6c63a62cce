import http from 'node:http';
import type { Api } from './http.js';

/**
 * Requests with the bench session over up to six kept-alive connections, as a browser issues a
 * page's requests side by side (Api uses one connection, so its calls queue).
 */
export class ParallelClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  private readonly cookie: string;
  private readonly csrf: string;

  constructor(
    private readonly base: string,
    api: Api,
  ) {
    const cookies = api.sessionCookies();
    this.cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    this.csrf = cookies.find((c) => c.name === 'tessera_csrf')?.value ?? '';
  }

  /** One request; throws unless 2xx. `ms` runs from sending to the last byte of the answer. */
  request<T = any>(method: string, path: string, body?: unknown): Promise<{ body: T; ms: number }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { cookie: this.cookie, 'x-csrf-token': this.csrf };
    if (payload !== undefined)
      Object.assign(headers, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      });
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(`${this.base}${path}`, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299)
            reject(new Error(`${method} ${path} → ${status}: ${text.slice(0, 500)}`));
          else resolve({ body: text ? (JSON.parse(text) as T) : (null as T), ms: performance.now() - t0 });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
