import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../support/checks.js';
import { engines } from '../support/engines.js';
import { Client, type TestServer, fakeClock, startServer } from '../support/server.js';

describe.each(engines)('API tokens: expiry, read-only, app scope and revocation on %s', (engine) => {
  const clock = fakeClock('2026-03-15T02:00:00.000Z');
  let s: TestServer;
  let admin: Client;
  let member: Client;
  let memberId: string;
  const app: Record<'a' | 'b', { id: string; formId: string }> = {} as never;
  const bearer = (token: string) => new Client(s.app, token);
  const mint = async (who: Client, body: Record<string, unknown>) => {
    const r = await who.post('/api/tokens', { name: 'script', ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as {
      id: string;
      token: string;
      expiresAt: string | null;
      readOnly: boolean;
      appId: string | null;
    };
  };

  beforeAll(async () => {
    s = await startServer(engine, { clock });
    admin = await s.client();
    for (const key of ['a', 'b'] as const) {
      const a = (await admin.post('/api/apps', { name: `应用${key}` })).body;
      const f = (
        await admin.post(`/api/apps/${a.id}/forms`, {
          key: 'items',
          name: '条目',
          fields: [{ key: 'name', type: 'text', label: '名称' }],
        })
      ).body;
      app[key] = { id: a.id, formId: f.id };
      await admin.post(`/api/forms/${f.id}/records`, { fields: { name: `${key}1` } });
    }
    // A member whose role covers every app.
    const role = (
      await admin.post('/api/roles', {
        name: '全部应用',
        grants: [{ actions: ['read', 'create'], scope: 'all' }],
      })
    ).body.id;
    memberId = (
      await admin.post('/api/users', {
        email: 'm@example.com',
        name: 'M',
        password: 'User-pass-1',
        roleIds: [role],
      })
    ).body.id;
    member = await s.client('m@example.com', 'User-pass-1');
  });
  afterAll(() => s?.close());

  it('lists each token with its expiry, read-only flag and app, never its secret', async () => {
    const t = await mint(admin, { name: 'BI', expiresInDays: 30, readOnly: true, appId: app.a.id });
    expect(t).toMatchObject({ readOnly: true, appId: app.a.id, expiresAt: '2026-04-14T02:00:00.000Z' });
    const listed = (await admin.get('/api/tokens')).body.items.find((x: { id: string }) => x.id === t.id);
    expect(listed).toMatchObject({
      name: 'BI',
      readOnly: true,
      appId: app.a.id,
      expiresAt: '2026-04-14T02:00:00.000Z',
      revokedAt: null,
    });
    expect(JSON.stringify((await admin.get('/api/tokens')).body)).not.toContain(t.token);
  });

  it('stops a token at its expiry and refuses expiries in the past or given twice', async () => {
    const t = await mint(admin, { expiresInDays: 1 });
    expect((await bearer(t.token).get('/api/apps')).status).toBe(200);
    clock.advance(86400_000 + 1000);
    expectError(await bearer(t.token).get('/api/apps'), 401);
    const at = await mint(admin, { expiresAt: new Date(clock.now().getTime() + 3600_000).toISOString() });
    expect((await bearer(at.token).get('/api/apps')).status).toBe(200);
    clock.advance(3600_000);
    expectError(await bearer(at.token).get('/api/apps'), 401);
    expectError(
      await admin.post('/api/tokens', { name: 'x', expiresAt: '2020-01-01T00:00:00Z' }),
      422,
      '/expiresAt',
    );
    expectError(
      await admin.post('/api/tokens', { name: 'x', expiresAt: '2030-01-01T00:00:00Z', expiresInDays: 3 }),
      422,
      '/expiresInDays',
    );
    expectError(await admin.post('/api/tokens', { name: 'x', expiresInDays: 0 }), 422, '/expiresInDays');
  });

  it('lets a read-only token read but not write', async () => {
    const t = bearer((await mint(admin, { readOnly: true })).token);
    expect((await t.get(`/api/forms/${app.a.formId}/records`)).body.items.length).toBeGreaterThan(0);
    expectError(await t.post('/api/apps', { name: 'nope' }), 403);
    expectError(await t.post(`/api/forms/${app.a.formId}/records`, { fields: { name: 'nope' } }), 403);
    const rec = (await t.get(`/api/forms/${app.a.formId}/records`)).body.items[0];
    expectError(
      await t.patch(`/api/forms/${app.a.formId}/records/${rec.id}`, {
        fields: { name: 'x' },
        version: rec.version,
      }),
      403,
    );
    expectError(await t.del(`/api/forms/${app.a.formId}/records/${rec.id}`), 403);
    expect((await admin.get(`/api/forms/${app.a.formId}/records/${rec.id}`)).body.fields.name).toBe(
      rec.fields.name,
    );
  });

  it("gives an admin's app-scoped token full rights on its app and no admin power beyond it", async () => {
    const t = bearer((await mint(admin, { appId: app.a.id })).token);
    expect((await t.post(`/api/forms/${app.a.formId}/records`, { fields: { name: 'a2' } })).status).toBe(201);
    expect((await t.get(`/api/forms/${app.a.formId}`)).status).toBe(200);
    expect((await t.get('/api/apps')).body.items.map((a: { id: string }) => a.id)).toEqual([app.a.id]);
    expect([403, 404]).toContain((await t.get(`/api/forms/${app.b.formId}/records`)).status);
    expect([403, 404]).toContain(
      (await t.post(`/api/forms/${app.b.formId}/records`, { fields: { name: 'b2' } })).status,
    );
    expectError(await t.post('/api/apps', { name: 'nope' }), 403);
    expectError(
      await t.post('/api/users', {
        email: 'evil@example.com',
        name: 'E',
        password: 'User-pass-1',
        isAdmin: true,
      }),
      403,
    );
    expectError(await t.patch(`/api/users/${memberId}`, { isAdmin: true }), 403);
    expectError(await t.get('/api/roles'), 403);
    expectError(await t.get('/api/audit'), 403);
    expect((await t.get('/api/auth/me')).body.user.isAdmin).toBe(false);
  });

  it("keeps a member's app-scoped token to their grants on that app", async () => {
    const t = bearer((await mint(member, { appId: app.b.id })).token);
    expect((await t.get(`/api/forms/${app.b.formId}/records`)).status).toBe(200);
    expect([403, 404]).toContain((await t.get(`/api/forms/${app.a.formId}/records`)).status);
    expect((await member.get(`/api/forms/${app.a.formId}/records`)).status).toBe(200);
    expectError(
      await member.post('/api/tokens', { name: 'x', appId: 'app_000000000000000000' }),
      422,
      '/appId',
    );
  });

  it('refuses to let a token mint a token, revoke one or change the password', async () => {
    const t = await mint(admin, {});
    expectError(await bearer(t.token).post('/api/tokens', { name: 'wider' }), 403);
    expectError(await bearer(t.token).del(`/api/tokens/${t.id}`), 403);
    expectError(
      await bearer(t.token).post('/api/auth/password', {
        currentPassword: 'Admin-pass-1',
        newPassword: 'Other-pass-2',
      }),
      403,
    );
  });

  it('ends every token of a user when they change their password, an admin resets it, or they are deactivated', async () => {
    const own = await mint(member, {});
    const scoped = await mint(member, { appId: app.b.id, readOnly: true });
    expect(
      (
        await member.post('/api/auth/password', {
          currentPassword: 'User-pass-1',
          newPassword: 'User-pass-2',
        })
      ).status,
    ).toBe(200);
    expectError(await bearer(own.token).get('/api/apps'), 401);
    expectError(await bearer(scoped.token).get('/api/apps'), 401);
    expect(
      (await member.get('/api/tokens')).body.items.every((x: { revokedAt: string | null }) => x.revokedAt),
    ).toBe(true);

    const afterChange = await mint(member, {});
    expect((await admin.patch(`/api/users/${memberId}`, { password: 'User-pass-3' })).status).toBe(200);
    expectError(await bearer(afterChange.token).get('/api/apps'), 401);

    const m = await s.client('m@example.com', 'User-pass-3');
    const beforeDeactivation = await mint(m, {});
    expect((await admin.patch(`/api/users/${memberId}`, { active: false })).status).toBe(200);
    expectError(await bearer(beforeDeactivation.token).get('/api/apps'), 401);
    expect((await admin.patch(`/api/users/${memberId}`, { active: true })).status).toBe(200);
    expectError(await bearer(beforeDeactivation.token).get('/api/apps'), 401);
  });
});
