import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { ADMIN, Client, type TestServer, startServer } from './support/server.js';

describe.each(engines)('sign-in, sessions and tokens on %s', (engine) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startServer(engine);
  });
  afterAll(() => s?.close());

  it('answers health without signing in', async () => {
    const r = await s.anonymous().get('/api/health');
    expect(r.body).toEqual({ status: 'ok', db: engine, version: expect.any(String) });
  });

  it('answers 401 in the error shape on every protected route without a session', async () => {
    const c = s.anonymous();
    for (const [m, p] of [
      ['GET', '/api/apps'],
      ['GET', '/api/auth/me'],
      ['POST', '/api/apps'],
      ['GET', '/api/forms/frm_000000000000000000/records'],
      ['GET', '/api/users'],
      ['POST', '/api/tokens'],
    ] as const) {
      const r = await c.json(m, p, m === 'GET' ? undefined : {});
      expect(r.status, `${m} ${p}`).toBe(401);
      expect(r.body.error.code).toBe('unauthorized');
    }
  });

  it('signs in with an httpOnly session cookie and a readable CSRF cookie, and signs out', async () => {
    const c = new Client(s.app);
    const bad = await c.post('/api/auth/login', { email: ADMIN.email, password: 'wrong-password-1' });
    expect(bad.status).toBe(401);
    const r = await c.raw('POST', '/api/auth/login', {
      body: JSON.stringify(ADMIN),
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(200);
    const cookies = r.headers.getSetCookie();
    expect(cookies.find((x) => x.startsWith('tessera_session='))).toMatch(/HttpOnly/i);
    expect(cookies.find((x) => x.startsWith('tessera_session='))).toMatch(/SameSite=Lax/i);
    expect(cookies.find((x) => x.startsWith('tessera_csrf='))).not.toMatch(/HttpOnly/i);
    expect((await c.get('/api/auth/me')).body.user.email).toBe(ADMIN.email);
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a state-changing cookie request without the CSRF header', async () => {
    const c = await s.client();
    const r = await c.json('POST', '/api/apps', { name: 'x' }, { 'x-csrf-token': 'forged' });
    expect(r.status).toBe(403);
    expect((await c.get('/api/apps')).body.items).toEqual([]);
  });

  it('stores passwords as scrypt hashes, never in clear', async () => {
    const u = await s.db.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', ADMIN.email)
      .executeTakeFirstOrThrow();
    expect(u.password_hash).toMatch(/^scrypt\$/);
    expect(u.password_hash).not.toContain(ADMIN.password);
  });

  it('creates an API token shown once, usable without CSRF, and revocable', async () => {
    const c = await s.client();
    const t = await c.post('/api/tokens', { name: '脚本' });
    expect(t.status).toBe(201);
    const bot = new Client(s.app, t.body.token);
    expect((await bot.post('/api/apps', { name: '脚本应用' })).status).toBe(201);
    expect(JSON.stringify((await c.get('/api/tokens')).body)).not.toContain(t.body.token);
    expect((await c.del(`/api/tokens/${t.body.id}`)).status).toBe(200);
    expect((await bot.get('/api/apps')).status).toBe(401);
  });

  it('describes itself in OpenAPI and sends security headers', async () => {
    const r = await s.anonymous().get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.paths['/api/forms/{formId}/records']).toBeDefined();
    expect(r.body.paths['/api/forms/{formId}/records'].post.requestBody).toBeDefined();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('publishes the JSON Schema of form definitions', async () => {
    const r = await s.anonymous().get('/api/schemas/form.json');
    expect(r.status).toBe(200);
    expect(r.body.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(r.body.properties.fields).toBeDefined();
    expect((await s.anonymous().get('/api/schemas/nope.json')).status).toBe(404);
  });
});
