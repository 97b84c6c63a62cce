import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../support/checks.js';
import { engines } from '../support/engines.js';
import { type Client, type TestServer, startServer } from '../support/server.js';

const PHONE = '13812345678';
const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v));

describe.each(engines)('masking of sensitive fields on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let mia: Client; // sees sensitive fields masked
  let fred: Client; // may see sensitive fields in full (details)
  let hal: Client; // amount hidden
  let appId: string;
  let customers: any;
  let interactions: any;
  const rec: Record<string, any> = {};

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    appId = (await admin.post('/api/apps', { name: '客户管理' })).body.id;
    const form = async (body: unknown) => {
      const r = await admin.post(`/api/apps/${appId}/forms`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    customers = await form({
      key: 'customers',
      name: '客户',
      fields: [
        { key: 'name', type: 'text', label: '客户名称' },
        { key: 'phone', type: 'phone', label: '联系方式', sensitive: true },
        { key: 'email', type: 'email', label: '邮箱', sensitive: true },
        { key: 'amount', type: 'currency', label: '累计合作金额' },
        { key: 'note', type: 'text', label: '备注' },
        {
          key: 'phoneTail',
          type: 'formula',
          label: '尾号',
          expression: 'RIGHT({phone}, 4)',
          resultType: 'text',
        },
        {
          key: 'double',
          type: 'formula',
          label: '双倍金额',
          expression: '{amount} * 2',
          resultType: 'number',
        },
      ],
    });
    interactions = await form({
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
        {
          key: 'phoneAgain',
          type: 'formula',
          label: '电话副本',
          expression: 'CONCAT("T:", {customerPhone})',
          resultType: 'text',
        },
        {
          key: 'customerTail',
          type: 'lookup',
          label: '客户尾号',
          relationField: 'customer',
          targetField: 'phoneTail',
        },
      ],
    });
    const role = async (name: string, grants: unknown[]) =>
      (await admin.post('/api/roles', { name, grants })).body.id as string;
    const masked = await role('只读', [{ appId, actions: ['read', 'export'], scope: 'all' }]);
    const full = await role('全看', [
      { appId, actions: ['read', 'export'], scope: 'all', sensitive: 'full' },
    ]);
    const noAmount = await role('无金额', [
      { appId, actions: ['read', 'export'], scope: 'all', sensitive: 'full', fields: { amount: 'hidden' } },
    ]);
    for (const [name, roleIds] of [
      ['mia', [masked]],
      ['fred', [full]],
      ['hal', [noAmount]],
    ] as const)
      expect(
        (
          await admin.post('/api/users', {
            email: `${name}@example.com`,
            name,
            password: 'User-pass-1',
            roleIds,
          })
        ).status,
      ).toBe(201);
    mia = await s.client('mia@example.com', 'User-pass-1');
    fred = await s.client('fred@example.com', 'User-pass-1');
    hal = await s.client('hal@example.com', 'User-pass-1');
    const customer = async (name: string, phone: string, email: string) =>
      (rec[name] = (
        await admin.post(`/api/forms/${customers.id}/records`, {
          fields: { name, phone, email, amount: 100, note: `note ${name}` },
        })
      ).body);
    await customer('c1', PHONE, 'zhang@example.com');
    await customer('c2', '13900001111', 'li@example.com');
    await customer('c3', '13700002222', 'wang@example.org');
    rec.i1 = (
      await admin.post(`/api/forms/${interactions.id}/records`, {
        fields: { topic: '回访', customer: [rec.c1.id] },
      })
    ).body;
  });
  afterAll(() => s?.close());

  const list = (who: Client, query: string, form = customers.id) =>
    who.get(`/api/forms/${form}/records?${query}`);

  it('lets a masked reader filter a sensitive field only by whole values, naming the field otherwise', async () => {
    for (const [op, value] of [
      ['contains', '1381'],
      ['startsWith', '138'],
      ['notContains', '0'],
    ] as const) {
      const r = await list(mia, `filter=${enc({ field: 'phone', op, value })}`);
      expectError(r, 400, '/filter/op');
      expect(r.body.error.message).toContain('联系方式');
    }
    for (const [op, value] of [
      ['contains', 'example.org'],
      ['startsWith', 'z'],
    ] as const)
      expectError(await list(mia, `filter=${enc({ field: 'email', op, value })}`), 400, '/filter/op');
    // Nested filters and counts go through the same check.
    expectError(
      await list(
        mia,
        `count=true&filter=${enc({ or: [{ field: 'name', op: 'eq', value: 'x' }, { not: { field: 'phone', op: 'startsWith', value: '139' } }] })}`,
      ),
      400,
      '/filter/or/1/not/op',
    );
    const exact = await list(mia, `filter=${enc({ field: 'phone', op: 'eq', value: PHONE })}`);
    expect(exact.status).toBe(200);
    expect(exact.body.items.map((r: any) => r.fields.name)).toEqual(['c1']);
    expect(exact.body.items[0].fields.phone).toBe('138****5678');
    const some = await list(
      mia,
      `filter=${enc({ field: 'phone', op: 'in', value: [PHONE, '13900001111'] })}`,
    );
    expect(some.body.items.map((r: any) => r.fields.name).sort()).toEqual(['c1', 'c2']);
    expect(
      (await list(mia, `filter=${enc({ field: 'email', op: 'ne', value: 'li@example.com' })}`)).body.items,
    ).toHaveLength(2);
    expect((await list(mia, `filter=${enc({ field: 'email', op: 'isNotEmpty' })}`)).body.items).toHaveLength(
      3,
    );
    // Someone who sees the field in full may probe it as they like.
    expect(
      (await list(fred, `filter=${enc({ field: 'phone', op: 'startsWith', value: '138' })}`)).body.items,
    ).toHaveLength(1);
  });

  it('lets a masked reader neither sort nor group by a sensitive field, in lists, exports, aggregates, views or dashboards', async () => {
    expectError(await list(mia, 'sort=phone'), 400, '/sort');
    expectError(await list(mia, 'sort=name,-email'), 400, '/sort');
    expectError(await mia.get(`/api/forms/${customers.id}/export?sort=phone`), 400, '/sort');
    expectError(
      await mia.post(`/api/forms/${customers.id}/aggregate`, {
        groupBy: ['phone'],
        metrics: [{ op: 'count' }],
      }),
      422,
      '/groupBy/0',
    );
    expectError(
      await mia.post(`/api/forms/${customers.id}/aggregate`, {
        groupBy: ['name', 'email'],
        metrics: [{ op: 'count' }],
      }),
      422,
      '/groupBy/1',
    );
    const counted = await mia.post(`/api/forms/${customers.id}/aggregate`, {
      metrics: [{ op: 'count', field: 'phone' }],
    });
    expect(counted.body.rows[0].values).toEqual({ count_phone: 3 });
    expectError(
      await mia.post(`/api/forms/${customers.id}/views`, { name: 'v', type: 'grid', sort: 'phone' }),
      422,
      '/sort',
    );
    expectError(
      await mia.post(`/api/forms/${customers.id}/views`, { name: 'v', type: 'grid', groupBy: ['phone'] }),
      422,
      '/groupBy/0',
    );
    // A view saved by an admin, sorted by the phone, does not sort a masked reader's list either.
    const view = (
      await admin.post(`/api/forms/${customers.id}/views`, { name: '按电话', type: 'grid', sort: 'phone' })
    ).body;
    expectError(await list(mia, `view=${view.id}`), 400, '/sort');
    const dash = (
      await admin.post(`/api/apps/${appId}/dashboards`, {
        name: '看板',
        widgets: [
          {
            id: 'byPhone',
            type: 'bar',
            title: '按电话',
            formId: customers.id,
            query: { groupBy: ['phone'], metrics: [{ op: 'count' }] },
            layout: { x: 0, y: 0, w: 6, h: 4 },
          },
          {
            id: 'pivot',
            type: 'pivot',
            title: '透视',
            formId: customers.id,
            query: { groupBy: ['name', 'email'], metrics: [{ op: 'count' }] },
            layout: { x: 6, y: 0, w: 6, h: 4 },
          },
          {
            id: 'top',
            type: 'list',
            title: '按电话',
            formId: customers.id,
            list: { sort: 'phone', limit: 2 },
            layout: { x: 0, y: 4, w: 6, h: 4 },
          },
        ],
      })
    ).body;
    expect(dash.id).toBeTruthy();
    const seen = await mia.post(`/api/dashboards/${dash.id}/data`, {});
    expect(seen.status).toBe(200);
    for (const w of seen.body.widgets) {
      expect(w.error, w.id).toBeTruthy();
      expect(JSON.stringify(w)).not.toContain(PHONE);
    }
    const full = await admin.post(`/api/dashboards/${dash.id}/data`, {});
    expect(full.body.widgets[0].rows).toHaveLength(3);
  });

  it('lets a reader who may see sensitive fields in full sort and group by them, still masked in lists', async () => {
    const sorted = await list(fred, 'sort=phone');
    expect(sorted.status).toBe(200);
    expect(sorted.body.items.map((r: any) => r.fields.name)).toEqual(['c3', 'c1', 'c2']);
    expect(sorted.body.items.map((r: any) => r.fields.phone)).toEqual([
      '137****2222',
      '138****5678',
      '139****1111',
    ]);
    const grouped = await fred.post(`/api/forms/${customers.id}/aggregate`, {
      groupBy: ['phone'],
      metrics: [{ op: 'count' }],
    });
    expect(grouped.status).toBe(200);
  });

  it('lets the free-text search match a masked field only by its whole value', async () => {
    expect((await list(mia, 'q=1381234')).body.items).toEqual([]);
    expect((await list(mia, 'q=5678')).body.items).toEqual([]);
    expect((await list(mia, `q=${PHONE}`)).body.items.map((r: any) => r.fields.name)).toEqual(['c1']);
    expect(
      (await mia.post(`/api/forms/${customers.id}/aggregate`, { q: '1381234', metrics: [{ op: 'count' }] }))
        .body.rows[0].values.count,
    ).toBe(0);
    // Other text fields still match by substring, and full readers by substring of the phone too.
    expect((await list(mia, 'q=note%20c')).body.items).toHaveLength(3);
    expect((await list(fred, 'q=1381234')).body.items.map((r: any) => r.fields.name)).toEqual(['c1']);
  });

  it('gives out list cursors that hold no value and refuses tampered or foreign ones', async () => {
    const first = await list(admin, 'sort=phone&limit=1');
    const cursor: string = first.body.nextCursor;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor.length).toBeLessThan(200);
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain('137');
    expect(cursor).not.toContain(Buffer.from('13700002222').toString('base64url').slice(0, 8));
    // The cursor pages on.
    const names = [first.body.items[0].fields.name];
    let next: string | null = cursor;
    while (next) {
      const page = await list(admin, `sort=phone&limit=1&cursor=${next}`);
      expect(page.status).toBe(200);
      names.push(...page.body.items.map((r: any) => r.fields.name));
      next = page.body.nextCursor;
    }
    expect(names).toEqual(['c3', 'c1', 'c2']);
    // One changed character, another sort, another form, an old-style plain cursor: 400.
    const flipped = cursor.slice(0, 20) + (cursor[20] === 'A' ? 'B' : 'A') + cursor.slice(21);
    expectError(await list(admin, `sort=phone&limit=1&cursor=${flipped}`), 400, '/cursor');
    expectError(await list(admin, `sort=-phone&limit=1&cursor=${cursor}`), 400, '/cursor');
    expectError(await list(admin, `sort=name&limit=1&cursor=${cursor}`), 400, '/cursor');
    const ofCustomers = (await list(admin, 'limit=1')).body.nextCursor;
    expect((await list(admin, `limit=1&cursor=${ofCustomers}`)).status).toBe(200);
    expectError(await list(admin, `limit=1&cursor=${ofCustomers}`, interactions.id), 400, '/cursor');
    const forged = Buffer.from(JSON.stringify(['137', 'rec_zzzzzzzzzzzzzzzzzz'])).toString('base64url');
    expectError(await list(admin, `sort=phone&limit=1&cursor=${forged}`), 400, '/cursor');
    expectError(await list(admin, 'limit=1&cursor=%00%01'), 400, '/cursor');
  });

  it('masks a lookup of a sensitive field and hides formulas over sensitive or hidden fields', async () => {
    const seen = (await list(mia, '', interactions.id)).body.items[0].fields;
    expect(seen.customerPhone).toBe('138****5678');
    expect(seen).not.toHaveProperty('phoneAgain');
    expect(seen).not.toHaveProperty('customerTail');
    const detail = (await mia.get(`/api/forms/${interactions.id}/records/${rec.i1.id}`)).body.fields;
    expect(detail.customerPhone).toBe('138****5678');
    expect(JSON.stringify(detail)).not.toContain(PHONE);
    const mine = (await list(mia, '')).body.items[0].fields;
    expect(mine).not.toHaveProperty('phoneTail');
    expect(mine.double).toBe(200);
    // The lookup is as masked as its source: filters, sorts and groups refuse it too.
    expectError(
      await list(
        mia,
        `filter=${enc({ field: 'customerPhone', op: 'contains', value: '138' })}`,
        interactions.id,
      ),
      400,
      '/filter/op',
    );
    expectError(await list(mia, 'sort=customerPhone', interactions.id), 400, '/sort');
    expectError(
      await mia.post(`/api/forms/${interactions.id}/aggregate`, {
        groupBy: ['customerPhone'],
        metrics: [{ op: 'count' }],
      }),
      422,
      '/groupBy/0',
    );
    expectError(
      await list(mia, `filter=${enc({ field: 'phoneAgain', op: 'eq', value: 'x' })}`, interactions.id),
      400,
      '/filter/field',
    );
    const csv = await mia.get(`/api/forms/${interactions.id}/export`);
    expect(csv.status).toBe(200);
    expect(String(csv.body)).toContain('138****5678');
    expect(String(csv.body)).not.toContain(PHONE);
    // In full in a detail for those allowed, masked in their lists; hidden with the field it uses.
    expect((await fred.get(`/api/forms/${interactions.id}/records/${rec.i1.id}`)).body.fields).toMatchObject({
      customerPhone: PHONE,
      phoneAgain: `T:${PHONE}`,
      customerTail: '5678',
    });
    expect((await list(fred, '', interactions.id)).body.items[0].fields.customerPhone).toBe('138****5678');
    const hals = (await list(hal, '')).body.items[0].fields;
    expect(hals).not.toHaveProperty('amount');
    expect(hals).not.toHaveProperty('double');
    expect(
      (await admin.get(`/api/forms/${interactions.id}/records/${rec.i1.id}`)).body.fields.phoneAgain,
    ).toBe(`T:${PHONE}`);
  });

  it('keeps hidden, derived-hidden and removed fields out of a record’s history', async () => {
    const c1 = (await admin.get(`/api/forms/${customers.id}/records/${rec.c1.id}`)).body;
    expect(
      (
        await admin.patch(`/api/forms/${customers.id}/records/${c1.id}`, {
          fields: { amount: 300, phone: '13812340000' },
          version: c1.version,
        })
      ).status,
    ).toBe(200);
    const halHistory = (await hal.get(`/api/forms/${customers.id}/records/${c1.id}/history`)).body.items;
    const halKeys = halHistory.flatMap((h: any) => h.changes.map((ch: any) => ch.key));
    expect(halKeys).toContain('name');
    expect(halKeys).not.toContain('amount');
    expect(halKeys).not.toContain('double');
    const miaHistory = (await mia.get(`/api/forms/${customers.id}/records/${c1.id}/history`)).body.items;
    const miaText = JSON.stringify(miaHistory);
    expect(miaText).not.toContain('1381234');
    expect(miaText).not.toContain('"phoneTail"');
    expect(miaText).toContain('138****0000');
    // Remove the note field (its data is kept until purged): no one's history shows it any more.
    const form = (await admin.get(`/api/forms/${customers.id}`)).body;
    const put = await admin.put(`/api/forms/${customers.id}`, {
      ...form,
      fields: form.fields.filter((f: any) => f.key !== 'note'),
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    for (const who of [admin, mia, fred]) {
      const text = JSON.stringify(
        (await who.get(`/api/forms/${customers.id}/records/${c1.id}/history`)).body,
      );
      expect(text).not.toContain('note c1');
    }
  });
});
