import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

describe.each(engines)('field behaviours on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let form: any;
  let appId: string;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    appId = (await admin.post('/api/apps', { name: '字段' })).body.id;
    form = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'deals',
        name: '商机',
        fields: [
          { key: 'title', type: 'text', label: '标题', minLength: 2, pattern: '^[^0-9]' },
          {
            key: 'stage',
            type: 'select',
            label: '阶段',
            default: 'new',
            options: [
              { value: 'new', label: '新建' },
              { value: 'won', label: '赢单' },
            ],
          },
          { key: 'owner', type: 'member', label: '负责人', default: '$me' },
          { key: 'openedOn', type: 'date', label: '日期', default: 'today' },
          { key: 'amount', type: 'currency', label: '金额' },
          { key: 'contract', type: 'attachment', label: '合同', maxFiles: 2 },
        ],
      })
    ).body;
  });
  afterAll(() => s?.close());

  it('fills defaults: an option, the creator and today', async () => {
    const me = (await admin.get('/api/auth/me')).body.user;
    const r = (await admin.post(`/api/forms/${form.id}/records`, { fields: { title: '合同A' } })).body;
    expect(r.fields).toMatchObject({
      stage: 'new',
      owner: me.id,
      openedOn: new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }),
    });
  });

  it('checks length and pattern with the field’s label in the message', async () => {
    const r = await admin.post(`/api/forms/${form.id}/records`, { fields: { title: '1号' } });
    expect(r.status).toBe(422);
    expect(r.body.error.details[0]).toMatchObject({ path: '/fields/title' });
    expect(r.body.error.details[0].message).toContain('标题');
  });

  it('stores uploaded files behind the storage interface and attaches them to records', async () => {
    const fd = new FormData();
    fd.append('file', new Blob(['<h1>合同正文</h1>'], { type: 'text/html' }), '合同.html');
    const up = await admin.raw('POST', '/api/files', { body: fd });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      name: '合同.html',
      size: Buffer.byteLength('<h1>合同正文</h1>'),
      mimeType: 'text/html',
    });
    const r = (
      await admin.post(`/api/forms/${form.id}/records`, {
        fields: { title: '带附件', contract: [up.body.id] },
      })
    ).body;
    expect(r.fields.contract).toEqual([
      {
        id: up.body.id,
        name: '合同.html',
        size: up.body.size,
        mimeType: 'text/html',
        url: `/api/files/${up.body.id}`,
      },
    ]);
    const dl = await admin.raw('GET', `/api/files/${up.body.id}`);
    expect(dl.body).toBe('<h1>合同正文</h1>');
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment/);
    const missing = await admin.post(`/api/forms/${form.id}/records`, {
      fields: { title: '无此文件', contract: ['fil_000000000000000000'] },
    });
    expect(missing.status).toBe(422);
  });

  it('refuses files over the upload limit with 413', async () => {
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(s.deps.config.maxUploadBytes + 10)]), 'big.bin');
    const r = await admin.raw('POST', '/api/files', { body: fd });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
  });

  it('groups amounts by month and quarter exactly as counted by hand', async () => {
    const f = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'orders',
        name: '订单',
        fields: [
          { key: 'day', type: 'date', label: '日期' },
          { key: 'at', type: 'datetime', label: '时间' },
          { key: 'sum', type: 'currency', label: '金额' },
        ],
      })
    ).body;
    const rows = [
      ['2026-01-05', '2026-01-31T17:30:00Z', 10.1],
      ['2026-01-20', '2026-01-31T15:00:00Z', 20.2],
      ['2026-02-03', '2026-02-01T01:00:00Z', 5],
      ['2026-04-01', '2026-04-01T00:00:00Z', 1.11],
    ];
    await admin.post(`/api/forms/${f.id}/records/batch`, {
      records: rows.map(([day, at, sum]) => ({ fields: { day, at, sum } })),
    });
    const month = (
      await admin.post(`/api/forms/${f.id}/aggregate`, {
        groupBy: [{ field: 'day', bucket: 'month' }],
        metrics: [{ op: 'count' }, { op: 'sum', field: 'sum' }],
      })
    ).body.rows;
    expect(month).toEqual([
      { group: { day: '2026-01' }, values: { count: 2, sum_sum: 30.3 } },
      { group: { day: '2026-02' }, values: { count: 1, sum_sum: 5 } },
      { group: { day: '2026-04' }, values: { count: 1, sum_sum: 1.11 } },
    ]);
    const quarter = (
      await admin.post(`/api/forms/${f.id}/aggregate`, {
        groupBy: [{ field: 'day', bucket: 'quarter' }],
        metrics: [{ op: 'sum', field: 'sum', as: 'total' }],
      })
    ).body.rows;
    expect(quarter).toEqual([
      { group: { day: '2026-Q1' }, values: { total: 35.3 } },
      { group: { day: '2026-Q2' }, values: { total: 1.11 } },
    ]);
    // Instants are bucketed in the company's time zone (Asia/Shanghai): 2026-01-31T17:30Z is February 1st there.
    const byDay = (
      await admin.post(`/api/forms/${f.id}/aggregate`, {
        groupBy: [{ field: 'at', bucket: 'day' }],
        metrics: [{ op: 'count' }],
      })
    ).body.rows;
    expect(byDay).toEqual([
      { group: { at: '2026-01-31' }, values: { count: 1 } },
      { group: { at: '2026-02-01' }, values: { count: 2 } },
      { group: { at: '2026-04-01' }, values: { count: 1 } },
    ]);
  });
});

