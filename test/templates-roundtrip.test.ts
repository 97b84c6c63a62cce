import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

type Doc = Record<string, any>;

/** An export with record refs replaced by positions and people left out: comparable across servers. */
function comparable(doc: Doc): Doc {
  const people = new Set<string>();
  for (const f of doc.forms)
    for (const x of f.fields)
      if (x.type === 'member' || x.type === 'department') people.add(`${f.key}.${x.key}`);
  const refs = new Map<string, string>();
  for (const b of doc.sampleData ?? [])
    b.records.forEach((r: Doc, i: number) => refs.set(r.ref, `${b.form}#${i}`));
  const sampleData = (doc.sampleData ?? []).map((b: Doc) => ({
    form: b.form,
    records: b.records.map((r: Doc) => ({
      ...r,
      ref: refs.get(r.ref),
      fields: Object.fromEntries(
        Object.entries(r.fields)
          .filter(([k]) => !people.has(`${b.form}.${k}`))
          .map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => refs.get(x) ?? x) : v]),
      ),
    })),
  }));
  return { ...doc, id: 'x', sampleData };
}

describe.each(engines)('export → import → install on %s', (engine) => {
  let a: TestServer;
  let b: TestServer;
  let adminA: Client;
  let adminB: Client;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer(engine), startServer(engine)]);
    [adminA, adminB] = await Promise.all([a.client(), b.client()]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('reproduces the app on a fresh server: same forms, fields, views, workflows, automations and records', async () => {
    const installed = await adminA.post('/api/templates/crm-suite/install', { sampleData: true });
    const appA = installed.body.app.id;
    const exported = await adminA.get(`/api/apps/${appA}/export?data=true&id=crm-copy`);
    expect(exported.status).toBe(200);
    const doc = exported.body;
    expect(doc).toMatchObject({
      $schema: '/api/schemas/template.json',
      id: 'crm-copy',
      name: '客户管理套件',
      version: '1.0.0',
    });
    expect(JSON.stringify(doc)).not.toMatch(/"(formId|appId)":\s*"(frm|app)_/);
    expect(doc.sampleData.find((s: Doc) => s.form === 'customers').records).toHaveLength(60);

    const imported = await adminB.post('/api/templates', doc);
    expect(imported.status, JSON.stringify(imported.body).slice(0, 600)).toBe(201);
    expect(imported.body).toMatchObject({ id: 'crm-copy', source: 'imported' });
    expect((await adminB.get('/api/templates')).body.items.map((t: Doc) => t.id)).toContain('crm-copy');
    expect((await adminB.get('/api/templates/crm-copy')).body.forms).toEqual(doc.forms);

    const copy = await adminB.post('/api/templates/crm-copy/install', { sampleData: true });
    expect(copy.status, JSON.stringify(copy.body).slice(0, 600)).toBe(201);
    expect(copy.body.created).toMatchObject({
      forms: 5,
      views: doc.views.length,
      workflows: 2,
      automations: 4,
      dashboards: 1,
      roles: 3,
    });
    const again = (await adminB.get(`/api/apps/${copy.body.app.id}/export?data=true`)).body;
    expect(comparable(again)).toEqual(comparable(doc));

    const formsA = Object.fromEntries(installed.body.app.forms.map((f: Doc) => [f.key, f.id]));
    const formsB = Object.fromEntries(copy.body.app.forms.map((f: Doc) => [f.key, f.id]));
    const wf = async (c: Client, id: string) => {
      const { version: _v, updatedAt: _u, ...w } = (await c.get(`/api/forms/${id}/workflow`)).body;
      return w;
    };
    expect(await wf(adminB, formsB.tasks)).toEqual(await wf(adminA, formsA.tasks));
    const customers = async (c: Client, id: string) =>
      (await c.get(`/api/forms/${id}/records?limit=500&sort=customerNo`)).body.items.map((r: Doc) => [
        r.fields.customerNo,
        r.fields.name,
        r.fields.totalAmount,
        r.fields.lastInteraction,
      ]);
    expect(await customers(adminB, formsB.customers)).toEqual(await customers(adminA, formsA.customers));
  });

  it('exports an app built by hand, without data, and installs it elsewhere', async () => {
    const app = (await adminA.post('/api/apps', { name: '手工客户台账' })).body;
    const form = (
      await adminA.post(`/api/apps/${app.id}/forms`, {
        key: 'leads',
        name: '线索',
        fields: [
          { key: 'company', type: 'text', label: '公司' },
          { key: 'score', type: 'number', label: '评分' },
          { key: 'grade', type: 'formula', label: '等级', expression: 'IF({score} >= 80, "A", "B")' },
        ],
      })
    ).body;
    await adminA.post(`/api/forms/${form.id}/views`, {
      name: '高分线索',
      type: 'grid',
      filter: { field: 'score', op: 'gte', value: 80 },
    });
    await adminA.post(`/api/forms/${form.id}/records`, {
      fields: { company: '苏州博远机械设备有限公司', score: 90 },
    });
    const doc = (await adminA.get(`/api/apps/${app.id}/export`)).body;
    expect(doc.sampleData).toBeUndefined();
    expect(doc.forms[0].fields.map((f: Doc) => f.key)).toEqual(['company', 'score', 'grade']);
    expect((await adminB.post('/api/templates', doc)).status).toBe(201);
    const r = await adminB.post(`/api/templates/${doc.id}/install`, {});
    expect(r.status).toBe(201);
    const views = (await adminB.get(`/api/forms/${r.body.app.forms[0].id}/views`)).body.items;
    expect(views.map((v: Doc) => [v.name, v.filter])).toEqual([
      ['高分线索', { field: 'score', op: 'gte', value: 80 }],
    ]);
  });
});
