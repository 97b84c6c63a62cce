import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerLookups } from '../server/auth/auth.service.js';
import { engines } from './support/engines.js';
import { Client, type Client as ClientT, type TestServer, startServer } from './support/server.js';

/** How many caller lookups (session or token) one request costs. */
async function lookupsFor(send: () => Promise<{ status: number }>) {
  const before = callerLookups.count;
  const r = await send();
  return { status: r.status, lookups: callerLookups.count - before };
}

describe.each(engines)('the request gate on %s', (engine) => {
  let s: TestServer;
  let admin: ClientT;
  let formId: string;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    const app = (await admin.post('/api/apps', { name: '门禁' })).body;
    formId = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'leads',
        name: '线索',
        fields: [{ key: 'name', type: 'text', label: '名称' }],
      })
    ).body.id;
  });
  afterAll(() => s.close());

  it('authenticates a request under /forms once, though eight sub-apps are mounted there', async () => {
    const list = await lookupsFor(() => admin.get(`/api/forms/${formId}/records`));
    expect(list).toEqual({ status: 200, lookups: 1 });
    const write = await lookupsFor(() =>
      admin.post(`/api/forms/${formId}/records`, { fields: { name: '甲' } }),
    );
    expect(write).toEqual({ status: 201, lookups: 1 });
    const views = await lookupsFor(() => admin.get(`/api/forms/${formId}/views`));
    expect(views).toEqual({ status: 200, lookups: 1 });
  });

  it('authenticates an API-token request once too', async () => {
    const t = (await admin.post('/api/tokens', { name: '脚本' })).body;
    const bearer = new Client(s.app, t.token);
    expect(await lookupsFor(() => bearer.get(`/api/forms/${formId}/records`))).toEqual({
      status: 200,
      lookups: 1,
    });
  });

  it('refuses an anonymous caller on every private path, known route or not, before any route runs', async () => {
    const anon = s.anonymous();
    for (const path of [
      `/api/forms/${formId}/records`,
      '/api/auth/me',
      '/api/apps',
      '/api/templates',
      '/api/no-such-route',
    ])
      expect((await anon.get(path)).status, path).toBe(401);
    expect((await anon.post('/api/auth/logout')).status).toBe(401);
  });

  it('lets the public paths through without a caller and without a lookup', async () => {
    const anon = s.anonymous();
    expect(await lookupsFor(() => anon.get('/api/health'))).toEqual({ status: 200, lookups: 0 });
    expect(await lookupsFor(() => anon.get('/api/schemas/form.json'))).toEqual({ status: 200, lookups: 0 });
    expect(await lookupsFor(() => anon.get('/api/public/forms/not-a-token'))).toMatchObject({ lookups: 0 });
    expect((await anon.get('/api/public/forms/not-a-token')).status).toBe(404);
    expect((await anon.post('/api/auth/login', { email: 'nobody@example.com', password: 'x' })).status).toBe(
      401,
    );
  });
});
