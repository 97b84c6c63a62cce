import http from 'node:http';

/**
 * A signed-in API client over real HTTP, timing every call. It uses node:http with one kept-alive
 * connection: leaner than fetch, so the client adds less to what we measure of the server.
 */
export class Api {
  private cookie = '';
  private csrf = '';
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(readonly base: string) {}

  /**
   * Sends one request. A kept-alive connection the server closed while we were idle (during a
   * direct-SQL phase) fails before the server reads anything, so that one case is retried.
   */
  private async send(method: string, path: string, payload?: string): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
    try {
      return await this.sendOnce(method, path, payload);
    } catch (e) {
      if ((e as { stale?: boolean }).stale) return this.sendOnce(method, path, payload);
      throw e;
    }
  }

  private sendOnce(method: string, path: string, payload?: string): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
    const headers: http.OutgoingHttpHeaders = { cookie: this.cookie, 'x-csrf-token': this.csrf };
    if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    return new Promise((resolve, reject) => {
      const req = http.request(`${this.base}${path}`, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      });
      req.on('error', (e: NodeJS.ErrnoException) => reject(Object.assign(e, { stale: req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE') })));
      req.end(payload);
    });
  }

  async login(email: string, password: string): Promise<void> {
    const res = await this.send('POST', '/api/auth/login', JSON.stringify({ email, password }));
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    this.cookie = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    this.csrf = (JSON.parse(res.text) as { csrfToken: string }).csrfToken;
  }

  /** One call; `ms` runs from sending the request to the last byte of the answer. */
  async call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; ms: number }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const t0 = performance.now();
    const res = await this.send(method, path, payload);
    const ms = performance.now() - t0;
    return { status: res.status, body: res.text ? JSON.parse(res.text) : null, ms };
  }

  /** Like `call`, but throws unless the status is 2xx. */
  async ok<T = any>(method: string, path: string, body?: unknown): Promise<{ body: T; ms: number }> {
    const r = await this.call<T>(method, path, body);
    if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
    return r;
  }

  close(): void {
    this.agent.destroy();
  }
}