describe.each(engines)('empty values on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
  });
  afterAll(() => s?.close());

  it('keeps an emptied amount or checkbox empty, not 0 or false', async () => {
    const app = (await admin.post('/api/apps', { name: 'x' })).body;
    const f = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'f',
        name: 'f',
        fields: [
          { key: 'amount', type: 'currency', label: '金额' },
          { key: 'ok', type: 'checkbox', label: '是否' },
        ],
      })
    ).body;
    const r = (await admin.post(`/api/forms/${f.id}/records`, { fields: { amount: null, ok: null } })).body;
    expect(r.fields).toEqual({ amount: null, ok: false });
    const p = (
      await admin.patch(`/api/forms/${f.id}/records/${r.id}`, { fields: { amount: 5 }, version: r.version })
    ).body;
    const cleared = (
      await admin.patch(`/api/forms/${f.id}/records/${r.id}`, {
        fields: { amount: null },
        version: p.version,
      })
    ).body;
    expect(cleared.fields.amount).toBeNull();
    const empties = await admin.get(
      `/api/forms/${f.id}/records?filter=${encodeURIComponent(JSON.stringify({ field: 'amount', op: 'isEmpty' }))}`,
    );
    expect(empties.body.items).toHaveLength(1);
  });
});

describe.each(engines)('survey scores on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
  });
  afterAll(() => s?.close());

  it('computes NPS and CSAT as counted by hand', async () => {
    const app = (await admin.post('/api/apps', { name: '满意度' })).body;
    const f = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'survey',
        name: '满意度调查',
        fields: [
          { key: 'nps', type: 'number', label: '推荐意愿', min: 0, max: 10 },
          { key: 'csat', type: 'rating', label: '满意度' },
        ],
      })
    ).body;
    const answers = [
      [10, 5],
      [9, 4],
      [8, 3],
      [6, 2],
      [3, 5],
      [10, 4],
      [7, 1],
    ];
    await admin.post(`/api/forms/${f.id}/records/batch`, {
      records: answers.map(([nps, csat]) => ({ fields: { nps, csat } })),
    });
    const r = (
      await admin.post(`/api/forms/${f.id}/aggregate`, {
        metrics: [
          { op: 'nps', field: 'nps', as: 'NPS' },
          { op: 'csat', field: 'csat', as: 'CSAT' },
        ],
      })
    ).body.rows[0].values;
    // promoters 3, detractors 2 of 7 → (3 − 2) / 7 = 14.3; satisfied (4–5) 4 of 7 = 57.1
    expect(r).toEqual({ NPS: 14.3, CSAT: 57.1 });
  });
});

describe.each(engines)('internal fields on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
  });
  afterAll(() => s?.close());

  it('keeps a field marked internal off the public survey form', async () => {
    const app = (await admin.post('/api/apps', { name: '调查' })).body;
    const f = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'survey',
        name: '满意度调查',
        fields: [
          { key: 'score', type: 'rating', label: '满意度' },
          {
            key: 'followUp',
            type: 'select',
            label: '回访状态',
            internal: true,
            options: [{ value: 'pending', label: '待回访' }],
          },
        ],
      })
    ).body;
    const link = (await admin.get(`/api/forms/${f.id}/public-link`)).body;
    const form = (await s.anonymous().get(`/api/public/forms/${link.token}`)).body;
    expect(Object.keys(form.jsonSchema.properties)).toEqual(['score']);
  });
});
