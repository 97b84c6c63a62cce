import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../server/auth/trust-proxy.js';
import { expectError } from './support/checks.js';
import { engines } from './support/engines.js';
import { type Client, type TestServer, fakeClock, startServer } from './support/server.js';

describe.each(engines)('public survey links on %s', (engine) => {
  const clock = fakeClock('2026-03-15T02:00:00.000Z');
  let s: TestServer;
  let admin: Client;
  let form: any;
  let ip = 0;

  /** A stranger from a fresh address (the rate limit counts per IP). */
  const stranger = () => {
    const c = s.anonymous();
    const addr = `10.0.0.${++ip}`;
    return {
      get: (path: string) => c.raw('GET', path, { headers: { 'x-forwarded-for': addr } }),
      submit: (token: string, body: unknown) =>
        c.raw('POST', `/api/public/forms/${token}/submit`, {
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json', 'x-forwarded-for': addr },
        }),
    };
  };
  /** Opens the form, waits like a person would, and submits it. */
  const fill = async (
    token: string,
    fields: Record<string, unknown>,
    who = stranger(),
    extra: Record<string, unknown> = {},
  ) => {
    const page = await who.get(`/api/public/forms/${token}`);
    clock.advance(5000);
    return who.submit(token, { fields, startedAt: page.body.startedAt, ...extra });
  };

  beforeAll(async () => {
    // One proxy in front (the test's x-forwarded-for plays it): the rate limit counts per client address.
    s = await startServer(engine, { clock, config: { trustProxy: parseTrustProxy('1') } });
    admin = await s.client();
    const app = (await admin.post('/api/apps', { name: '调研' })).body;
    form = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'survey',
        name: '客户满意度调查',
        fields: [
          { key: 'name', type: 'text', label: '姓名', required: true },
          { key: 'score', type: 'rating', label: '评分' },
          {
            key: 'channel',
            type: 'select',
            label: '渠道',
            options: [
              { value: 'web', label: '网站' },
              { value: 'phone', label: '电话' },
            ],
          },
          { key: 'owner', type: 'member', label: '跟进人' },
          { key: 'no', type: 'autonumber', label: '编号', format: 'S{0000}' },
        ],
      })
    ).body;
  });
  afterAll(() => s?.close());

  it('creates the link once and lets managers change it', async () => {
    const first = await admin.get(`/api/forms/${form.id}/public-link`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      token: expect.any(String),
      url: `/public/forms/${first.body.token}`,
      enabled: true,
      expiresAt: null,
      maxResponses: null,
      responses: 0,
    });
    expect((await admin.get(`/api/forms/${form.id}/public-link`)).body.token).toBe(first.body.token);
    const patched = await admin.patch(`/api/forms/${form.id}/public-link`, {
      maxResponses: 100,
      expiresAt: '2026-12-31T00:00:00+08:00',
    });
    expect(patched.body).toMatchObject({
      token: first.body.token,
      maxResponses: 100,
      expiresAt: '2026-12-30T16:00:00.000Z',
    });
    expectError(
      await admin.patch(`/api/forms/${form.id}/public-link`, { maxResponses: 0 }),
      422,
      '/maxResponses',
    );
    const member = (
      await admin.post('/api/roles', {
        name: '填报',
        grants: [{ formId: form.id, actions: ['read', 'create'], scope: 'all' }],
      })
    ).body.id;
    await admin.post('/api/users', {
      email: 'm@example.com',
      name: 'M',
      password: 'User-pass-1',
      roleIds: [member],
    });
    expectError(
      await (await s.client('m@example.com', 'User-pass-1')).get(`/api/forms/${form.id}/public-link`),
      403,
    );
  });

  it('shows strangers only the fields that make sense publicly', async () => {
    const { token } = (await admin.get(`/api/forms/${form.id}/public-link`)).body;
    const r = await stranger().get(`/api/public/forms/${token}`);
    expect(r.status).toBe(200);
    expect(r.body.name).toBe('客户满意度调查');
    expect(Object.keys(r.body.jsonSchema.properties)).toEqual(['name', 'score', 'channel']);
    expect(r.body.startedAt).toMatch(/^\d+\./);
    expectError(await stranger().get('/api/public/forms/nope'), 404);
  });

  it('takes a submission without login or CSRF token and creates the record as the system', async () => {
    const { token } = (await admin.get(`/api/forms/${form.id}/public-link`)).body;
    const r = await fill(token, { name: '访客甲', score: 4, channel: 'web' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // The answer says it was taken, nothing more (a refused duplicate answers the same, see test/security).
    expect(Object.keys(r.body).sort()).toEqual(['createdAt', 'formId', 'id']);
    const rec = (await admin.get(`/api/forms/${form.id}/records/${r.body.id}`)).body;
    expect(rec).toMatchObject({ createdBy: null, ownerId: null });
    expect(rec.fields).toMatchObject({ name: '访客甲', score: 4, channel: 'web' });
    expect(rec.fields.no).toMatch(/^S\d{4}$/);
    expect((await admin.get(`/api/forms/${form.id}/public-link`)).body.responses).toBe(1);
    const invalid = await fill(token, { score: 9 });
    expectError(invalid, 422, '/fields/name');
    expectError(await fill(token, { name: 'x', owner: 'usr_000000000000000000' }), 422, '/fields/owner');
  });

  it('rejects a filled honeypot and a form sent too quickly or without its token', async () => {
    const { token } = (await admin.get(`/api/forms/${form.id}/public-link`)).body;
    expectError(await fill(token, { name: '机器人' }, stranger(), { _hp: 'http://spam' }), 422, '/_hp');
    const who = stranger();
    const page = await who.get(`/api/public/forms/${token}`);
    expectError(
      await who.submit(token, { fields: { name: '太快' }, startedAt: page.body.startedAt }),
      422,
      '/startedAt',
    );
    expectError(await who.submit(token, { fields: { name: '无令牌' } }), 422, '/startedAt');
    expectError(
      await who.submit(token, {
        fields: { name: '伪造' },
        startedAt: `${Date.parse('2026-03-15T01:00:00Z')}.${'a'.repeat(43)}`,
      }),
      422,
      '/startedAt',
    );
  });

  it('rate-limits submissions per IP with 429', async () => {
    const { token } = (await admin.get(`/api/forms/${form.id}/public-link`)).body;
    const who = stranger();
    // Each fill token takes one submission: the form is opened once per answer.
    const pages = [];
    for (let i = 0; i < 11; i++) pages.push((await who.get(`/api/public/forms/${token}`)).body.startedAt);
    clock.advance(4000);
    for (let i = 0; i < 10; i++)
      expect((await who.submit(token, { fields: { name: `批量${i}` }, startedAt: pages[i] })).status).toBe(
        201,
      );
    const r = await who.submit(token, { fields: { name: '第十一' }, startedAt: pages[10] });
    expectError(r, 429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fill(token, { name: '另一个地址' })).status).toBe(201);
  });

  it('refuses expired, disabled and full links with a clear 403', async () => {
    const { token } = (await admin.get(`/api/forms/${form.id}/public-link`)).body;
    await admin.patch(`/api/forms/${form.id}/public-link`, { expiresAt: '2026-03-01T00:00:00Z' });
    const expired = await stranger().get(`/api/public/forms/${token}`);
    expectError(expired, 403);
    expect(expired.body.error.message).toMatch(/expired/);
    await admin.patch(`/api/forms/${form.id}/public-link`, { expiresAt: null, enabled: false });
    expect((await stranger().get(`/api/public/forms/${token}`)).body.error.message).toMatch(/closed/);
    const link = (await admin.patch(`/api/forms/${form.id}/public-link`, { enabled: true })).body;
    await admin.patch(`/api/forms/${form.id}/public-link`, { maxResponses: link.responses + 1 });
    expect((await fill(token, { name: '最后一位' })).status).toBe(201);
    const full = await fill(token, { name: '多余' });
    expectError(full, 403);
    expect(full.body.error.message).toMatch(/all the responses/);
    const rotated = (
      await admin.patch(`/api/forms/${form.id}/public-link`, { rotate: true, maxResponses: null })
    ).body;
    expect(rotated.token).not.toBe(token);
    expectError(await stranger().get(`/api/public/forms/${token}`), 404);
    expect((await fill(rotated.token, { name: '新链接' })).status).toBe(201);
  });
});
