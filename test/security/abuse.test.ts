import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../../server/auth/trust-proxy.js';
import { expectError } from '../support/checks.js';
import { engines } from '../support/engines.js';
import { type Client, type TestServer, fakeClock, startServer } from '../support/server.js';
import { fromAddress } from './access.helpers.js';

const count = (statuses: number[], status: number) => statuses.filter((x) => x === status).length;

describe.each(engines)('sign-in and password throttling on %s', (engine) => {
  const clock = fakeClock('2026-03-15T02:00:00.000Z');
  let s: TestServer;
  let n = 0;
  /** A fresh account, so each test starts with no attempts counted. */
  const account = async () => {
    const email = `owner${++n}@example.com`;
    await s.addUser(email, `Owner ${n}`);
    return email;
  };

  beforeAll(async () => {
    s = await startServer(engine, { clock });
  });
  afterAll(() => s?.close());

  it('lets 30 parallel wrong sign-ins from one address check at most 5 passwords', async () => {
    const email = await account();
    const stranger = fromAddress(s, '203.0.113.10');
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => stranger.login(email, 'Wrong-pass-1')),
    );
    const statuses = replies.map((r) => r.status);
    expect(count(statuses, 401)).toBe(5);
    expect(count(statuses, 429)).toBe(25);
    const refused = replies.find((r) => r.status === 429)!;
    expectError(refused as never, 429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it("does not let a stranger's failures from one address stop the owner signing in from another", async () => {
    const email = await account();
    const stranger = fromAddress(s, '203.0.113.11');
    await Promise.all(Array.from({ length: 30 }, () => stranger.login(email, 'Wrong-pass-1')));
    expect((await stranger.login(email, 'User-pass-1')).status).toBe(429);
    expect((await fromAddress(s, '198.51.100.20').login(email, 'User-pass-1')).status).toBe(200);
  });

  it('only slows an account down, by a minute at most, when failures come from many addresses', async () => {
    const email = await account();
    const retries: number[] = [];
    // Strangers from ever new addresses, until the account makes the next attempt wait 8 s or more.
    for (let i = 0; i < 200 && !(retries.at(-1)! >= 8); i++) {
      const r = await fromAddress(s, `192.0.2.${i + 1}`).login(email, 'Wrong-pass-1');
      expect([401, 429]).toContain(r.status);
      if (r.status === 429) retries.push(Number(r.headers.get('retry-after')));
      clock.advance(500);
    }
    expect(retries.at(-1)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...retries)).toBeLessThanOrEqual(60);
    // The owner, impatient, tries again and again meanwhile: the refused tries check no password
    // and so do not count against the owner's own address.
    const owner = fromAddress(s, '198.51.100.21');
    let last;
    for (let i = 0; i < 8; i++) {
      last = await owner.login(email, 'User-pass-1');
      expect(last.status).toBe(429);
    }
    const wait = Number(last!.headers.get('retry-after'));
    expect(wait).toBeLessThanOrEqual(60);
    clock.advance(wait * 1000);
    expect((await owner.login(email, 'User-pass-1')).status).toBe(200);
  });

  it('forgets an address-and-account limit once its window has passed', async () => {
    const email = await account();
    const me = fromAddress(s, '203.0.113.12');
    for (let i = 0; i < 5; i++) expect((await me.login(email, 'Wrong-pass-1')).status).toBe(401);
    expect((await me.login(email, 'User-pass-1')).status).toBe(429);
    clock.advance(15 * 60_000);
    expect((await me.login(email, 'User-pass-1')).status).toBe(200);
  });

  it('ignores X-Forwarded-For without TESSERA_TRUST_PROXY: a forged header does not reset the limit', async () => {
    const email = await account();
    const replies = [];
    for (let i = 0; i < 7; i++)
      replies.push(
        (
          await fromAddress(s, '203.0.113.13', { 'x-forwarded-for': `10.1.1.${i}` }).login(
            email,
            'Wrong-pass-1',
          )
        ).status,
      );
    expect(replies).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const logged = await s.db.db
      .selectFrom('audit_log')
      .select('ip')
      .where('action', '=', 'auth.login_failed')
      .where('summary', '=', email)
      .execute();
    expect(new Set(logged.map((r) => r.ip))).toEqual(new Set(['203.0.113.13']));
  });

  it('throttles password changes with a wrong current password, also when they come in parallel', async () => {
    const email = await account();
    const c: Client = await s.client(email, 'User-pass-1');
    const wrong = await Promise.all(
      Array.from({ length: 10 }, () =>
        c.post('/api/auth/password', { currentPassword: 'Wrong-pass-1', newPassword: 'Next-pass-2' }),
      ),
    );
    expect(
      count(
        wrong.map((r) => r.status),
        422,
      ),
    ).toBe(5);
    expect(
      count(
        wrong.map((r) => r.status),
        429,
      ),
    ).toBe(5);
    expectError(
      await c.post('/api/auth/password', { currentPassword: 'User-pass-1', newPassword: 'Next-pass-2' }),
      429,
    );
    clock.advance(15 * 60_000);
    expect(
      (await c.post('/api/auth/password', { currentPassword: 'User-pass-1', newPassword: 'Next-pass-2' }))
        .status,
    ).toBe(200);
  });
});

