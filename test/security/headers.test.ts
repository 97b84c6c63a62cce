import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, owaspScrypt } from '../../server/auth/password.js';
import { loadConfig } from '../../server/config.js';
import { engines } from '../support/engines.js';
import { type Client, type TestServer, startServer } from '../support/server.js';

const csp = (h: Headers) => h.get('content-security-policy') ?? '';

describe.each(engines)('security headers and password hashing on %s', (engine) => {
  let s: TestServer;
  let secure: TestServer;
  let admin: Client;

  beforeAll(async () => {
    s = await startServer(engine);
    secure = await startServer(engine, { config: { secureCookies: true } });
    admin = await s.client();
  });
  afterAll(async () => {
    await s?.close();
    await secure?.close();
  });

  it('sends HSTS only when cookies are marked secure (served over HTTPS)', async () => {
    expect((await s.anonymous().get('/api/health')).headers.get('strict-transport-security')).toBeNull();
    expect((await secure.anonymous().get('/api/health')).headers.get('strict-transport-security')).toMatch(
      /max-age=\d{7,}/,
    );
  });

  it('forbids a <base> elsewhere and form posts elsewhere in the CSP, and framing', async () => {
    const h = (await s.anonymous().get('/api/health')).headers;
    expect(csp(h)).toContain("base-uri 'self'");
    expect(csp(h)).toContain("form-action 'self'");
    expect(csp(h)).toContain("frame-ancestors 'none'");
  });

  it("keeps a downloaded file's sandbox CSP instead of the app's", async () => {
    const body = new FormData();
    body.append('file', new File(['<script>alert(1)</script>'], 'x.html', { type: 'text/html' }));
    const up = await admin.raw('POST', '/api/files', { body });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const down = await admin.raw('GET', up.body.url);
    expect(down.status).toBe(200);
    expect(csp(down.headers)).toBe("default-src 'none'; sandbox");
  });

  it('tells caches not to keep API answers, errors included, unless a route chose otherwise', async () => {
    expect((await admin.get('/api/auth/me')).headers.get('cache-control')).toBe('no-store');
    expect((await admin.get('/api/apps')).headers.get('cache-control')).toBe('no-store');
    expect((await s.anonymous().get('/api/apps')).headers.get('cache-control')).toBe('no-store');
    expect((await admin.get('/api/no-such-route')).headers.get('cache-control')).toBe('no-store');
  });

  it("hashes passwords at OWASP's scrypt cost (N=2^17, r=8, p=1) by default", async () => {
    expect(loadConfig({}).scrypt).toEqual({ logN: 17, r: 8, p: 1 });
    expect(await hashPassword('Some-pass-1', owaspScrypt)).toMatch(/^scrypt\$131072\$8\$1\$/);
  });

  it('rehashes an older, cheaper hash with the configured cost at the next sign-in', async () => {
    const id = await s.addUser('old@example.com', 'Old');
    const old = await hashPassword('User-pass-1', { logN: 4, r: 8, p: 1 });
    await s.db.db.updateTable('users').set({ password_hash: old }).where('id', '=', id).execute();
    const stored = () =>
      s.db.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
    await s.client('old@example.com', 'User-pass-1');
    const cost = s.deps.config.scrypt;
    expect((await stored()).password_hash).toMatch(
      new RegExp(`^scrypt\\$${2 ** cost.logN}\\$${cost.r}\\$${cost.p}\\$`),
    );
    // The new hash still takes the same password, and only it.
    expect(
      (await s.anonymous().post('/api/auth/login', { email: 'old@example.com', password: 'User-pass-1' }))
        .status,
    ).toBe(200);
    expect(
      (await s.anonymous().post('/api/auth/login', { email: 'old@example.com', password: 'User-pass-2' }))
        .status,
    ).toBe(401);
  });
});
