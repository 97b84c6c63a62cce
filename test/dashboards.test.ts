import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodOf } from '../server/dashboards/periods.js';
import { expectError } from './support/checks.js';
import { engines } from './support/engines.js';
import { type Client, type TestServer, fakeClock, startServer } from './support/server.js';

describe('dashboard periods', () => {
  const now = new Date('2026-03-15T02:00:00Z');
  it.each([
    ['day', 0, '2026-03-15', '2026-03-16'],
    ['week', 0, '2026-03-09', '2026-03-16'],
    ['month', 0, '2026-03-01', '2026-04-01'],
    ['month', -1, '2026-02-01', '2026-03-01'],
    ['quarter', -1, '2025-10-01', '2026-01-01'],
    ['year', 0, '2026-01-01', '2027-01-01'],
  ] as const)('the %s period %i around 2026-03-15 runs from %s to %s', (unit, offset, from, to) => {
    expect(periodOf(now, 'Asia/Shanghai', unit, offset)).toEqual({ from, to });
  });
  it('takes the calendar day in the company time zone', () => {
    expect(periodOf(new Date('2026-02-28T17:00:00Z'), 'Asia/Shanghai', 'month')).toEqual({
      from: '2026-03-01',
      to: '2026-04-01',
    });
  });
});

describe.each(engines)('dashboards on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let alice: Client;
  let manager: Client;
  let outsider: Client;
  let appId: string;
  let deals: any;
  let secret: any;
  let otherForm: any;

  const kpiWidget = (over: Record<string, unknown> = {}) => ({
    id: 'signed',
    type: 'kpi',
    title: '本月签约额',
    formId: deals.id,
    query: { metrics: [{ op: 'sum', field: 'amount' }] },
    period: { field: 'signedOn', unit: 'month' },
    target: 2000,
    compare: 'previousPeriod',
    thresholds: [
      { value: 0.5, color: 'orange' },
      { value: 1, color: 'green' },
      { value: 0, color: 'red' },
    ],
    layout: { x: 0, y: 0, w: 6, h: 4 },
    ...over,
  });
  const doc = () => ({
    name: '销售看板',
    widgets: [
      kpiWidget(),
      {
        id: 'byStage',
        type: 'bar',
        title: '阶段分布',
        formId: deals.id,
        query: { groupBy: ['stage'], metrics: [{ op: 'count' }] },
        layout: { x: 6, y: 0, w: 6, h: 4 },
      },
      {
        id: 'latest',
        type: 'list',
        title: '最新商机',
        formId: deals.id,
        list: { sort: '-amount', fields: ['title', 'amount', 'phone'], limit: 2 },
        layout: { x: 0, y: 4, w: 12, h: 4 },
      },
      {
        id: 'secret',
        type: 'pie',
        title: '机密',
        formId: secret.id,
        query: { metrics: [{ op: 'count' }] },
        layout: { x: 0, y: 8, w: 4, h: 4 },
      },
    ],
  });

  beforeAll(async () => {
    s = await startServer(engine, { clock: fakeClock('2026-03-15T02:00:00.000Z') });
    admin = await s.client();
    appId = (await admin.post('/api/apps', { name: '销售' })).body.id;
    const otherApp = (await admin.post('/api/apps', { name: '其他' })).body.id;
    deals = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'deals',
        name: '商机',
        fields: [
          { key: 'title', type: 'text', label: '名称' },
          { key: 'amount', type: 'currency', label: '金额' },
          { key: 'signedOn', type: 'date', label: '签约日期' },
          {
            key: 'stage',
            type: 'select',
            label: '阶段',
            options: [
              { value: 'lead', label: '线索' },
              { value: 'won', label: '赢单' },
            ],
          },
          { key: 'phone', type: 'phone', label: '电话', sensitive: true },
        ],
      })
    ).body;
    secret = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'secret',
        name: '机密',
        fields: [{ key: 'x', type: 'text', label: 'X' }],
      })
    ).body;
    otherForm = (
      await admin.post(`/api/apps/${otherApp}/forms`, {
        key: 'o',
        name: 'O',
        fields: [{ key: 'x', type: 'text', label: 'X' }],
      })
    ).body;
    const role = async (name: string, grants: unknown[]) =>
      (await admin.post('/api/roles', { name, grants })).body.id as string;
    const own = await role('销售', [{ formId: deals.id, actions: ['read', 'create'], scope: 'own' }]);
    const mgr = await role('主管', [{ appId, actions: ['read', 'manage'], scope: 'all' }]);
    const ids: Record<string, string> = {};
    for (const [name, roles] of [
      ['alice', [own]],
      ['manager', [mgr]],
      ['outsider', []],
    ] as const) {
      ids[name] = (
        await admin.post('/api/users', {
          email: `${name}@example.com`,
          name,
          password: 'User-pass-1',
          roleIds: roles,
        })
      ).body.id;
    }
    alice = await s.client('alice@example.com', 'User-pass-1');
    manager = await s.client('manager@example.com', 'User-pass-1');
    outsider = await s.client('outsider@example.com', 'User-pass-1');
    const deal = (title: string, amount: number, signedOn: string, stage: string, owner: string) => ({
      fields: { title, amount, signedOn, stage, phone: '13812345678' },
      ownerId: owner,
    });
    const r = await admin.post(`/api/forms/${deals.id}/records/batch`, {
      records: [
        deal('A1', 100, '2026-03-02', 'won', ids.alice),
        deal('A2', 200, '2026-03-20', 'lead', ids.alice),
        deal('A3', 50, '2026-02-10', 'won', ids.alice),
        deal('B1', 1000, '2026-03-05', 'won', ids.manager),
      ],
    });
    expect(r.status).toBe(201);
    await admin.post(`/api/forms/${secret.id}/records`, { fields: { x: '1' } });
  });
  afterAll(() => s?.close());

  it('creates, lists, reads, replaces and deletes a dashboard', async () => {
    const created = await admin.post(`/api/apps/${appId}/dashboards`, doc());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^dsh_/),
      appId,
      name: '销售看板',
      version: 1,
    });
    expect(created.body.widgets).toHaveLength(4);
    expect((await admin.get(`/api/apps/${appId}/dashboards`)).body.items.map((d: any) => d.id)).toEqual([
      created.body.id,
    ]);
    expect((await admin.get(`/api/dashboards/${created.body.id}`)).body.widgets[0]).toMatchObject({
      id: 'signed',
      type: 'kpi',
      target: 2000,
    });
    const put = await admin.put(`/api/dashboards/${created.body.id}`, {
      ...doc(),
      name: '销售看板2',
      widgets: doc().widgets.slice(0, 1),
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: '销售看板2', version: 2 });
    expect(put.body.widgets).toHaveLength(1);
    expect((await admin.del(`/api/dashboards/${created.body.id}`)).status).toBe(200);
    expectError(await admin.get(`/api/dashboards/${created.body.id}`), 404);
  });

  it('refuses invalid documents with paths into the widgets', async () => {
    const bad = (widgets: unknown[]) => admin.post(`/api/apps/${appId}/dashboards`, { name: 'x', widgets });
    expectError(
      await bad([kpiWidget({ query: { metrics: [{ op: 'sum', field: 'nope' }] } })]),
      422,
      '/widgets/0/query/metrics/0/field',
    );
    expectError(await bad([kpiWidget({ formId: otherForm.id })]), 422, '/widgets/0/formId');
    expectError(await bad([kpiWidget(), kpiWidget()]), 422, '/widgets/1/id');
    expectError(
      await bad([kpiWidget({ period: { field: 'title', unit: 'month' } })]),
      422,
      '/widgets/0/period/field',
    );
    expectError(await bad([kpiWidget({ type: 'list' })]), 422, '/widgets/0/list');
    expectError(await bad([kpiWidget({ type: 'donut' })]), 422, '/widgets/0/type');
    expectError(
      await bad([
        kpiWidget({
          query: { metrics: [{ op: 'count' }], filter: { field: 'stage', op: 'eq', value: 'gold' } },
        }),
      ]),
      422,
      '/widgets/0/query/filter',
    );
  });

  it('lets admins and app managers edit, members only view, and hides the app from outsiders', async () => {
    expectError(await alice.post(`/api/apps/${appId}/dashboards`, doc()), 403);
    const created = await manager.post(`/api/apps/${appId}/dashboards`, doc());
    expect(created.status).toBe(201);
    expect((await alice.get(`/api/dashboards/${created.body.id}`)).status).toBe(200);
    expectError(await alice.put(`/api/dashboards/${created.body.id}`, doc()), 403);
    expectError(await alice.del(`/api/dashboards/${created.body.id}`), 403);
    expectError(await outsider.get(`/api/dashboards/${created.body.id}`), 404);
    expectError(await outsider.get(`/api/apps/${appId}/dashboards`), 404);
    expectError(await outsider.post(`/api/dashboards/${created.body.id}/data`, {}), 404);
    expectError(await s.anonymous().get(`/api/apps/${appId}/dashboards`), 401);
  });

  it('computes KPI actual, target, 达成率 and the previous period in one call', async () => {
    const id = (await admin.post(`/api/apps/${appId}/dashboards`, doc())).body.id;
    const r = await admin.post(`/api/dashboards/${id}/data`, {});
    expect(r.status).toBe(200);
    const [kpi, bar, list, pie] = r.body.widgets;
    expect(kpi).toMatchObject({
      id: 'signed',
      type: 'kpi',
      kpi: {
        actual: 1300,
        target: 2000,
        rate: 0.65,
        previous: 50,
        change: 25,
        color: 'orange',
        period: { from: '2026-03-01', to: '2026-04-01' },
        previousPeriod: { from: '2026-02-01', to: '2026-03-01' },
      },
    });
    expect(bar.rows).toEqual([
      { group: { stage: 'lead' }, values: { count: 1 } },
      { group: { stage: 'won' }, values: { count: 3 } },
    ]);
    expect(list.records.map((x: any) => x.fields)).toEqual([
      { title: 'B1', amount: 1000, phone: '13812345678' },
      { title: 'A2', amount: 200, phone: '13812345678' },
    ]);
    expect(pie.rows).toEqual([{ group: {}, values: { count: 1 } }]);
    const only = await admin.post(`/api/dashboards/${id}/data`, { widgets: ['byStage'] });
    expect(only.body.widgets.map((w: any) => w.id)).toEqual(['byStage']);
  });

  it('shows a member aggregates of their own scope only, masked lists, and an error for forms they cannot read', async () => {
    const id = (await admin.post(`/api/apps/${appId}/dashboards`, doc())).body.id;
    const r = await alice.post(`/api/dashboards/${id}/data`, {});
    expect(r.status).toBe(200);
    const [kpi, bar, list, pie] = r.body.widgets;
    expect(kpi.kpi).toMatchObject({ actual: 300, rate: 0.15, previous: 50, change: 5, color: 'red' });
    expect(bar.rows).toEqual([
      { group: { stage: 'lead' }, values: { count: 1 } },
      { group: { stage: 'won' }, values: { count: 2 } },
    ]);
    expect(list.records.map((x: any) => x.fields)).toEqual([
      { title: 'A2', amount: 200, phone: '138****5678' },
      { title: 'A1', amount: 100, phone: '138****5678' },
    ]);
    expect(pie).toMatchObject({ id: 'secret', error: { code: 'forbidden' } });
    expect(pie.rows).toBeUndefined();
  });

  it('publishes the dashboard JSON Schema', async () => {
    const r = await admin.get('/api/schemas/dashboard.json');
    expect(r.status).toBe(200);
    expect(r.body.properties.widgets.items.properties.type.enum).toContain('funnel');
  });
});
