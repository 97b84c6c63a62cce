import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { type Client, type TestServer, fakeClock, startServer } from './support/server.js';

describe.each(engines)('segmentation and churn warnings on %s', (engine) => {
  const clock = fakeClock('2026-06-30T04:00:00.000Z');
  let s: TestServer;
  let admin: Client;
  let customers: any;
  let interactions: any;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startServer(engine, { clock });
    admin = await s.client();
    const app = (await admin.post('/api/apps', { name: '客户管理' })).body;
    customers = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'customers',
        name: '客户',
        fields: [
          { key: 'name', type: 'text', label: '客户名称' },
          { key: 'amount', type: 'currency', label: '累计合作金额' },
          {
            key: 'segment',
            type: 'select',
            label: 'RFM 分层',
            options: [
              '重要价值客户',
              '重要发展客户',
              '重要保持客户',
              '重要挽留客户',
              '一般价值客户',
              '一般发展客户',
              '一般保持客户',
              '一般挽留客户',
            ].map((v) => ({ value: v, label: v })),
          },
        ],
      })
    ).body;
    interactions = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'interactions',
        name: '客户互动记录',
        fields: [
          { key: 'date', type: 'date', label: '互动日期' },
          { key: 'customer', type: 'relation', label: '客户', formId: customers.id },
        ],
      })
    ).body;
    customers = (await admin.get(`/api/forms/${customers.id}`)).body;
    const reverse = customers.fields.find((f: any) => f.type === 'relation').key;
    customers = (
      await admin.put(`/api/forms/${customers.id}`, {
        ...customers,
        fields: [
          ...customers.fields,
          {
            key: 'lastContact',
            type: 'rollup',
            label: '最近合作时间',
            relationField: reverse,
            targetField: 'date',
            op: 'max',
          },
          { key: 'contacts', type: 'rollup', label: '互动次数', relationField: reverse, op: 'count' },
        ],
      })
    ).body;
    for (const [name, amount] of [
      ['星辰科技', 800000],
      ['青山贸易', 20000],
      ['海川物流', 900000],
    ] as const)
      ids[name] = (
        await admin.post(`/api/forms/${customers.id}/records`, { fields: { name, amount } })
      ).body.id;
    const log = (name: string, date: string) =>
      admin.post(`/api/forms/${interactions.id}/records`, { fields: { date, customer: [ids[name]] } });
    for (const d of ['2026-06-01', '2026-06-10', '2026-06-20']) await log('星辰科技', d);
    for (const d of ['2026-01-05', '2026-01-20', '2026-02-02', '2026-02-15', '2026-03-01', '2026-05-20'])
      await log('海川物流', d);
    const seg = await admin.put(`/api/forms/${customers.id}/segmentation`, {
      rules: {
        model: 'rfm',
        targetField: 'segment',
        recencyField: 'lastContact',
        recentDays: 30,
        frequencyField: 'contacts',
        frequencyThreshold: 3,
        monetaryField: 'amount',
        monetaryThreshold: 100000,
        values: {},
      },
      churn: {
        relationField: reverse,
        dateField: 'date',
        inactiveDays: 60,
        windowDays: 90,
        dropRatio: 0.5,
        minPrevious: 3,
      },
    });
    expect(seg.status).toBe(200);
  });
  afterAll(() => s?.close());

  const segmentOf = async (name: string) =>
    (await admin.get(`/api/forms/${customers.id}/records/${ids[name]}`)).body.fields.segment;

  it('scores recency, frequency and money into the eight RFM segments', async () => {
    expect(await segmentOf('星辰科技')).toBe('重要价值客户');
    expect(await segmentOf('青山贸易')).toBe('一般挽留客户');
    expect(await segmentOf('海川物流')).toBe('重要保持客户');
    const matrix = (await admin.get(`/api/forms/${customers.id}/segmentation/matrix`)).body.items;
    expect(matrix).toHaveLength(8);
    expect(matrix.find((m: any) => m.segment === 'importantValue').count).toBe(1);
  });

  it('moves a customer to another segment when an interaction is logged', async () => {
    await admin.post(`/api/forms/${interactions.id}/records`, {
      fields: { date: '2026-06-29', customer: [ids['海川物流']] },
    });
    expect(await segmentOf('海川物流')).toBe('重要价值客户');
  });

  it('lists customers slipping away with the reason', async () => {
    const res = await admin.get(`/api/forms/${customers.id}/churn`);
    expect(res.body.error).toBeUndefined();
    const churn = res.body.items;
    const byName = Object.fromEntries(churn.map((c: any) => [c.record.fields.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['海川物流', '青山贸易']);
    expect(byName['青山贸易'].reason).toBe('从未有过互动');
    expect(byName['海川物流'].reason).toBe('近 90 天互动 2 次，之前 90 天 5 次（下降 60%）');
  });

  it('refuses rules over fields that do not fit', async () => {
    const r = await admin.put(`/api/forms/${customers.id}/segmentation`, {
      rules: {
        model: 'matrix',
        targetField: 'segment',
        valueField: 'name',
        valueThreshold: 1,
        potentialField: 'amount',
        potentialThreshold: 1,
        values: { highHigh: '不存在' },
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.details.map((d: any) => d.path)).toEqual([
      '/rules/valueField',
      '/rules/values/highHigh',
    ]);
  });
});
