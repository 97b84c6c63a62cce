import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain } from '../automations.helpers.js';
import { engines } from '../support/engines.js';
import { type Client, type TestServer, startServer } from '../support/server.js';

/**
 * The permission matrix over every read path. One company, two apps, and four people with less
 * right than an admin:
 * - mia reads customers of her own department, with 内部备注 hidden and 联系方式 masked;
 * - max manages the customer app, but his role shows him the same as mia's;
 * - otto manages another app and nothing of this one;
 * - nora has no role at all.
 * Every answer any of them gets, on any path, is searched for values they may not see: the name of
 * a customer outside their scope, a hidden note, a phone number in full.
 */
const OUTSIDE = 'OUTSIDE公司';
const NOTE = 'HIDDEN-NOTE-7731';
const PHONE_IN = '13987654321';
const PHONE_OUT = '13911112222';
const secrets = [OUTSIDE, NOTE, PHONE_IN, PHONE_OUT];

/** Asserts that nothing the reader may not see is anywhere in what they got. */
function clean(what: string, body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const s of secrets) expect(text, `${what} leaks ${s}`).not.toContain(s);
}

function receiver() {
  const received: unknown[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      received.push(text);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  return { received, server, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

describe.each(engines)('permission matrix over every read path on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  const u: Record<'mia' | 'max' | 'otto' | 'nora', Client> = {} as never;
  const ids: Record<string, string> = {};
  let appA: string;
  let appB: string;
  let customers: any;
  let interactions: any;
  let otherForm: any;
  let inRec: any;
  let outRec: any;
  let fileId: string;
  let dashboardId: string;
  const hook = receiver();

  beforeAll(async () => {
    await new Promise<void>((ok) => hook.server.listen(0, '127.0.0.1', ok));
    s = await startServer(engine);
    admin = await s.client();
    const dept = async (name: string) => (await admin.post('/api/departments', { name })).body.id as string;
    ids.sales = await dept('销售部');
    ids.service = await dept('客服部');
    appA = (await admin.post('/api/apps', { name: '客户管理' })).body.id;
    appB = (await admin.post('/api/apps', { name: '行政' })).body.id;
    const form = async (appId: string, body: unknown) => {
      const r = await admin.post(`/api/apps/${appId}/forms`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    customers = await form(appA, {
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
        { key: 'phone', type: 'phone', label: '联系方式', sensitive: true },
        { key: 'secretNote', type: 'text', label: '内部备注' },
        { key: 'files', type: 'attachment', label: '合同' },
      ],
    });
    interactions = await form(appA, {
      key: 'interactions',
      name: '互动',
      fields: [
        { key: 'topic', type: 'text', label: '主题' },
        { key: 'customer', type: 'relation', label: '客户', formId: customers.id },
        {
          key: 'customerName',
          type: 'lookup',
          label: '客户名称',
          relationField: 'customer',
          targetField: 'name',
        },
        {
          key: 'customerPhone',
          type: 'lookup',
          label: '客户电话',
          relationField: 'customer',
          targetField: 'phone',
        },
        {
          key: 'customerNote',
          type: 'lookup',
          label: '客户备注',
          relationField: 'customer',
          targetField: 'secretNote',
        },
      ],
    });
    otherForm = await form(appB, {
      key: 'assets',
      name: '资产',
      fields: [{ key: 'title', type: 'text', label: '名称' }],
    });

    const role = async (name: string, grants: unknown[]) => {
      const r = await admin.post('/api/roles', { name, grants });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const limited = { scope: 'department', fields: { secretNote: 'hidden' } };
    const reader = await role('销售', [
      { formId: customers.id, actions: ['read', 'export'], ...limited },
      { formId: interactions.id, actions: ['read', 'export'], scope: 'all' },
    ]);
    const manager = await role('销售主管', [
      { appId: appA, actions: ['read', 'create', 'update', 'manage', 'export'], ...limited },
      { formId: interactions.id, actions: ['read', 'create', 'update', 'manage'], scope: 'all' },
    ]);
    const otherManager = await role('行政主管', [
      { appId: appB, actions: ['read', 'create', 'update', 'manage', 'export'], scope: 'all' },
    ]);
    const people: Array<[keyof typeof u, string[]]> = [
      ['mia', [reader]],
      ['max', [manager]],
      ['otto', [otherManager]],
      ['nora', []],
    ];
    for (const [name, roleIds] of people) {
      const r = await admin.post('/api/users', {
        email: `${name}@example.com`,
        name,
        password: 'User-pass-1',
        mainDepartmentId: ids.sales,
        roleIds,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids[name] = r.body.id;
      u[name] = await s.client(`${name}@example.com`, 'User-pass-1');
    }

    const upload = await admin.raw('POST', '/api/files', {
      body: (() => {
        const fd = new FormData();
        fd.append('file', new File(['合同正文'], 'contract.txt', { type: 'text/plain' }));
        return fd;
      })(),
    });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    fileId = upload.body.id;
    const make = async (
      name: string,
      phone: string,
      department: string,
      extra: Record<string, unknown> = {},
    ) => {
      const r = await admin.post(`/api/forms/${customers.id}/records`, {
        fields: { name, tier: 'high', phone, secretNote: NOTE, ...extra },
        departmentId: department,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    inRec = await make('A公司', PHONE_IN, ids.sales);
    outRec = await make(OUTSIDE, PHONE_OUT, ids.service, { files: [fileId] });
    for (const [topic, rec] of [
      ['拜访', inRec],
      ['回访', outRec],
    ] as const)
      expect(
        (await admin.post(`/api/forms/${interactions.id}/records`, { fields: { topic, customer: [rec.id] } }))
          .status,
      ).toBe(201);
    // A change, so both records have history with the note and the phone in it.
    for (const rec of [inRec, outRec]) {
      const r = await admin.patch(`/api/forms/${customers.id}/records/${rec.id}`, {
        fields: {
          secretNote: `${NOTE}!`,
          phone: rec.id === inRec.id ? PHONE_IN.replace('4321', '4322') : PHONE_OUT.replace('2222', '2223'),
        },
        version: rec.version,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }

    const dash = await admin.post(`/api/apps/${appA}/dashboards`, {
      name: '客户看板',
      widgets: [
        {
          id: 'byName',
          type: 'bar',
          title: '按客户',
          formId: customers.id,
          query: { groupBy: ['name'], metrics: [{ op: 'count' }] },
          layout: { x: 0, y: 0, w: 6, h: 4 },
        },
        {
          id: 'latest',
          type: 'list',
          title: '最新客户',
          formId: customers.id,
          list: { sort: 'name', fields: ['name', 'phone', 'secretNote'], limit: 10 },
          layout: { x: 6, y: 0, w: 6, h: 4 },
        },
        {
          id: 'byLookup',
          type: 'bar',
          title: '互动',
          formId: interactions.id,
          query: { groupBy: ['customerName'], metrics: [{ op: 'count' }] },
          layout: { x: 0, y: 4, w: 6, h: 4 },
        },
      ],
    });
    expect(dash.status, JSON.stringify(dash.body)).toBe(201);
    dashboardId = dash.body.id;
  });
  afterAll(async () => {
    await s?.close();
    hook.server.close();
  });

  const readers = ['mia', 'max'] as const;

  it('lists, counts, searches and pages only what each reader may see', async () => {
    for (const who of readers) {
      const c = u[who];
      const list = await c.get(`/api/forms/${customers.id}/records?count=true`);
      expect(list.status, who).toBe(200);
      expect(
        list.body.items.map((r: any) => r.fields.name),
        who,
      ).toEqual(['A公司']);
      expect(list.body.total, who).toBe(1);
      clean(`${who} list`, list.body);
      for (const q of ['OUTSIDE', '1391111', '139876', 'HIDDEN']) {
        const found = await c.get(`/api/forms/${customers.id}/records?q=${encodeURIComponent(q)}`);
        clean(`${who} search ${q}`, found.body);
        expect(
          found.body.items.filter((r: any) => r.id === outRec.id),
          `${who} finds the outside record by ${q}`,
        ).toEqual([]);
        const global = await c.get(`/api/search?q=${encodeURIComponent(q)}`);
        expect(global.status).toBe(200);
        clean(`${who} global search ${q}`, global.body);
        expect(global.body.items.filter((h: any) => h.recordId === outRec.id)).toEqual([]);
      }
      expect(
        (await c.get(`/api/search?q=${encodeURIComponent('A公司')}`)).body.items.map((h: any) => h.recordId),
      ).toContain(inRec.id);
      const first = await c.get(`/api/forms/${customers.id}/records?sort=name&limit=1`);
      expect(first.status).toBe(200);
      const related = await c.get(`/api/forms/${interactions.id}/records?count=true`);
      expect(related.status, who).toBe(200);
      expect(related.body.total, who).toBe(2);
      clean(`${who} lookups in interactions`, related.body);
    }
  });

  it('keeps cursors opaque: no sort value inside, and a forged one is refused', async () => {
    await admin.post(`/api/forms/${customers.id}/records`, {
      fields: { name: 'B公司', phone: '13700000000' },
      departmentId: ids.sales,
    });
    const page = await u.mia.get(`/api/forms/${customers.id}/records?sort=name&limit=1`);
    expect(page.status).toBe(200);
    const cursor = page.body.nextCursor as string;
    expect(cursor).toBeTruthy();
    const decoded =
      Buffer.from(cursor, 'base64url').toString('utf8') + Buffer.from(cursor, 'base64').toString('utf8');
    expect(decoded).not.toContain('A公司');
    const next = await u.mia.get(
      `/api/forms/${customers.id}/records?sort=name&limit=1&cursor=${encodeURIComponent(cursor)}`,
    );
    expect(next.body.items.map((r: any) => r.fields.name)).toEqual(['B公司']);
    const forged = Buffer.from(JSON.stringify({ v: ['A'], id: outRec.id })).toString('base64url');
    expect((await u.mia.get(`/api/forms/${customers.id}/records?sort=name&cursor=${forged}`)).status).toBe(
      400,
    );
  });

  it('answers records, history and workflow outside the scope as not found', async () => {
    for (const who of readers) {
      const c = u[who];
      for (const path of ['', '/history', '/workflow'])
        expect(
          (await c.get(`/api/forms/${customers.id}/records/${outRec.id}${path}`)).status,
          `${who} ${path}`,
        ).toBe(404);
      const one = await c.get(`/api/forms/${customers.id}/records/${inRec.id}`);
      expect(one.status).toBe(200);
      clean(`${who} detail`, one.body);
      const history = await c.get(`/api/forms/${customers.id}/records/${inRec.id}/history`);
      expect(history.status).toBe(200);
      clean(`${who} history`, history.body);
    }
  });

  it('refuses to group, sort or range over a masked field, and never groups a hidden one', async () => {
    for (const who of readers) {
      const c = u[who];
      expect(
        (await c.get(`/api/forms/${customers.id}/records?sort=phone`)).status,
        `${who} sort`,
      ).toBeGreaterThanOrEqual(400);
      const prefix = encodeURIComponent(JSON.stringify({ field: 'phone', op: 'startsWith', value: '139' }));
      expect(
        (await c.get(`/api/forms/${customers.id}/records?filter=${prefix}`)).status,
        `${who} prefix`,
      ).toBeGreaterThanOrEqual(400);
      const range = encodeURIComponent(JSON.stringify({ field: 'phone', op: 'gt', value: '139' }));
      expect(
        (await c.get(`/api/forms/${customers.id}/records?filter=${range}`)).status,
        `${who} range`,
      ).toBeGreaterThanOrEqual(400);
      const grouped = await c.post(`/api/forms/${customers.id}/aggregate`, {
        groupBy: ['phone'],
        metrics: [{ op: 'count' }],
      });
      expect(grouped.status, `${who} group by phone`).toBeGreaterThanOrEqual(400);
      clean(`${who} group by phone`, grouped.body);
      const byLookup = await c.post(`/api/forms/${interactions.id}/aggregate`, {
        groupBy: ['customerPhone'],
        metrics: [{ op: 'count' }],
      });
      expect(byLookup.status, `${who} group by a lookup of the phone`).toBeGreaterThanOrEqual(400);
      clean(`${who} group by lookup`, byLookup.body);
      const hidden = await c.post(`/api/forms/${customers.id}/aggregate`, {
        groupBy: ['secretNote'],
        metrics: [{ op: 'count' }],
      });
      expect(hidden.status).toBeGreaterThanOrEqual(400);
      const byName = await c.post(`/api/forms/${customers.id}/aggregate`, {
        groupBy: ['name'],
        metrics: [{ op: 'count' }],
      });
      expect(byName.status).toBe(200);
      clean(`${who} aggregate`, byName.body);
      const exact = encodeURIComponent(
        JSON.stringify({ field: 'phone', op: 'eq', value: PHONE_IN.replace('4321', '4322') }),
      );
      const found = await c.get(`/api/forms/${customers.id}/records?filter=${exact}`);
      expect(found.status, 'exact match on a masked field stays allowed').toBe(200);
    }
  });

  it('exports only visible records and fields, masked', async () => {
    for (const who of readers) {
      for (const formId of [customers.id, interactions.id]) {
        const csv = await u[who].raw('GET', `/api/forms/${formId}/export?format=csv`);
        expect(csv.status, `${who} export`).toBe(200);
        clean(`${who} export`, csv.body);
      }
    }
  });

  it('shows dashboards over what the viewer may see', async () => {
    for (const who of readers) {
      const data = await u[who].post(`/api/dashboards/${dashboardId}/data`, {});
      expect(data.status, who).toBe(200);
      clean(`${who} dashboard`, data.body);
    }
    const none = await u.nora.post(`/api/dashboards/${dashboardId}/data`, {});
    expect([403, 404]).toContain(none.status);
    clean('nora dashboard', none.body);
  });

  it('gives a partial manager definitions, versions and app exports without what is hidden from him', async () => {
    for (const path of [
      `/api/forms/${customers.id}`,
      `/api/forms/${customers.id}/versions`,
      `/api/forms/${customers.id}/schema`,
      `/api/apps/${appA}/export?data=true`,
    ]) {
      const r = await u.max.get(path);
      expect(r.status, path).toBe(200);
      clean(`max ${path}`, r.body);
      expect(JSON.stringify(r.body), path).not.toContain('secretNote');
    }
  });

  it('lets nobody without a right in: no role, or a manager of another app', async () => {
    for (const who of ['nora', 'otto'] as const) {
      const c = u[who];
      for (const path of [
        `/api/forms/${customers.id}/records`,
        `/api/forms/${customers.id}/records/${inRec.id}`,
        `/api/forms/${customers.id}/export`,
        `/api/forms/${customers.id}`,
        `/api/apps/${appA}/export?data=true`,
        `/api/apps/${appA}/automations`,
      ]) {
        const r = await c.get(path);
        expect([403, 404], `${who} ${path}`).toContain(r.status);
        clean(`${who} ${path}`, r.body);
      }
      const agg = await c.post(`/api/forms/${customers.id}/aggregate`, { metrics: [{ op: 'count' }] });
      expect([403, 404]).toContain(agg.status);
    }
  });

  it('keeps backups and export everything to admins: lesser users neither list, start, download nor import', async () => {
    for (const who of ['mia', 'max', 'otto', 'nora'] as const) {
      const c = u[who];
      for (const path of ['/api/backups', '/api/backups/export']) {
        const r = await c.raw('GET', path);
        expect(r.status, `${who} ${path}`).toBe(403);
        clean(`${who} ${path}`, r.body);
      }
      expect((await c.post('/api/backups')).status, `${who} starts a backup`).toBe(403);
      const imported = await c.raw('POST', '/api/backups/import', {
        body: new Uint8Array([0x1f, 0x8b]),
        headers: { 'content-type': 'application/gzip' },
      });
      expect(imported.status, `${who} imports`).toBe(403);
    }
  });

  it('serves an attachment only to those who may read a record holding it', async () => {
    for (const who of ['mia', 'max', 'nora', 'otto'] as const) {
      const r = await u[who].raw('GET', `/api/files/${fileId}`);
      expect(r.status, who).toBe(404);
    }
    expect((await admin.raw('GET', `/api/files/${fileId}`)).status).toBe(200);
    // Nor can the manager take the file over by attaching its id to a record of his own.
    const steal = await u.max.post(`/api/forms/${customers.id}/records`, {
      fields: { name: 'C公司', files: [fileId] },
    });
    expect(steal.status).toBe(422);
    clean('attach by id', steal.body);
  });

  it('keeps an automation within its app and its author’s view: save, dry run, run log, webhook, notification', async () => {
    // A manager of another app cannot point an automation of his at this app's forms.
    const cross = await u.otto.post(`/api/apps/${appB}/automations`, {
      name: '越权',
      trigger: { type: 'record.created', formId: otherForm.id },
      actions: [{ type: 'createRecord', formId: customers.id, fields: { name: 'x' } }],
    });
    expect(cross.status).toBe(422);
    const crossTrigger = await u.otto.post(`/api/apps/${appB}/automations`, {
      name: '越权',
      trigger: { type: 'record.updated', formId: customers.id },
      actions: [{ type: 'notify', to: { creator: true }, title: '{{record.name}} {{record.phone}}' }],
    });
    expect(crossTrigger.status).toBe(422);

    const leaky = '{{record.name}}|{{record.phone}}|{{record.secretNote}}';
    const a = await u.max.post(`/api/apps/${appA}/automations`, {
      name: '同步客户',
      trigger: { type: 'record.updated', formId: customers.id },
      actions: [
        { type: 'webhook', url: hook.url(), body: { text: leaky } },
        { type: 'notify', to: { users: [ids.mia] }, title: '客户更新', body: leaky },
      ],
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect((await u.max.post(`/api/automations/${a.body.id}/test`, { recordId: outRec.id })).status).toBe(
      404,
    );
    const dry = await u.max.post(`/api/automations/${a.body.id}/test`, { recordId: inRec.id });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    clean('dry run', dry.body);
    expect(JSON.stringify(dry.body)).toContain('A公司');

    const fresh = async (rec: any) => (await admin.get(`/api/forms/${customers.id}/records/${rec.id}`)).body;
    for (const rec of [inRec, outRec])
      expect(
        (
          await admin.patch(`/api/forms/${customers.id}/records/${rec.id}`, {
            fields: { tier: 'normal' },
            version: (await fresh(rec)).version,
          })
        ).status,
      ).toBe(200);
    await drain(s.deps);
    expect(hook.received.length).toBeGreaterThan(0);
    clean('webhook payloads', hook.received);
    const runs = await u.max.get(`/api/automations/${a.body.id}/runs`);
    expect(runs.status).toBe(200);
    clean('run log', runs.body);
    for (const run of runs.body.items)
      clean('one run', (await u.max.get(`/api/automations/${a.body.id}/runs/${run.id}`)).body);
    const inbox = await u.mia.get('/api/notifications');
    expect(inbox.status).toBe(200);
    clean('inbox', inbox.body);
  });

  it('lets an automation attach only files its author could attach', async () => {
    const a = await u.max.post(`/api/apps/${appA}/automations`, {
      name: '复制合同',
      trigger: { type: 'record.created', formId: interactions.id },
      actions: [
        { type: 'createRecord', formId: customers.id, fields: { name: '偷来的合同', files: [fileId] } },
      ],
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(
      (await admin.post(`/api/forms/${interactions.id}/records`, { fields: { topic: '触发' } })).status,
    ).toBe(201);
    await drain(s.deps);
    const stolen = await admin.get(
      `/api/forms/${customers.id}/records?q=${encodeURIComponent('偷来的合同')}`,
    );
    expect(stolen.body.items).toEqual([]);
    const runs = (await u.max.get(`/api/automations/${a.body.id}/runs`)).body.items;
    expect(runs.map((r: any) => r.status)).toEqual(['failed']);
    expect((await u.max.raw('GET', `/api/files/${fileId}`)).status).toBe(404);
  });

  it('shows imported templates to admins only', async () => {
    const doc = (await admin.get(`/api/apps/${appA}/export?data=true&id=leaky-crm`)).body;
    const imported = await admin.post('/api/templates', { ...doc, name: '导入的客户模板' });
    expect(imported.status, JSON.stringify(imported.body).slice(0, 500)).toBe(201);
    const list = await u.max.get('/api/templates');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain('leaky-crm');
    expect([403, 404]).toContain((await u.max.get('/api/templates/leaky-crm')).status);
    expect((await admin.get('/api/templates/leaky-crm')).status).toBe(200);
  });
});
