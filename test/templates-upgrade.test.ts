import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './support/checks.js';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'templates', name), 'utf8'));

describe.each(engines)('upgrading an installed template on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let appId: string;
  const forms: Record<string, string> = {};
  let before: any;
  let acme: any;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    expect((await admin.post('/api/templates', fixture('upgrade-v1.json'))).status).toBe(201);
    const r = await admin.post('/api/templates/fixture-crm/install', {});
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    appId = r.body.app.id;
    for (const f of r.body.app.forms) forms[f.key] = f.id;

    // The user's own changes: a renamed field (key and label), a relabelled one, an added one, a renamed view.
    before = (await admin.get(`/api/forms/${forms.customers}`)).body;
    const fields = before.fields.map((f: any) =>
      f.key === 'phone'
        ? { ...f, key: 'mobile', label: '手机' }
        : f.key === 'name'
          ? { ...f, label: '公司名称' }
          : f,
    );
    const put = await admin.put(`/api/forms/${forms.customers}`, {
      ...before,
      fields: [...fields, { key: 'wechat', type: 'text', label: '微信' }],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    before = put.body;
    const all = (await admin.get(`/api/forms/${forms.customers}/views`)).body.items.find(
      (v: any) => v.name === '全部客户',
    );
    await admin.patch(`/api/views/${all.id}`, { name: '所有客户' });
    acme = (
      await admin.post(`/api/forms/${forms.customers}/records`, {
        fields: {
          name: '杭州云帆信息技术有限公司',
          tier: 'high',
          mobile: '13800138000',
          notes: '年底续约',
          amount: 120000.5,
          wechat: 'yunfan',
        },
      })
    ).body;
    await admin.post(`/api/forms/${forms.visits}/records`, {
      fields: { date: '2026-03-01', customer: [acme.id], summary: '季度回顾' },
    });
    expect((await admin.post('/api/templates', fixture('upgrade-v2.json'))).status).toBe(201);
  });
  afterAll(() => s?.close());

  it('answers a three-way plan without changing anything', async () => {
    const exportBefore = (await admin.get(`/api/apps/${appId}/export?data=true`)).body;
    const r = await admin.post('/api/templates/fixture-crm/install', { appId, plan: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { plan } = r.body;
    expect(plan).toMatchObject({ templateId: 'fixture-crm', from: '1.0.0', to: '1.1.0', noChanges: false });
    const find = (kind: string, key: string, action: string) =>
      plan.items.find((i: any) => i.kind === kind && i.key === key && i.action === action);
    expect(find('field', 'tier', 'change')?.properties.sort()).toEqual(['label', 'options']);
    expect(find('field', 'name', 'conflict')?.properties).toEqual(['label']);
    expect(find('field', 'industry', 'add')).toBeTruthy();
    expect(find('field', 'notes', 'keep')?.message).toContain('kept with its data');
    expect(find('form', 'contracts', 'add')).toBeTruthy();
    expect(find('view', 'byTier', 'add')).toBeTruthy();
    expect(find('view', 'vip', 'change')?.properties).toEqual(['filter']);
    expect(find('workflow', 'visits', 'add')).toBeTruthy();
    expect(find('automation', 'welcome', 'change')).toBeTruthy();
    expect(find('role', 'sales', 'change')).toBeTruthy();
    expect(
      plan.items.some((i: any) => ['phone', 'mobile', 'wechat'].includes(i.key)),
      'the user’s own changes are not in the plan',
    ).toBe(false);
    expect(
      plan.items.some((i: any) => i.kind === 'view' && i.key === 'all'),
      'a view only the user renamed is not in the plan',
    ).toBe(false);
    expect((await admin.get(`/api/apps/${appId}/export?data=true`)).body).toEqual(exportBefore);
  });

  it('applies it keeping the data and the user’s changes', async () => {
    const r = await admin.post('/api/templates/fixture-crm/install', { appId, confirm: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ applied: true, app: { id: appId, templateVersion: '1.1.0' } });
    const def = (await admin.get(`/api/forms/${forms.customers}`)).body;
    const field = (k: string) => def.fields.find((f: any) => f.key === k);
    const old = (k: string) => before.fields.find((f: any) => f.key === k);
    expect(field('mobile')).toMatchObject({ id: old('mobile').id, label: '手机' });
    expect(field('phone')).toBeUndefined();
    expect(field('name')).toMatchObject({ id: old('name').id, label: '公司名称' });
    expect(field('wechat')).toMatchObject({ id: old('wechat').id });
    expect(field('notes')).toMatchObject({ id: old('notes').id, label: '备注' });
    expect(field('tier')).toMatchObject({ id: old('tier').id, label: '客户分层' });
    expect(field('tier').options.map((o: any) => o.value)).toEqual(['high', 'potential', 'normal']);
    expect(field('industry')).toMatchObject({ type: 'select' });
    expect(field('contractTotal')).toMatchObject({ type: 'rollup', op: 'sum' });
    expect(def.removedFields).toBeUndefined();

    const rec = (await admin.get(`/api/forms/${forms.customers}/records/${acme.id}`)).body;
    expect(rec.fields).toMatchObject({
      name: '杭州云帆信息技术有限公司',
      mobile: '13800138000',
      notes: '年底续约',
      amount: 120000.5,
      wechat: 'yunfan',
      contractTotal: null,
    });

    const app = (await admin.get(`/api/apps/${appId}`)).body;
    const contracts = app.forms.find((f: any) => f.key === 'contracts');
    expect(contracts).toBeTruthy();
    const c = await admin.post(`/api/forms/${contracts.id}/records`, {
      fields: { title: '年度服务合同', customer: [acme.id], amount: 50000 },
    });
    expect(c.status).toBe(201);
    expect(
      (await admin.get(`/api/forms/${forms.customers}/records/${acme.id}`)).body.fields.contractTotal,
    ).toBe(50000);

    const visits = (await admin.get(`/api/forms/${forms.visits}/records`)).body.items;
    expect(visits[0]).toMatchObject({
      state: 'planned',
      fields: { summary: '季度回顾', customerTier: 'high' },
    });
    const views = (await admin.get(`/api/forms/${forms.customers}/views`)).body.items;
    expect(views.map((v: any) => v.name).sort()).toEqual(['分层看板', '所有客户', '重点客户'].sort());
    expect(views.find((v: any) => v.name === '重点客户').filter).toEqual({
      field: 'tier',
      op: 'in',
      value: ['high', 'potential'],
    });
    const automations = (await admin.get(`/api/apps/${appId}/automations`)).body.items;
    expect(automations).toHaveLength(1);
    expect(automations[0].actions[0].title).toBe('新客户已登记：{{record.name}}');
  });

  it('has nothing more to do afterwards, and refuses to go back to the older version', async () => {
    const again = await admin.post('/api/templates/fixture-crm/install', { appId });
    expect(again.body.plan, JSON.stringify(again.body.plan.items)).toMatchObject({
      noChanges: true,
      from: '1.1.0',
      to: '1.1.0',
    });
    expect(again.body.plan.items.filter((i: any) => i.action === 'add' || i.action === 'change')).toEqual([]);
    expect((await admin.post('/api/templates', fixture('upgrade-v1.json'))).status).toBe(201);
    expectError(await admin.post('/api/templates/fixture-crm/install', { appId, confirm: true }), 409);
    const plain = (await admin.post('/api/apps', { name: '手工应用' })).body;
    expectError(await admin.post('/api/templates/fixture-crm/install', { appId: plain.id }), 409);
  });
});
