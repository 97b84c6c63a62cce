import fs from 'node:fs';
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
  private async send(
    method: string,
    path: string,
    payload?: string,
  ): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
    try {
      return await this.sendOnce(method, path, payload);
    } catch (e) {
      if ((e as { stale?: boolean }).stale) return this.sendOnce(method, path, payload);
      throw e;
    }
  }

  private sendOnce(
    method: string,
    path: string,
    payload?: string,
  ): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
    const headers: http.OutgoingHttpHeaders = { cookie: this.cookie, 'x-csrf-token': this.csrf };
    if (payload !== undefined)
      Object.assign(headers, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      });
    return new Promise((resolve, reject) => {
      const req = http.request(`${this.base}${path}`, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      });
      req.on('error', (e: NodeJS.ErrnoException) =>
        reject(
          Object.assign(e, { stale: req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE') }),
        ),
      );
      req.end(payload);
    });
  }

  /** A GET whose answer is only counted, never kept (an export of a large database is gigabytes). */
  download(path: string): Promise<{ status: number; bytes: number; ms: number }> {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.base}${path}`,
        // A connection of its own: a kept-alive socket idle through the seeding may be closed already.
        { headers: { cookie: this.cookie }, agent: false },
        (res) => {
          let bytes = 0;
          res.on('data', (c: Buffer) => (bytes += c.length));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - t0 }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  async login(email: string, password: string): Promise<void> {
    const res = await this.send('POST', '/api/auth/login', JSON.stringify({ email, password }));
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    this.cookie = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    this.csrf = (JSON.parse(res.text) as { csrfToken: string }).csrfToken;
  }

  /** The session's cookies (a browser context signs in with them instead of the login page). */
  sessionCookies(): Array<{ name: string; value: string }> {
    return this.cookie
      .split('; ')
      .filter(Boolean)
      .map((c) => ({ name: c.slice(0, c.indexOf('=')), value: c.slice(c.indexOf('=') + 1) }));
  }

  /** One call; `ms` runs from sending the request to the last byte of the answer. */
  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; ms: number }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const t0 = performance.now();
    const res = await this.send(method, path, payload);
    const ms = performance.now() - t0;
    return { status: res.status, body: res.text ? JSON.parse(res.text) : null, ms };
  }

  /** Like `call`, but throws unless the status is 2xx. */
  async ok<T = any>(method: string, path: string, body?: unknown): Promise<{ body: T; ms: number }> {
    const r = await this.call<T>(method, path, body);
    if (r.status < 200 || r.status > 299)
      throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
    return r;
  }

  /**
   * POSTs a multipart/form-data body: text `parts`, then the file at `file` as the part `field`,
   * streamed from disk (a million-row CSV is never held in memory). Timed like `call`.
   */
  upload<T = any>(
    path: string,
    parts: Record<string, string>,
    field: string,
    file: string,
    fileName: string,
  ): Promise<{ status: number; body: T; ms: number }> {
    const boundary = `----tessera-bench-${Date.now().toString(36)}`;
    const head = Buffer.from(
      Object.entries(parts)
        .map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join('') +
        `--${boundary}\r\ncontent-disposition: form-data; name="${field}"; filename="${fileName}"\r\ncontent-type: text/csv\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const length = head.length + fs.statSync(file).size + tail.length;
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.base}${path}`,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            cookie: this.cookie,
            'x-csrf-token': this.csrf,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': length,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              body: text ? JSON.parse(text) : null,
              ms: performance.now() - t0,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.write(head);
      const source = fs.createReadStream(file);
      source.on('error', reject);
      source.on('end', () => req.end(tail));
      source.pipe(req, { end: false });
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
