import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './support/checks.js';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

/** A download as raw bytes (the test client reads bodies as text). */
async function download(s: TestServer, client: Client, path: string) {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await s.app.request(path, { headers: { cookie } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const csvRows = (bytes: Uint8Array) =>
  parse(Buffer.from(bytes).toString('utf8'), { bom: true }) as string[][];

async function xlsxRows(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

function upload(client: Client, path: string, name: string, content: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([content as BlobPart]), name);
  return client.raw('POST', path, { body: form });
}

async function importAndWait(client: Client, formId: string, name: string, content: Uint8Array) {
  const r = await upload(client, `/api/forms/${formId}/import`, name, content);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  for (let i = 0; i < 600; i++) {
    const job = (await client.get(`/api/imports/${r.body.jobId}`)).body;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('import did not finish');
}

const fields = [
  { key: 'name', type: 'text', label: '客户名称', required: true },
  {
    key: 'tier',
    type: 'select',
    label: '客户分层',
    options: [
      { value: 'high', label: '高价值' },
      { value: 'normal', label: '普通' },
    ],
  },
  {
    key: 'tags',
    type: 'multiselect',
    label: '标签',
    options: [
      { value: 'a', label: '制造业' },
      { value: 'b', label: '外贸' },
    ],
  },
  { key: 'amount', type: 'currency', label: '合作金额' },
  { key: 'phone', type: 'phone', label: '联系方式', sensitive: true },
  { key: 'signedOn', type: 'date', label: '签约日期' },
  { key: 'visitAt', type: 'datetime', label: '拜访时间' },
  { key: 'vip', type: 'checkbox', label: '是否VIP' },
  { key: 'owner', type: 'member', label: '客户经理' },
];

describe.each(engines)('exports on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let member: Client;
  let form: any;
  let copy: any;
  let zhang: string;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    const app = (await admin.post('/api/apps', { name: '客户管理' })).body;
    form = (await admin.post(`/api/apps/${app.id}/forms`, { key: 'customers', name: '客户', fields })).body;
    copy = (await admin.post(`/api/apps/${app.id}/forms`, { key: 'customersCopy', name: '客户副本', fields }))
      .body;
    const role = (
      await admin.post('/api/roles', {
        name: '销售',
        grants: [
          {
            formId: form.id,
            actions: ['read', 'create', 'export'],
            scope: 'own',
            fields: { amount: 'hidden' },
          },
        ],
      })
    ).body.id;
    zhang = (
      await admin.post('/api/users', {
        email: 'zhang@example.com',
        name: '张伟',
        password: 'User-pass-1',
        roleIds: [role],
      })
    ).body.id;
    member = await s.client('zhang@example.com', 'User-pass-1');
    const base = {
      tier: 'high',
      tags: ['a', 'b'],
      amount: 1234.5,
      phone: '13812345678',
      signedOn: '2024-05-20',
      visitAt: '2024-05-20T05:30:00.000Z',
      vip: true,
      owner: zhang,
    };
    const r = await admin.post(`/api/forms/${form.id}/records/batch`, {
      records: [
        { fields: { ...base, name: 'A公司' }, ownerId: zhang },
        { fields: { name: 'B公司, "引号"', tier: 'normal', vip: false } },
        ...Array.from({ length: 998 }, (_, i) => ({ fields: { name: `批量${i}`, amount: i } })),
      ],
    });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(201);
    expect(
      (
        await admin.post(`/api/forms/${form.id}/records/batch`, {
          records: Array.from({ length: 300 }, (_, i) => ({ fields: { name: `第二批${i}` } })),
        })
      ).status,
    ).toBe(201);
  });
  afterAll(() => s?.close());

  it('streams every record as CSV with a BOM, label headers and values formatted for people', async () => {
    const r = await download(s, admin, `/api/forms/${form.id}/export?format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toMatch(/attachment/);
    expect([...r.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(r.bytes);
    expect(rows[0]).toEqual([
      '客户名称',
      '客户分层',
      '标签',
      '合作金额',
      '联系方式',
      '签约日期',
      '拜访时间',
      '是否VIP',
      '客户经理',
    ]);
    expect(rows).toHaveLength(1 + 1300);
    expect(rows[1]).toEqual([
      'A公司',
      '高价值',
      '制造业, 外贸',
      '1234.5',
      '13812345678',
      '2024-05-20',
      '2024-05-20 13:30:00',
      '是',
      '张伟',
    ]);
    expect(rows[2]).toEqual(['B公司, "引号"', '普通', '', '', '', '', '', '否', '']);
    expect(new Set(rows.slice(1).map((x) => x[0])).size).toBe(1300);
  });

  it('exports XLSX with numbers as numbers, filtered, sorted and limited to chosen fields', async () => {
    const filter = encodeURIComponent(JSON.stringify({ field: 'amount', op: 'gte', value: 990 }));
    const r = await download(
      s,
      admin,
      `/api/forms/${form.id}/export?format=xlsx&filter=${filter}&sort=-amount&fields=name,amount,createdAt`,
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/spreadsheetml/);
    const rows = await xlsxRows(r.bytes);
    expect(rows[0]).toEqual(['客户名称', '合作金额', '创建时间']);
    expect(rows.slice(1).map((x) => x.slice(0, 2))).toEqual([
      ['A公司', 1234.5],
      ['批量997', 997],
      ['批量996', 996],
      ['批量995', 995],
      ['批量994', 994],
      ['批量993', 993],
      ['批量992', 992],
      ['批量991', 991],
      ['批量990', 990],
    ]);
  });

  it('round-trips: an exported file imports back into the same records', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const filter = encodeURIComponent(
        JSON.stringify({ field: 'name', op: 'in', value: ['A公司', 'B公司, "引号"', '批量1'] }),
      );
      const file = await download(s, admin, `/api/forms/${form.id}/export?format=${format}&filter=${filter}`);
      const job = await importAndWait(admin, copy.id, `export.${format}`, file.bytes);
      expect(job, JSON.stringify(job.errors)).toMatchObject({ status: 'succeeded', created: 3, failed: 0 });
      const listing = async (id: string) =>
        (await admin.get(`/api/forms/${id}/records?filter=${filter}&sort=name`)).body.items.map(
          (x: any) => x.fields,
        );
      expect(await listing(copy.id)).toEqual(await listing(form.id));
      for (const rec of (await admin.get(`/api/forms/${copy.id}/records?limit=500`)).body.items)
        await admin.del(`/api/forms/${copy.id}/records/${rec.id}`);
    }
  });

  it('leaves out hidden fields, masks sensitive ones like lists do, and keeps to the caller’s scope', async () => {
    const r = await download(s, member, `/api/forms/${form.id}/export?format=csv`);
    expect(r.status).toBe(200);
    const rows = csvRows(r.bytes);
    expect(rows[0]).not.toContain('合作金额');
    expect(rows).toHaveLength(2);
    expect(rows[1][rows[0].indexOf('联系方式')]).toBe('138****5678');
    expect(rows[1][rows[0].indexOf('客户名称')]).toBe('A公司');
    expectError(await member.get(`/api/forms/${form.id}/export?fields=name,amount`), 400, '/fields');
  });

  it('writes every export to the audit log', async () => {
    await download(s, member, `/api/forms/${form.id}/export?format=xlsx&fields=name`);
    const log = (await admin.get('/api/audit?action=export&limit=100')).body.items;
    const mine = log.find((e: any) => e.userId === zhang);
    expect(mine).toMatchObject({ action: 'export', targetType: form.id });
    expect(log.length).toBeGreaterThanOrEqual(4);
  });

  it('answers 400 for a bad filter or format, 401 without login, 403 without read', async () => {
    expectError(
      await admin.get(
        `/api/forms/${form.id}/export?filter=${encodeURIComponent('{"field":"nope","op":"eq","value":1}')}`,
      ),
      400,
    );
    expectError(await admin.get(`/api/forms/${form.id}/export?format=pdf`), 400, '/format');
    expectError(await s.anonymous().get(`/api/forms/${form.id}/export`), 401);
    expectError(await member.get(`/api/forms/${copy.id}/export`), 403);
  });
});
