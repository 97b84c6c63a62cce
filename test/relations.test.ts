import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

describe.each(engines)('relations, lookups and rollups on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let customers: any;
  let interactions: any;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    const app = (await admin.post('/api/apps', { name: 'CRM' })).body;
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
        ],
      })
    ).body;
    const created = await admin.post(`/api/apps/${app.id}/forms`, {
      key: 'interactions',
      name: '客户互动记录',
      fields: [
        { key: 'topic', type: 'text', label: '互动主题' },
        { key: 'date', type: 'date', label: '互动日期' },
        { key: 'cost', type: 'currency', label: '费用' },
        { key: 'customer', type: 'relation', label: '客户', formId: customers.id },
        {
          key: 'customerTier',
          type: 'lookup',
          label: '客户分层',
          relationField: 'customer',
          targetField: 'tier',
        },
      ],
    });
    expect(created.status).toBe(201);
    interactions = created.body;
    customers = (await admin.get(`/api/forms/${customers.id}`)).body;
  });
  afterAll(() => s?.close());

  it('gives the target form a reverse relation field automatically', () => {
    const reverse = customers.fields.find((f: any) => f.type === 'relation');
    expect(reverse).toMatchObject({
      formId: interactions.id,
      reverseOf: interactions.fields.find((f: any) => f.key === 'customer').id,
      label: '客户互动记录',
    });
  });

  it('keeps lookups and rollups right when either side changes', async () => {
    const reverseKey = customers.fields.find((f: any) => f.type === 'relation').key;
    const put = await admin.put(`/api/forms/${customers.id}`, {
      ...customers,
      fields: [
        ...customers.fields,
        {
          key: 'lastContact',
          type: 'rollup',
          label: '最近合作时间',
          relationField: reverseKey,
          targetField: 'date',
          op: 'max',
        },
        { key: 'contacts', type: 'rollup', label: '互动次数', relationField: reverseKey, op: 'count' },
        {
          key: 'totalCost',
          type: 'rollup',
          label: '总费用',
          relationField: reverseKey,
          targetField: 'cost',
          op: 'sum',
        },
      ],
    });
    expect(put.status).toBe(200);
    const a = (
      await admin.post(`/api/forms/${customers.id}/records`, { fields: { name: 'A公司', tier: 'high' } })
    ).body;
    const b = (
      await admin.post(`/api/forms/${customers.id}/records`, { fields: { name: 'B公司', tier: 'normal' } })
    ).body;
    const i1 = (
      await admin.post(`/api/forms/${interactions.id}/records`, {
        fields: { topic: '电话', date: '2026-01-05', cost: 10.1, customer: [a.id] },
      })
    ).body;
    const i2 = (
      await admin.post(`/api/forms/${interactions.id}/records`, {
        fields: { topic: '拜访', date: '2026-02-07', cost: 20.2, customer: [a.id] },
      })
    ).body;
    expect(i1.fields.customerTier).toBe('high');
    let ra = (await admin.get(`/api/forms/${customers.id}/records/${a.id}`)).body;
    expect(ra.fields).toMatchObject({ lastContact: '2026-02-07', contacts: 2, totalCost: 30.3 });
    expect(ra.fields[customers.fields.find((f: any) => f.type === 'relation').key]).toEqual([i1.id, i2.id]);

    // Moving an interaction to another customer updates both customers.
    await admin.patch(`/api/forms/${interactions.id}/records/${i2.id}`, {
      fields: { customer: [b.id] },
      version: i2.version,
    });
    ra = (await admin.get(`/api/forms/${customers.id}/records/${a.id}`)).body;
    const rb = (await admin.get(`/api/forms/${customers.id}/records/${b.id}`)).body;
    expect(ra.fields).toMatchObject({ lastContact: '2026-01-05', contacts: 1 });
    expect(rb.fields).toMatchObject({ lastContact: '2026-02-07', contacts: 1, totalCost: 20.2 });

    // Changing the customer's tier shows in the interaction's lookup.
    await admin.patch(`/api/forms/${customers.id}/records/${b.id}`, {
      fields: { tier: 'high' },
      version: rb.version,
    });
    expect((await admin.get(`/api/forms/${interactions.id}/records/${i2.id}`)).body.fields.customerTier).toBe(
      'high',
    );

    // Deleting an interaction takes it out of the rollup; restoring brings it back.
    await admin.del(`/api/forms/${interactions.id}/records/${i1.id}`);
    expect((await admin.get(`/api/forms/${customers.id}/records/${a.id}`)).body.fields).toMatchObject({
      lastContact: null,
      contacts: 0,
    });
    await admin.post(`/api/forms/${interactions.id}/records/${i1.id}/restore`);
    expect((await admin.get(`/api/forms/${customers.id}/records/${a.id}`)).body.fields).toMatchObject({
      lastContact: '2026-01-05',
      contacts: 1,
    });
  });

  it('refuses links to records that do not exist', async () => {
    const r = await admin.post(`/api/forms/${interactions.id}/records`, {
      fields: { topic: 'x', customer: ['rec_000000000000000000'] },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.details[0].path).toBe('/fields/customer');
  });

  it('filters records by a linked record', async () => {
    const a = (
      await admin.get(
        `/api/forms/${customers.id}/records?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: 'A公司' }))}`,
      )
    ).body.items[0];
    const list = await admin.get(
      `/api/forms/${interactions.id}/records?filter=${encodeURIComponent(JSON.stringify({ field: 'customer', op: 'contains', value: a.id }))}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: any) => r.fields.topic)).toEqual(['电话']);
  });
});