describe.each(engines)('the client address behind a trusted proxy on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer(engine, { config: { trustProxy: parseTrustProxy('10.0.0.0/8') } });
    await s.addUser('p@example.com', 'P');
  });
  afterAll(() => s?.close());

  it('counts limits per forwarded address only when the request comes through a listed proxy', async () => {
    // Through the proxy: each forwarded client has its own limit.
    for (let i = 0; i < 5; i++)
      expect(
        (
          await fromAddress(s, '10.0.0.2', { 'x-forwarded-for': '198.51.100.1' }).login(
            'p@example.com',
            'Wrong-pass-1',
          )
        ).status,
      ).toBe(401);
    expect(
      (
        await fromAddress(s, '10.0.0.2', { 'x-forwarded-for': '198.51.100.1' }).login(
          'p@example.com',
          'User-pass-1',
        )
      ).status,
    ).toBe(429);
    expect(
      (
        await fromAddress(s, '10.0.0.2', { 'x-forwarded-for': '198.51.100.2' }).login(
          'p@example.com',
          'User-pass-1',
        )
      ).status,
    ).toBe(200);
    // Straight from the internet: the header is the client's own word, and ignored.
    for (let i = 0; i < 5; i++)
      await fromAddress(s, '203.0.113.50', { 'x-forwarded-for': `198.51.100.${10 + i}` }).login(
        'p@example.com',
        'Wrong-pass-1',
      );
    expect(
      (
        await fromAddress(s, '203.0.113.50', { 'x-forwarded-for': '198.51.100.99' }).login(
          'p@example.com',
          'User-pass-1',
        )
      ).status,
    ).toBe(429);
  });
});

describe.each(engines)('public survey links against replays and probing on %s', (engine) => {
  const clock = fakeClock('2026-03-15T02:00:00.000Z');
  let s: TestServer;
  let admin: Client;
  let form: any;
  let token: string;
  let ip = 0;
  const stranger = () => fromAddress(s, `198.51.100.${++ip}`);
  const open = async (who = stranger()) =>
    (await who.send('GET', `/api/public/forms/${token}`)).body.startedAt as string;
  const submit = (startedAt: string, fields: Record<string, unknown>, who = stranger()) =>
    who.send('POST', `/api/public/forms/${token}/submit`, { fields, startedAt });
  const records = async () =>
    (await admin.get(`/api/forms/${form.id}/records?count=true`)).body.total as number;

  beforeAll(async () => {
    s = await startServer(engine, { clock });
    admin = await s.client();
    const app = (await admin.post('/api/apps', { name: '报名' })).body;
    form = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'signup',
        name: '活动报名',
        fields: [
          { key: 'name', type: 'text', label: '姓名', required: true },
          { key: 'email', type: 'email', label: '邮箱', unique: true },
        ],
      })
    ).body;
    token = (await admin.get(`/api/forms/${form.id}/public-link`)).body.token;
  });
  afterAll(() => s?.close());

  it('takes one submission per fill token and refuses its replay', async () => {
    const startedAt = await open();
    clock.advance(5000);
    expect((await submit(startedAt, { name: '甲' })).status).toBe(201);
    const replay = await submit(startedAt, { name: '甲again' });
    expectError(replay as never, 422, '/startedAt');
    expect(replay.body.error.message).toMatch(/already used/);
  });

  it('lets only one of ten concurrent submissions with the same fill token through', async () => {
    const before = await records();
    const startedAt = await open();
    clock.advance(5000);
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => submit(startedAt, { name: `并发${i}` })),
    );
    expect(
      count(
        replies.map((r) => r.status),
        201,
      ),
    ).toBe(1);
    expect(
      count(
        replies.map((r) => r.status),
        422,
      ),
    ).toBe(9);
    expect(await records()).toBe(before + 1);
  });

  it('keeps the fill token when a submission is refused, so the visitor can correct it', async () => {
    const startedAt = await open();
    clock.advance(5000);
    expectError((await submit(startedAt, { email: 'no-name@example.com' })) as never, 422, '/fields/name');
    expect((await submit(startedAt, { name: '乙', email: 'no-name@example.com' })).status).toBe(201);
  });

  it('answers a unique clash exactly like a success, storing nothing, so a link never tells what exists', async () => {
    await admin.post(`/api/forms/${form.id}/records`, {
      fields: { name: '老客户', email: 'vip@example.com' },
    });
    const before = await records();
    const a = await open();
    const b = await open();
    clock.advance(5000);
    const fresh = await submit(a, { name: '新人', email: 'new@example.com' });
    const clash = await submit(b, { name: '冒充', email: 'vip@example.com' });
    expect(clash.status).toBe(fresh.status);
    expect(Object.keys(clash.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(clash.body.formId).toBe(form.id);
    expect(JSON.stringify(clash.body)).not.toMatch(/already|exists|used|unique/i);
    expect(await records()).toBe(before + 1);
    expectError(await admin.get(`/api/forms/${form.id}/records/${clash.body.id}`), 404);
    // The form's managers can see what happened, and the token is spent as a success's is.
    const audit = await s.db.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'record.public_duplicate')
      .execute();
    expect(audit.length).toBe(1);
    expectError((await submit(b, { name: '冒充', email: 'vip@example.com' })) as never, 422, '/startedAt');
  });
});
