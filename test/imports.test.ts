import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './support/checks.js';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

/** Posts a file (and option parts) as multipart/form-data. */
function upload(
  client: Client,
  path: string,
  name: string,
  content: string | Uint8Array,
  parts: Record<string, unknown> = {},
) {
  const form = new FormData();
  form.append('file', new Blob([content as BlobPart]), name);
  for (const [k, v] of Object.entries(parts)) form.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  return client.raw('POST', path, { body: form });
}

/** Polls a job until it ends. */
async function finished(client: Client, jobId: string) {
  for (let i = 0; i < 600; i++) {
    const r = await client.get(`/api/imports/${jobId}`);
    if (r.body.status === 'succeeded' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('import did not finish');
}

async function importFile(
  client: Client,
  formId: string,
  name: string,
  content: string | Uint8Array,
  parts: Record<string, unknown> = {},
) {
  const r = await upload(client, `/api/forms/${formId}/import`, name, content, parts);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  expect(r.body.jobId).toMatch(/^imp_/);
  return finished(client, r.body.jobId);
}

const BOM = '\uFEFF';

describe.each(engines)('imports on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let form: any;
  let appId: string;
  const user: Record<string, string> = {};

  const records = async (filter?: unknown) =>
    (
      await admin.get(
        `/api/forms/${form.id}/records?limit=500&sort=createdAt${filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`,
      )
    ).body.items;
  const count = async () => (await admin.get(`/api/forms/${form.id}/records?count=true&limit=1`)).body.total;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    appId = (await admin.post('/api/apps', { name: '客户管理' })).body.id;
    user.wang = (
      await admin.post('/api/users', { email: 'wang@example.com', name: '王芳', password: 'User-pass-1' })
    ).body.id;
    user.li = (
      await admin.post('/api/users', { email: 'li@example.com', name: '李雷', password: 'User-pass-1' })
    ).body.id;
    form = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'customers',
        name: '客户',
        fields: [
          { key: 'customerName', type: 'text', label: '客户名称', required: true },
          { key: 'code', type: 'text', label: '客户代码', unique: true },
          {
            key: 'tier',
            type: 'select',
            label: '客户分层',
            options: [
              { value: 'high', label: '高价值' },
              { value: 'normal', label: '普通' },
            ],
          },
          { key: 'amount', type: 'currency', label: '合作金额' },
          { key: 'signedOn', type: 'date', label: '签约日期' },
          {
            key: 'tags',
            type: 'multiselect',
            label: '标签',
            options: [
              { value: 'a', label: '制造业' },
              { value: 'b', label: '外贸' },
              { value: 'c', label: '上市' },
            ],
          },
          { key: 'vip', type: 'checkbox', label: '是否VIP' },
          { key: 'owner', type: 'member', label: '负责人' },
          { key: 'customerNo', type: 'autonumber', label: '客户编号', format: 'C{0000}' },
        ],
      })
    ).body;
    expect(form.id).toBeTruthy();
  });
  afterAll(() => s?.close());

  it('converts spreadsheet text by field type and suggests the mapping from labels and keys', async () => {
    const csv =
      `${BOM}客户名称,客户代码, 客户分层 ,合作金额,签约日期,标签,是否VIP,负责人,备注\n` +
      'A公司,A001,高价值,"1,234.50",2024/5/20,制造业、外贸,是,wang@example.com,忽略\n' +
      'B公司,A002,normal,¥88,2024-05-21,上市,否,李雷,\n';
    const job = await importFile(admin, form.id, 'customers.csv', csv);
    expect(job).toMatchObject({
      status: 'succeeded',
      format: 'csv',
      dryRun: false,
      total: 2,
      processed: 2,
      created: 2,
      updated: 0,
      skipped: 0,
      failed: 0,
      errors: [],
    });
    expect(job.mapping).toEqual({
      客户名称: 'customerName',
      客户代码: 'code',
      ' 客户分层 ': 'tier',
      合作金额: 'amount',
      签约日期: 'signedOn',
      标签: 'tags',
      是否VIP: 'vip',
      负责人: 'owner',
      备注: null,
    });
    expect(job.startedAt).toBeTruthy();
    expect(job.finishedAt >= job.startedAt).toBe(true);
    const [a, b] = await records();
    expect(a.fields).toMatchObject({
      customerName: 'A公司',
      code: 'A001',
      tier: 'high',
      amount: 1234.5,
      signedOn: '2024-05-20',
      tags: ['a', 'b'],
      vip: true,
      owner: user.wang,
    });
    expect(a.fields.customerNo).toMatch(/^C\d{4}$/);
    expect(b.fields).toMatchObject({
      customerName: 'B公司',
      tier: 'normal',
      amount: 88,
      signedOn: '2024-05-21',
      tags: ['c'],
      vip: false,
      owner: user.li,
    });
  });

  it('writes every row through the records service: history and an outbox event per record', async () => {
    const [a] = await records({ field: 'code', op: 'eq', value: 'A001' });
    const history = (await admin.get(`/api/forms/${form.id}/records/${a.id}/history`)).body.items;
    expect(history[0].action).toBe('create');
    const events = await s.db.db.selectFrom('outbox').select('event').where('record_id', '=', a.id).execute();
    expect(events.map((e) => e.event)).toEqual(['record.created']);
  });

  it('dry run validates every row, reports row-level errors and writes nothing', async () => {
    const before = await count();
    const outbox = (await s.db.db.selectFrom('outbox').select('id').execute()).length;
    const csv =
      '客户名称,客户代码,客户分层,合作金额,签约日期\n' +
      'C公司,C001,高价值,100,2024-01-01\n' +
      ',C002,普通,5,2024-01-02\n' +
      'D公司,C003,金牌,abc,2024-02-30\n' +
      'E公司,A001,普通,1,2024-01-03\n';
    const job = await importFile(admin, form.id, 'dry.csv', csv, { dryRun: 'true' });
    expect(job).toMatchObject({
      status: 'succeeded',
      dryRun: true,
      total: 4,
      processed: 4,
      created: 1,
      failed: 3,
    });
    expect(job.errors.map((e: any) => e.row)).toEqual([3, 4, 5]);
    expect(job.errors[0].errors).toEqual([
      {
        path: '/fields/customerName',
        message: '客户名称 is required',
        code: 'required',
        params: { label: '客户名称' },
      },
    ]);
    const row4 = job.errors[1].errors.map((e: any) => e.path).sort();
    expect(row4).toEqual(['/fields/amount', '/fields/signedOn', '/fields/tier']);
    expect(job.errors[2].errors[0]).toMatchObject({ path: '/fields/code' });
    expect(job.errors[2].errors[0].message).toMatch(/already used/);
    expect(await count()).toBe(before);
    expect((await s.db.db.selectFrom('outbox').select('id').execute()).length).toBe(outbox);
  });

  it('skips invalid rows and imports the others', async () => {
    const before = await count();
    const csv =
      '客户名称,客户代码,合作金额\n' + 'F公司,F001,1\n' + 'G公司,F002,不是数字\n' + 'H公司,F003,3\n';
    const job = await importFile(admin, form.id, 'mixed.csv', csv);
    expect(job).toMatchObject({ status: 'succeeded', created: 2, failed: 1 });
    expect(job.errors).toEqual([
      {
        row: 3,
        errors: [
          {
            path: '/fields/amount',
            message: '合作金额: "不是数字" is not a number',
            code: 'not_a_number',
            params: { value: '不是数字', label: '合作金额' },
          },
        ],
      },
    ]);
    expect(await count()).toBe(before + 2);
  });

  it('dedupes by a key field: skip, update or create', async () => {
    const csv = (amount: number) =>
      `客户名称,客户代码,合作金额\nF公司改,F001,${amount}\n新公司,N001,7\n新公司二,N001,8\n`;
    const before = await count();
    const skip = await importFile(admin, form.id, 'skip.csv', csv(10), {
      dedupe: { field: 'code', mode: 'skip' },
    });
    expect(skip).toMatchObject({ status: 'succeeded', created: 1, skipped: 2, updated: 0, failed: 0 });
    expect(await count()).toBe(before + 1);
    const [f] = await records({ field: 'code', op: 'eq', value: 'F001' });
    expect(f.fields.customerName).toBe('F公司');

    const update = await importFile(admin, form.id, 'update.csv', csv(20), {
      options: JSON.stringify({ dedupe: { field: 'code', mode: 'update' } }),
    });
    expect(update).toMatchObject({ status: 'succeeded', created: 0, updated: 3, skipped: 0, failed: 0 });
    const [f2] = await records({ field: 'code', op: 'eq', value: 'F001' });
    expect(f2.fields).toMatchObject({ customerName: 'F公司改', amount: 20 });
    expect(f2.version).toBe(f.version + 1);
    const [n] = await records({ field: 'code', op: 'eq', value: 'N001' });
    expect(n.fields.customerName).toBe('新公司二');
    expect(await count()).toBe(before + 1);

    const create = await importFile(
      admin,
      form.id,
      'create.csv',
      '客户名称,合作金额\n重复公司,1\n重复公司,2\n',
      { dedupe: JSON.stringify({ field: 'customerName', mode: 'create' }) },
    );
    expect(create).toMatchObject({ created: 2 });
    expect(await records({ field: 'customerName', op: 'eq', value: '重复公司' })).toHaveLength(2);
  });

  it('imports XLSX with date cells, Excel serial dates and numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['客户名称', '签约日期', '合作金额', '是否VIP']);
    ws.addRow(['X公司', new Date(Date.UTC(2024, 4, 20)), 1234.56, 'true']);
    ws.addRow(['Y公司', 45432, '2,000', 1]);
    const buf = new Uint8Array(await wb.xlsx.writeBuffer());
    const job = await importFile(admin, form.id, 'book.xlsx', buf);
    expect(job).toMatchObject({ status: 'succeeded', format: 'xlsx', created: 2, failed: 0 });
    const [x] = await records({ field: 'customerName', op: 'eq', value: 'X公司' });
    expect(x.fields).toMatchObject({ signedOn: '2024-05-20', amount: 1234.56, vip: true });
    const [y] = await records({ field: 'customerName', op: 'eq', value: 'Y公司' });
    expect(y.fields).toMatchObject({ signedOn: '2024-05-20', amount: 2000, vip: true });
  });

  it('imports in chunks and shows progress counts', async () => {
    const lines = ['客户名称,合作金额'];
    for (let i = 0; i < 1203; i++) lines.push(`批量${i},${i}`);
    const before = await count();
    const job = await importFile(admin, form.id, 'bulk.csv', lines.join('\r\n'));
    expect(job).toMatchObject({ status: 'succeeded', total: 1203, processed: 1203, created: 1203 });
    expect(await count()).toBe(before + 1203);
  });

  it('dedupes against rows it wrote earlier in the same job, and reports a bad cell each time it recurs', async () => {
    const lines = ['客户名称,客户代码,签约日期'];
    for (let i = 0; i < 1500; i++)
      lines.push(`去重${i},DX${i},${i === 20 || i === 1400 ? '2024-13-45' : '2024/5/20'}`);
    // The same code as the sixth row, after the first 1,000 rows have been written.
    lines.push('又一家,DX5,2024/5/20');
    const before = await count();
    const job = await importFile(admin, form.id, 'far.csv', lines.join('\n'), {
      dedupe: { field: 'code', mode: 'skip' },
    });
    expect(job).toMatchObject({
      status: 'succeeded',
      total: 1501,
      processed: 1501,
      created: 1498,
      skipped: 1,
      failed: 2,
    });
    expect(job.errors.map((e: { row: number }) => e.row)).toEqual([22, 1402]);
    expect(job.errors[1].errors).toEqual(job.errors[0].errors);
    expect(await count()).toBe(before + 1498);
    const [dx5] = await records({ field: 'code', op: 'eq', value: 'DX5' });
    expect(dx5.fields).toMatchObject({ customerName: '去重5', signedOn: '2024-05-20' });
  });

  it('uses an explicit mapping and fails the job clearly when a mapped column is missing', async () => {
    const ok = await importFile(admin, form.id, 'm.csv', 'Name,Money\n映射公司,9\n', {
      mapping: { Name: 'customerName', Money: 'amount' },
    });
    expect(ok).toMatchObject({
      status: 'succeeded',
      created: 1,
      mapping: { Name: 'customerName', Money: 'amount' },
    });
    const missing = await importFile(admin, form.id, 'm.csv', 'Name\n映射公司\n', {
      mapping: { Name: 'customerName', Money: 'amount' },
    });
    expect(missing.status).toBe('failed');
    expect(missing.error).toMatch(/Money/);
  });

  it('suggests a mapping in a preview of the first rows', async () => {
    const r = await upload(
      admin,
      `/api/forms/${form.id}/import/preview`,
      'p.csv',
      `${BOM}customerName,合作金额,其他\nA,1,x\n`,
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      format: 'csv',
      headers: ['customerName', '合作金额', '其他'],
      rows: [['A', '1', 'x']],
      mapping: { customerName: 'customerName', 合作金额: 'amount', 其他: null },
    });
  });

  it('names rows as a spreadsheet does when a cell holds line breaks', async () => {
    const csv = '客户名称,备注,合作金额\r\n"多行公司","第一行\r\n第二行",1\r\n\r\n坏金额公司,,abc\r\n';
    const job = await importFile(admin, form.id, 'multi.csv', csv, { dryRun: 'true' });
    expect(job).toMatchObject({ status: 'succeeded', total: 2, created: 1, failed: 1 });
    expect(job.errors).toEqual([
      {
        row: 4,
        errors: [
          {
            path: '/fields/amount',
            message: '合作金额: "abc" is not a number',
            code: 'not_a_number',
            params: { value: 'abc', label: '合作金额' },
          },
        ],
      },
    ]);
  });

  it('fails clearly on a CSV that cannot be read: 422 in the preview, a failed job with the reason', async () => {
    const broken = '客户名称,合作金额\n"未闭合公司,1\n';
    expectError(
      await upload(admin, `/api/forms/${form.id}/import/preview`, 'broken.csv', broken),
      422,
      '/file',
    );
    const job = await importFile(admin, form.id, 'broken.csv', broken);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^The file is not valid CSV: row 2: a quoted field is never closed/);
  });

  it('refuses bad requests: no file, unknown mapping targets, computed fields, a bad dedupe field', async () => {
    const none = new FormData();
    none.append('dryRun', 'true');
    expectError(await admin.raw('POST', `/api/forms/${form.id}/import`, { body: none }), 400, '/file');
    expectError(
      await upload(admin, `/api/forms/${form.id}/import`, 'x.csv', 'a\n1\n', { mapping: { a: 'nope' } }),
      422,
      '/mapping/a',
    );
    expectError(
      await upload(admin, `/api/forms/${form.id}/import`, 'x.csv', 'a\n1\n', {
        mapping: { a: 'customerNo' },
      }),
      422,
      '/mapping/a',
    );
    expectError(
      await upload(admin, `/api/forms/${form.id}/import`, 'x.csv', 'a\n1\n', {
        dedupe: { field: 'tags', mode: 'skip' },
      }),
      422,
      '/dedupe/field',
    );
    expectError(
      await upload(admin, `/api/forms/${form.id}/import`, 'x.csv', 'a\n1\n', { dryRun: 'maybe' }),
      422,
      '/dryRun',
    );
    expectError(await admin.json('POST', `/api/forms/${form.id}/import`, { a: 1 }), 400);
  });

  it('needs the create right, and update for dedupe updates; a job is only shown to its owner', async () => {
    const role = (
      await admin.post('/api/roles', {
        name: '录入',
        grants: [{ formId: form.id, actions: ['read', 'create'], scope: 'all' }],
      })
    ).body.id;
    await admin.post('/api/users', {
      email: 'clerk@example.com',
      name: '录入员',
      password: 'User-pass-1',
      roleIds: [role],
    });
    await admin.post('/api/users', { email: 'guest@example.com', name: '访客', password: 'User-pass-1' });
    const clerk = await s.client('clerk@example.com', 'User-pass-1');
    const guest = await s.client('guest@example.com', 'User-pass-1');
    expectError(await upload(guest, `/api/forms/${form.id}/import`, 'x.csv', '客户名称\nZ\n'), 403);
    expectError(
      await upload(clerk, `/api/forms/${form.id}/import`, 'x.csv', '客户名称\nZ\n', {
        dedupe: { field: 'code', mode: 'update' },
      }),
      403,
    );
    const r = await upload(clerk, `/api/forms/${form.id}/import`, 'x.csv', '客户名称\n录入公司\n');
    expect(r.status).toBe(202);
    const job = await finished(clerk, r.body.jobId);
    expect(job).toMatchObject({ status: 'succeeded', created: 1 });
    expectError(await guest.get(`/api/imports/${r.body.jobId}`), 404);
    expect((await admin.get(`/api/imports/${r.body.jobId}`)).status).toBe(200);
    expectError(await s.anonymous().get(`/api/imports/${r.body.jobId}`), 401);
  });
});
