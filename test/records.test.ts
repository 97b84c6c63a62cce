import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

/** A customer form like the 客户信息档案 template's, created through the API. */
export const customerForm = {
  key: 'customers',
  name: '客户信息档案',
  fields: [
    { key: 'customerNo', type: 'autonumber', label: '客户编号', format: 'C{YYYY}{0000}' },
    { key: 'customerName', type: 'text', label: '客户名称', required: true, unique: true },
    {
      key: 'tier',
      type: 'select',
      label: '客户分层',
      options: [
        { value: 'high', label: '高价值', color: 'red' },
        { value: 'potential', label: '潜力' },
        { value: 'normal', label: '普通' },
      ],
    },
    { key: 'amount', type: 'currency', label: '累计合作金额' },
    { key: 'phone', type: 'phone', label: '联系方式' },
    {
      key: 'tags',
      type: 'multiselect',
      label: '核心需求标签',
      options: [
        { value: 'price', label: '价格' },
        { value: 'service', label: '服务' },
      ],
    },
    { key: 'since', type: 'date', label: '合作开始' },
    {
      key: 'years',
      type: 'formula',
      label: '合作年数',
      expression: 'DATEDIF({since}, DATE(2026, 3, 15), "y")',
    },
  ],
};

describe.each(engines)('records API on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let formId: string;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    const app = await admin.post('/api/apps', { name: '客户管理' });
    const form = await admin.post(`/api/apps/${app.body.id}/forms`, customerForm);
    expect(form.status).toBe(201);
    formId = form.body.id;
  });
  afterAll(() => s?.close());

  it('creates a record with a generated number, exact money and a computed formula', async () => {
    const r = await admin.post(`/api/forms/${formId}/records`, {
      fields: {
        customerName: 'A公司',
        tier: 'high',
        amount: 1234.56,
        since: '2020-01-10',
        tags: ['price', 'price', 'service'],
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.fields.customerNo).toMatch(/^C\d{4}0001$/);
    expect(r.body.fields.amount).toBe(1234.56);
    expect(r.body.fields.tags).toEqual(['price', 'service']);
    expect(r.body.fields.years).toBe(6);
    expect(r.body.version).toBe(1);
    expect(r.body.state).toBeNull();
  });

  it('refuses a duplicate unique value and an unknown field with field-level details', async () => {
    const dup = await admin.post(`/api/forms/${formId}/records`, { fields: { customerName: 'A公司' } });
    expect(dup.status).toBe(422);
    expect(dup.body.error.details[0].path).toBe('/fields/customerName');
    const unknown = await admin.post(`/api/forms/${formId}/records`, {
      fields: { customerName: 'B', nope: 1 },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.map((d: { path: string }) => d.path)).toContain('/fields/nope');
  });

  it('patches with optimistic concurrency and keeps a history of before and after', async () => {
    const c = await admin.post(`/api/forms/${formId}/records`, {
      fields: { customerName: 'C公司', amount: 10 },
    });
    const p = await admin.patch(`/api/forms/${formId}/records/${c.body.id}`, {
      fields: { amount: 20.5 },
      version: 1,
    });
    expect(p.status).toBe(200);
    expect(p.body.version).toBe(2);
    const stale = await admin.patch(`/api/forms/${formId}/records/${c.body.id}`, {
      fields: { amount: 30 },
      version: 1,
    });
    expect(stale.status).toBe(409);
    const h = await admin.get(`/api/forms/${formId}/records/${c.body.id}/history`);
    expect(h.body.items[0].changes).toEqual([
      expect.objectContaining({ key: 'amount', before: 10, after: 20.5 }),
    ]);
  });

  it('creates a batch all or nothing, naming the failing record', async () => {
    const before = await admin.get(`/api/forms/${formId}/records?count=true&limit=1`);
    const bad = await admin.post(`/api/forms/${formId}/records/batch`, {
      records: [{ fields: { customerName: 'D1' } }, { fields: { customerName: 'D2', tier: 'vip' } }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('/records/1/fields/tier');
    const after = await admin.get(`/api/forms/${formId}/records?count=true&limit=1`);
    expect(after.body.total).toBe(before.body.total);
    const ok = await admin.post(`/api/forms/${formId}/records/batch`, {
      records: [
        { fields: { customerName: 'D1', tier: 'high' } },
        { fields: { customerName: 'D2', tier: 'normal' } },
      ],
    });
    expect(ok.status).toBe(201);
    expect(ok.body.items.map((r: { fields: { customerName: string } }) => r.fields.customerName)).toEqual([
      'D1',
      'D2',
    ]);
  });

  it('filters, sorts and pages by cursor without gaps or repeats', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `P${String(i).padStart(2, '0')}`);
    await admin.post(`/api/forms/${formId}/records/batch`, {
      records: names.map((n, i) => ({ fields: { customerName: n, tier: 'potential', amount: i % 5 } })),
    });
    const filter = encodeURIComponent(
      JSON.stringify({
        and: [
          { field: 'tier', op: 'eq', value: 'potential' },
          { field: 'amount', op: 'gte', value: 1 },
        ],
      }),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await admin.get(
        `/api/forms/${formId}/records?filter=${filter}&sort=-amount,customerName&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((r: { fields: { customerName: string } }) => r.fields.customerName));
      cursor = page.body.nextCursor;
    } while (cursor);
    const expected = names
      .map((n, i) => ({ n, a: i % 5 }))
      .filter((x) => x.a >= 1)
      .sort((a, b) => b.a - a.a || a.n.localeCompare(b.n))
      .map((x) => x.n);
    expect(seen).toEqual(expected);
  });

  it('moves a record to the recycle bin and restores it', async () => {
    const c = await admin.post(`/api/forms/${formId}/records`, { fields: { customerName: 'E公司' } });
    expect((await admin.del(`/api/forms/${formId}/records/${c.body.id}`)).status).toBe(200);
    expect((await admin.get(`/api/forms/${formId}/records/${c.body.id}`)).status).toBe(404);
    const bin = await admin.get(`/api/forms/${formId}/records?deleted=true`);
    expect(bin.body.items.map((r: { id: string }) => r.id)).toContain(c.body.id);
    expect((await admin.post(`/api/forms/${formId}/records/${c.body.id}/restore`)).status).toBe(200);
    expect((await admin.get(`/api/forms/${formId}/records/${c.body.id}`)).body.fields.customerName).toBe(
      'E公司',
    );
  });

  it('aggregates sums of money exactly, grouped by a select field', async () => {
    const r = await admin.post(`/api/forms/${formId}/aggregate`, {
      filter: { field: 'tier', op: 'in', value: ['high', 'normal'] },
      groupBy: ['tier'],
      metrics: [{ op: 'count' }, { op: 'sum', field: 'amount' }],
    });
    expect(r.status).toBe(200);
    const high = r.body.rows.find((x: { group: { tier: string } }) => x.group.tier === 'high');
    expect(high.values).toEqual({ count: 2, sum_amount: 1234.56 });
  });
});
