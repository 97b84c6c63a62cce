import { createApp } from '../../server/app.js';
import { createUser, ensureFirstAdmin } from '../../server/auth/auth.service.js';
import { type Config, testConfig } from '../../server/config.js';
import type { Deps } from '../../server/context.js';
import type { Engine } from '../../server/db/database.js';
import { localStorage } from '../../server/files/storage.js';
import type { Clock } from '../../server/shared/clock.js';
import { freshDb, pgUrl, type TestDb } from './engines.js';

export const ADMIN = { email: 'admin@example.com', password: 'Admin-pass-1' };

/** A controllable clock: starts at `start`, moves only when told. */
export function fakeClock(
  start = '2026-03-15T02:00:00.000Z',
): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), set: (iso) => (t = new Date(iso).getTime()), advance: (ms) => (t += ms) };
}

export interface TestServer {
  engine: Engine;
  db: TestDb;
  app: ReturnType<typeof createApp>;
  deps: Deps;
  /** A signed-in client (the admin unless told otherwise). */
  client(email?: string, password?: string): Promise<Client>;
  anonymous(): Client;
  addUser(
    email: string,
    name: string,
    extra?: { isAdmin?: boolean; mainDepartmentId?: string },
  ): Promise<string>;
  close(): Promise<void>;
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Talks to the app like a browser: keeps cookies and sends the CSRF header. */
export class Client {
  cookies = new Map<string, string>();
  constructor(
    private app: TestServer['app'],
    public bearer?: string,
  ) {}

  async raw(
    method: string,
    path: string,
    init: { body?: BodyInit; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('tessera_csrf');
    if (csrf && !('x-csrf-token' in headers)) headers['x-csrf-token'] = csrf;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await this.app.request(path, { method, body: init.body, headers });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const v = pair.slice(i + 1);
      if (v === '' || /Max-Age=0/i.test(c)) this.cookies.delete(pair.slice(0, i));
      else this.cookies.set(pair.slice(0, i), v);
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers };
  }

  json(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.raw(method, path, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
  }
  get = (path: string) => this.json('GET', path);
  post = (path: string, body?: unknown) => this.json('POST', path, body ?? {});
  put = (path: string, body: unknown) => this.json('PUT', path, body);
  patch = (path: string, body: unknown) => this.json('PATCH', path, body);
  del = (path: string) => this.json('DELETE', path);
}

/** A real app over a fresh database of the given engine, with an admin signed in on demand. */
export async function startServer(
  engine: Engine,
  opts: { clock?: Clock; config?: Partial<Config> } = {},
): Promise<TestServer> {
  const db = await freshDb(engine);
  // Webhook tests call receivers the test starts on 127.0.0.1, which production refuses unless allow-listed.
  const config = testConfig({
    dataDir: db.dataDir,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
    webhookAllow: ['127.0.0.1'],
    databaseUrl: engine === 'postgres' ? pgUrl : undefined,
    ...opts.config,
  });
  const deps: Deps = {
    db: db.db,
    engine,
    config,
    clock: opts.clock ?? { now: () => new Date() },
    files: localStorage(`${db.dataDir}/files`),
  };
  await ensureFirstAdmin(deps, () => {});
  const app = createApp({ db: db.db, engine, config, clock: deps.clock });
  const server: TestServer = {
    engine,
    db,
    app,
    deps,
    async client(email = ADMIN.email, password = ADMIN.password) {
      const c = new Client(app);
      const r = await c.post('/api/auth/login', { email, password });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
      return c;
    },
    anonymous: () => new Client(app),
    addUser: (email, name, extra = {}) =>
      createUser(
        db.db,
        { email, name, password: 'User-pass-1', ...extra },
        new Date().toISOString(),
        config.scrypt,
      ),
    close: () => db.close(),
  };
  return server;
}
