import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

const ids = (items: Array<{ fields: { name: string } }>) => items.map((r) => r.fields.name).sort();

describe.each(engines)('permissions matrix on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  const users: Record<string, Client> = {};
  const dept: Record<string, string> = {};
  const rec: Record<string, any> = {};
  let customers: any;
  let interactions: any;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    for (const [key, name, parent] of [
      ['sales', '销售部'],
      ['east', '华东销售', 'sales'],
      ['service', '客服部'],
    ] as const)
      dept[key] = (
        await admin.post('/api/departments', { name, parentId: parent ? dept[parent] : undefined })
      ).body.id;
    const app = (await admin.post('/api/apps', { name: '客户管理' })).body;
    customers = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'customers',
        name: '客户',
        fields: [
          { key: 'name', type: 'text', label: '客户名称' },
          {
            key: 'tier',
            type: 'select',
            label: '客户分层',
            options: [
              { value: 'high', label: '高价值' },
              { value: 'normal', label: '普通' },
            ],
          },
          { key: 'phone', type: 'phone', label: '联系方式', sensitive: true },
          { key: 'amount', type: 'currency', label: '累计合作金额' },
        ],
      })
    ).body;
    interactions = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'interactions',
        name: '互动',
        fields: [
          { key: 'topic', type: 'text', label: '主题' },
          { key: 'customer', type: 'relation', label: '客户', formId: customers.id },
          {
            key: 'customerPhone',
            type: 'lookup',
            label: '客户电话',
            relationField: 'customer',
            targetField: 'phone',
          },
        ],
      })
    ).body;
    const role = async (name: string, grants: unknown[]) =>
      (await admin.post('/api/roles', { name, grants })).body.id as string;
    const own = await role('自己的客户', [
      { appId: app.id, actions: ['read', 'create', 'update'], scope: 'own' },
    ]);
    const deptRole = await role('销售', [
      {
        formId: customers.id,
        actions: ['read', 'update'],
        scope: 'department',
        fields: { phone: 'hidden', amount: 'readonly' },
      },
      { formId: interactions.id, actions: ['read'], scope: 'all' },
    ]);
    const tree = await role('销售主管', [
      { formId: customers.id, actions: ['read'], scope: 'department-tree' },
    ]);
    const high = await role('大客户', [
      {
        formId: customers.id,
        actions: ['read'],
        scope: { filter: { field: 'tier', op: 'eq', value: 'high' } },
      },
    ]);
    const all = await role('管理层', [
      { formId: customers.id, actions: ['read', 'delete'], scope: 'all', sensitive: 'full' },
    ]);
    const service = await role('客服', [
      { formId: customers.id, actions: ['read'], scope: 'all', fields: { amount: 'hidden' } },
    ]);
    await admin.patch(`/api/departments/${dept.service}`, { roleIds: [service] });
    const people: Array<[string, string, string[]]> = [
      ['alice', 'sales', [own]],
      ['bob', 'sales', [deptRole]],
      ['tina', 'sales', [tree]],
      ['eve', 'sales', [high]],
      ['sam', 'sales', [all]],
      ['dave', 'service', []],
      ['frank', 'sales', []],
    ];
    const userIds: Record<string, string> = {};
    for (const [name, d, roleIds] of people) {
      const r = await admin.post('/api/users', {
        email: `${name}@example.com`,
        name,
        password: 'User-pass-1',
        mainDepartmentId: dept[d],
        roleIds,
      });
      expect(r.status).toBe(201);
      userIds[name] = r.body.id;
      users[name] = await s.client(`${name}@example.com`, 'User-pass-1');
    }
    const make = async (name: string, tier: string, owner: string, department: string) =>
      (rec[name] = (
        await admin.post(`/api/forms/${customers.id}/records`, {
          fields: { name, tier, phone: '13812345678', amount: 100 },
          ownerId: userIds[owner],
          departmentId: dept[department],
        })
      ).body);
    await make('r1', 'high', 'alice', 'sales');
    await make('r2', 'normal', 'bob', 'sales');
    await make('r3', 'high', 'tina', 'east');
    await make('r4', 'normal', 'dave', 'service');
    await admin.post(`/api/forms/${interactions.id}/records`, {
      fields: { topic: '回访', customer: [rec.r1.id] },
    });
  });
  afterAll(() => s?.close());

  const expected: Record<string, string[]> = {
    alice: ['r1'],
    bob: ['r1', 'r2'],
    tina: ['r1', 'r2', 'r3'],
    eve: ['r1', 'r3'],
    sam: ['r1', 'r2', 'r3', 'r4'],
    dave: ['r1', 'r2', 'r3', 'r4'],
  };

  it('lists, counts and searches exactly the records each scope allows', async () => {
    for (const [who, names] of Object.entries(expected)) {
      const list = await users[who].get(`/api/forms/${customers.id}/records?count=true`);
      expect(list.status, who).toBe(200);
      expect(ids(list.body.items), who).toEqual(names);
      expect(list.body.total, who).toBe(names.length);
      const search = await users[who].get(`/api/forms/${customers.id}/records?q=r`);
      expect(ids(search.body.items), who).toEqual(names);
      const agg = await users[who].post(`/api/forms/${customers.id}/aggregate`, {
        metrics: [{ op: 'count' }],
      });
      expect(agg.body.rows[0].values.count, who).toBe(names.length);
    }
  });

  it('answers 404 for a record outside the caller’s scope, and 403 without any right', async () => {
    expect((await users.alice.get(`/api/forms/${customers.id}/records/${rec.r4.id}`)).status).toBe(404);
    expect((await users.bob.get(`/api/forms/${customers.id}/records/${rec.r3.id}`)).status).toBe(404);
    expect((await users.bob.get(`/api/forms/${customers.id}/records/${rec.r3.id}/history`)).status).toBe(404);
    expect((await users.tina.get(`/api/forms/${customers.id}/records/${rec.r3.id}`)).status).toBe(200);
    expect((await users.frank.get(`/api/forms/${customers.id}/records`)).status).toBe(403);
    expect(
      (
        await users.alice.patch(`/api/forms/${customers.id}/records/${rec.r2.id}`, {
          fields: { tier: 'high' },
          version: 1,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await users.eve.patch(`/api/forms/${customers.id}/records/${rec.r1.id}`, {
          fields: { tier: 'high' },
          version: 1,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await users.alice.patch(`/api/forms/${customers.id}/records/${rec.r1.id}`, {
          fields: { tier: 'high' },
          version: rec.r1.version,
        })
      ).status,
    ).toBe(200);
  });

  it('hides a hidden field everywhere: lists, details, history, schema, filters, aggregates and lookups', async () => {
    const list = (await users.bob.get(`/api/forms/${customers.id}/records`)).body.items;
    expect(list.every((r: any) => !('phone' in r.fields))).toBe(true);
    const one = (await users.bob.get(`/api/forms/${customers.id}/records/${rec.r2.id}`)).body;
    expect(one.fields).not.toHaveProperty('phone');
    const history = (await users.bob.get(`/api/forms/${customers.id}/records/${rec.r2.id}/history`)).body
      .items;
    expect(JSON.stringify(history)).not.toContain('13812345678');
    const schema = (await users.bob.get(`/api/forms/${customers.id}/schema`)).body;
    expect(Object.keys(schema.jsonSchema.properties)).not.toContain('phone');
    expect(schema.jsonSchema.properties.amount.readOnly).toBe(true);
    const def = (await users.bob.get(`/api/forms/${customers.id}`)).body;
    expect(def.fields.map((f: any) => f.key)).not.toContain('phone');
    const byPhone = await users.bob.get(
      `/api/forms/${customers.id}/records?filter=${encodeURIComponent(JSON.stringify({ field: 'phone', op: 'eq', value: '13812345678' }))}`,
    );
    expect(byPhone.status).toBe(400);
    expect((await users.bob.get(`/api/forms/${customers.id}/records?sort=phone`)).status).toBe(400);
    const agg = await users.dave.post(`/api/forms/${customers.id}/aggregate`, {
      metrics: [{ op: 'sum', field: 'amount' }],
    });
    expect(agg.status).toBe(422);
    const looked = (await users.bob.get(`/api/forms/${interactions.id}/records`)).body.items[0];
    expect(looked.fields).not.toHaveProperty('customerPhone');
    expect(
      (await admin.get(`/api/forms/${interactions.id}/records`)).body.items[0].fields.customerPhone,
    ).toBe('13812345678');
  });

  it('refuses writes to read-only fields', async () => {
    const r = await users.bob.patch(`/api/forms/${customers.id}/records/${rec.r2.id}`, {
      fields: { amount: 5 },
      version: rec.r2.version,
    });
    expect(r.status).toBe(403);
    expect(r.body.error.details[0].path).toBe('/fields/amount');
    expect((await admin.get(`/api/forms/${customers.id}/records/${rec.r2.id}`)).body.fields.amount).toBe(100);
  });

  it('masks sensitive fields in lists, shows them in full only to those allowed, and records that read', async () => {
    expect((await users.eve.get(`/api/forms/${customers.id}/records/${rec.r1.id}`)).body.fields.phone).toBe(
      '138****5678',
    );
    expect((await users.sam.get(`/api/forms/${customers.id}/records`)).body.items[0].fields.phone).toBe(
      '138****5678',
    );
    expect((await users.sam.get(`/api/forms/${customers.id}/records/${rec.r1.id}`)).body.fields.phone).toBe(
      '13812345678',
    );
    const log = (await admin.get('/api/audit?action=record.sensitive_read')).body.items;
    expect(log[0]).toMatchObject({ targetId: rec.r1.id, summary: 'phone' });
  });

  it('lets a reader who sees a sensitive field masked match it only whole: no substring, sort or group', async () => {
    // eve sees the phone masked; sam may see it in full.
    const url = (q: string) => `/api/forms/${customers.id}/records?${q}`;
    const f = (op: string, value: unknown) =>
      `filter=${encodeURIComponent(JSON.stringify({ field: 'phone', op, value }))}`;
    expect((await users.eve.get(url(f('startsWith', '138')))).status).toBe(400);
    expect((await users.eve.get(url('sort=phone'))).status).toBe(400);
    expect(
      (
        await users.eve.post(`/api/forms/${customers.id}/aggregate`, {
          groupBy: ['phone'],
          metrics: [{ op: 'count' }],
        })
      ).status,
    ).toBe(422);
    expect(ids((await users.eve.get(url(f('eq', '13812345678')))).body.items)).toEqual(['r1', 'r3']);
    expect(ids((await users.eve.get(url('q=1381234'))).body.items)).toEqual([]);
    expect(ids((await users.sam.get(url(f('startsWith', '138')))).body.items)).toEqual([
      'r1',
      'r2',
      'r3',
      'r4',
    ]);
    expect((await users.sam.get(url('sort=phone'))).status).toBe(200);
    expect((await users.eve.get(`/api/forms/${customers.id}/access`)).body.masked).toEqual(['phone']);
    expect((await users.sam.get(`/api/forms/${customers.id}/access`)).body.masked).toEqual([]);
  });

  it('shows members only the apps and forms they may read', async () => {
    const apps = (await users.bob.get('/api/apps')).body.items;
    expect(apps[0].forms.map((f: any) => f.key).sort()).toEqual(['customers', 'interactions']);
    expect((await users.frank.get('/api/apps')).body.items).toEqual([]);
    expect((await users.frank.post('/api/roles', { name: 'x', grants: [] })).status).toBe(403);
    expect((await users.bob.put(`/api/forms/${customers.id}`, customers)).status).toBe(403);
  });

  it('keeps a deactivated user’s records and history but ends their session', async () => {
    const u = (await admin.get('/api/users')).body.items.find((x: any) => x.email === 'alice@example.com');
    expect((await admin.patch(`/api/users/${u.id}`, { active: false })).status).toBe(200);
    expect((await users.alice.get('/api/apps')).status).toBe(401);
    expect((await admin.get(`/api/forms/${customers.id}/records/${rec.r1.id}`)).body.ownerId).toBe(u.id);
  });

  it('records sign-ins, failures and permission changes in the audit log', async () => {
    await s.anonymous().post('/api/auth/login', { email: 'bob@example.com', password: 'wrong-pass-1' });
    const log = (await admin.get('/api/audit?limit=500')).body.items.map((e: any) => e.action);
    for (const a of [
      'auth.login',
      'auth.login_failed',
      'role.created',
      'user.created',
      'department.updated',
      'form.created',
      'record.created',
      'record.updated',
    ])
      expect(log).toContain(a);
  });
});

describe.each(engines)('login throttling on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer(engine);
  });
  afterAll(() => s?.close());

  it('answers 429 with Retry-After after five wrong passwords for one account', async () => {
    const c = s.anonymous();
    for (let i = 0; i < 5; i++)
      expect(
        (await c.post('/api/auth/login', { email: 'admin@example.com', password: `wrong-${i}x` })).status,
      ).toBe(401);
    const r = await c.post('/api/auth/login', { email: 'admin@example.com', password: 'Admin-pass-1' });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe.each(engines)('what the web may show on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer(engine);
  });
  afterAll(() => s?.close());

  it('tells a member which actions they have and which fields are hidden or read-only', async () => {
    const admin = await s.client();
    const app = (await admin.post('/api/apps', { name: 'CRM' })).body;
    const form = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'c',
        name: '客户',
        fields: [
          { key: 'name', type: 'text', label: '名称' },
          { key: 'phone', type: 'phone', label: '电话' },
          { key: 'amount', type: 'currency', label: '金额' },
        ],
      })
    ).body;
    const role = (
      await admin.post('/api/roles', {
        name: '只读',
        grants: [{ formId: form.id, actions: ['read'], scope: 'all', fields: { phone: 'hidden' } }],
      })
    ).body;
    await admin.post('/api/users', {
      email: 'ro@example.com',
      name: '只读',
      password: 'User-pass-1',
      roleIds: [role.id],
    });
    const ro = await s.client('ro@example.com', 'User-pass-1');
    expect((await ro.get(`/api/forms/${form.id}/access`)).body).toMatchObject({
      actions: ['read'],
      hidden: ['phone'],
      readonly: ['name', 'phone', 'amount'],
      isAdmin: false,
    });
    expect((await admin.get(`/api/forms/${form.id}/access`)).body).toMatchObject({
      actions: ['read', 'create', 'update', 'delete', 'manage', 'export'],
      hidden: [],
      isAdmin: true,
    });
  });
});
