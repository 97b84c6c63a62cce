import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

describe.each(engines)('the audit log of definitions and record writes on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let appId: string;
  let form: any;

  /** The audit entries for one target, oldest first: [action, summary]. */
  const trail = async (targetId: string) => {
    const r = await admin.get(`/api/audit?targetId=${targetId}&limit=500`);
    expect(r.status).toBe(200);
    return r.body.items.map((e: any) => e.action).reverse();
  };

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    appId = (await admin.post('/api/apps', { name: '审计' })).body.id;
    form = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'deals',
        name: '商机',
        fields: [
          { key: 'name', type: 'text', label: '名称' },
          {
            key: 'tier',
            type: 'select',
            label: '分层',
            options: [
              { value: 'a', label: 'A' },
              { value: 'b', label: 'B' },
            ],
          },
        ],
      })
    ).body;
  });
  afterAll(() => s.close());

  it('records who created, changed and deleted a view', async () => {
    const v = (
      await admin.post(`/api/forms/${form.id}/views`, {
        name: 'A 类',
        type: 'grid',
        filter: { field: 'tier', op: 'eq', value: 'a' },
      })
    ).body;
    expect((await admin.patch(`/api/views/${v.id}`, { name: 'A 类商机' })).status).toBe(200);
    expect((await admin.del(`/api/views/${v.id}`)).status).toBe(200);
    expect(await trail(v.id)).toEqual(['view.created', 'view.updated', 'view.deleted']);
  });

  it('records who created, replaced and deleted a dashboard', async () => {
    const widgets = [
      {
        id: 'n',
        type: 'kpi',
        title: '数量',
        formId: form.id,
        query: { metrics: [{ op: 'count' }] },
        layout: { x: 0, y: 0, w: 3, h: 2 },
      },
    ];
    const d = await admin.post(`/api/apps/${appId}/dashboards`, { name: '总览', widgets });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect((await admin.put(`/api/dashboards/${d.body.id}`, { name: '总览 2', widgets })).status).toBe(200);
    expect((await admin.del(`/api/dashboards/${d.body.id}`)).status).toBe(200);
    expect(await trail(d.body.id)).toEqual(['dashboard.created', 'dashboard.updated', 'dashboard.deleted']);
  });

  it("records a change to a form's public link, without its token", async () => {
    const link = (await admin.get(`/api/forms/${form.id}/public-link`)).body;
    expect(
      (await admin.patch(`/api/forms/${form.id}/public-link`, { maxResponses: 10, rotate: true })).status,
    ).toBe(200);
    const entries = (await admin.get(`/api/audit?action=public_link.updated`)).body.items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ targetId: form.id });
    expect(JSON.stringify(entries[0])).not.toContain(link.token);
  });

  it('records every record write, a workflow move included, through the one record-write path', async () => {
    await admin.put(`/api/forms/${form.id}/workflow`, {
      states: [
        { key: 'open', label: '进行中', category: 'doing' },
        { key: 'won', label: '赢单', category: 'done' },
      ],
      initial: 'open',
      transitions: [{ from: 'open', to: 'won' }],
    });
    const rec = (await admin.post(`/api/forms/${form.id}/records`, { fields: { name: '甲' } })).body;
    const patched = await admin.patch(`/api/forms/${form.id}/records/${rec.id}`, {
      fields: { tier: 'a' },
      version: rec.version,
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(
      (await admin.post(`/api/forms/${form.id}/records/${rec.id}/transition`, { to: 'won' })).status,
    ).toBe(200);
    await admin.del(`/api/forms/${form.id}/records/${rec.id}`);
    await admin.post(`/api/forms/${form.id}/records/${rec.id}/restore`);
    expect(await trail(rec.id)).toEqual([
      'record.created',
      'record.updated',
      'record.transitioned',
      'record.deleted',
      'record.restored',
    ]);
  });
});
