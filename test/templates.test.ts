import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { expectError } from './support/checks.js';
import { type Client, type TestServer, startServer } from './support/server.js';

const dir = path.join(import.meta.dirname, '..', 'templates');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));

describe.each(engines)('shipped templates on %s', (engine) => {
  let s: TestServer;
  let admin: Client;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    const dept = (await admin.post('/api/departments', { name: '客户成功部' })).body.id;
    await admin.patch(`/api/users/${(await admin.get('/api/auth/me')).body.user.id}`, {
      mainDepartmentId: dept,
    });
    admin = await s.client();
  });
  afterAll(() => s?.close());

  it('lists every file in templates/ with its manifest', async () => {
    const r = await admin.get('/api/templates');
    expect(r.status).toBe(200);
    expect(r.body.items.map((t: { id: string }) => t.id).sort()).toEqual(
      files.map((f) => f.replace(/\.json$/, '')).sort(),
    );
    for (const t of r.body.items)
      expect(t).toMatchObject({
        name: expect.any(String),
        version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
        category: expect.any(String),
        source: 'shipped',
      });
  });

  it('publishes the template JSON Schema, and every shipped file validates against it', async () => {
    const schema = (await admin.get('/api/schemas/template.json')).body;
    expect(schema.$id).toBe('/api/schemas/template.json');
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    for (const f of files) {
      const doc = read(f);
      expect(doc.$schema).toBe('/api/schemas/template.json');
      expect(validate(doc), `${f}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  for (const file of files) {
    const id = file.replace(/\.json$/, '');
    it(`installs ${id} without sample data, every form compiling to valid JSON Schema 2020-12`, async () => {
      const doc = read(file);
      const r = await admin.post(`/api/templates/${id}/install`, {});
      expect(r.status, JSON.stringify(r.body).slice(0, 800)).toBe(201);
      expect(r.body.app.templateId).toBe(id);
      expect(r.body.created).toMatchObject({
        forms: doc.forms.length,
        views: doc.views?.length ?? 0,
        workflows: doc.workflows?.length ?? 0,
        automations: doc.automations?.length ?? 0,
        dashboards: doc.dashboards?.length ?? 0,
        roles: doc.roles?.length ?? 0,
        records: 0,
      });
      const ajv = addFormats(new Ajv2020({ strict: false }));
      for (const form of r.body.app.forms) {
        const def = (await admin.get(`/api/forms/${form.id}`)).body;
        expect(def.removedFields, `${form.key} was saved without churning its fields`).toBeUndefined();
        const declared = doc.forms.find((f: { key: string }) => f.key === form.key);
        for (const f of declared.fields)
          expect(
            def.fields.find((x: { key: string }) => x.key === f.key),
            `${form.key}.${f.key}`,
          ).toMatchObject({ type: f.type, label: f.label });
        const compiled = await admin.get(`/api/forms/${form.id}/schema`);
        expect(compiled.status).toBe(200);
        expect(() => ajv.compile(compiled.body.jsonSchema), `${form.key}`).not.toThrow();
        const views = (await admin.get(`/api/forms/${form.id}/views`)).body.items;
        expect(views.map((v: { name: string }) => v.name)).toEqual(
          (doc.views ?? [])
            .filter((v: { form: string }) => v.form === form.key)
            .map((v: { name: string }) => v.name),
        );
      }
    });

    it(`installs ${id} with realistic sample data that fits the forms`, async () => {
      const started = Date.now();
      const r = await admin.post(`/api/templates/${id}/install`, { sampleData: true });
      const ms = Date.now() - started;
      expect(r.status, JSON.stringify(r.body).slice(0, 800)).toBe(201);
      if (read(file).sampleData) expect(r.body.created.records).toBeGreaterThan(10);
      else expect(r.body.created.records).toBe(0);
      // Alone it takes ~0.5 s (batched createRecords); the bound leaves room for a loaded test
      // machine, and a second try absorbs a passing stall.
      if (id === 'crm-suite' && engine === 'sqlite') {
        const retry = async () => {
          const t = Date.now();
          expect((await admin.post(`/api/templates/${id}/install`, { sampleData: true })).status).toBe(201);
          return Date.now() - t;
        };
        expect(Math.min(ms, ms < 2000 ? ms : await retry())).toBeLessThan(2000);
      }
      const ajv = addFormats(new Ajv2020({ strict: false }));
      for (const form of r.body.app.forms) {
        const { jsonSchema } = (await admin.get(`/api/forms/${form.id}/schema`)).body;
        const validate = ajv.compile(jsonSchema);
        const records = (await admin.get(`/api/forms/${form.id}/records?limit=500`)).body.items;
        for (const rec of records.slice(0, 50)) {
          const writable = Object.fromEntries(Object.entries(rec.fields).filter(([, v]) => v !== null));
          expect(validate(writable), `${form.key}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toBe(
            true,
          );
        }
      }
    });
  }

  it('links the suite together: interactions roll up into 最近合作时间, needs look up 客户分层, tasks sit in workflow states', async () => {
    const r = await admin.post('/api/templates/crm-suite/install', { sampleData: true });
    const forms = Object.fromEntries(r.body.app.forms.map((f: { key: string; id: string }) => [f.key, f.id]));
    const customers = (await admin.get(`/api/forms/${forms.customers}/records?limit=500`)).body.items;
    expect(customers.length).toBe(60);
    expect(new Set(customers.map((c: any) => c.fields.name)).size).toBe(60);
    expect(customers.every((c: any) => /^C\d{8}$/.test(c.fields.customerNo))).toBe(true);
    const contacted = customers.filter((c: any) => c.fields.lastInteraction);
    expect(contacted.length).toBeGreaterThan(30);
    const churn = customers.filter((c: any) => c.fields.tier === 'churn' && c.fields.lastInteraction);
    for (const c of churn)
      expect(new Date(c.fields.lastInteraction).getTime()).toBeLessThan(Date.now() - 59 * 86_400_000);
    const needs = (await admin.get(`/api/forms/${forms.needs}/records?limit=500`)).body.items;
    expect(needs.every((n: any) => n.fields.customer.length === 1 && n.fields.customerTier)).toBe(true);
    expect(new Set(needs.map((n: any) => n.state))).toEqual(
      new Set(['pending', 'processing', 'resolved', 'closed']),
    );
    const tasks = (await admin.get(`/api/forms/${forms.tasks}/records?limit=500`)).body.items;
    expect(tasks.every((t: any) => /^XZ\d{7}$/.test(t.fields.taskNo))).toBe(true);
    const kpis = (await admin.get(`/api/forms/${forms.kpis}/records?limit=500`)).body.items;
    const churnKpi = kpis.find(
      (k: any) => k.fields.direction === 'lower' && k.fields.metric.includes('流失率'),
    );
    expect(churnKpi.fields.achievement).toBe(58.3); // (12 − 8.5) / (12 − 6)
    const wf = (await admin.get(`/api/forms/${forms.needs}/workflow`)).body;
    expect(wf.sla[0]).toMatchObject({
      state: 'pending',
      hours: 24,
      when: { field: 'priority', op: 'eq', value: 'high' },
    });
    const kanban = (await admin.get(`/api/forms/${forms.tasks}/views`)).body.items.find(
      (v: any) => v.type === 'kanban',
    );
    expect(kanban.kanban.groupField).toBe('state');
    const automations = (await admin.get(`/api/apps/${r.body.app.id}/automations`)).body.items;
    expect(automations.map((a: any) => a.name)).toContain('高价值客户月度回访');
    const mine = (
      await admin.get(
        `/api/forms/${forms.customers}/records?view=${(await admin.get(`/api/forms/${forms.customers}/views`)).body.items.find((v: any) => v.name === '我的客户').id}&count=true`,
      )
    ).body;
    expect(mine.total).toBe(60);
  });

  it.each(files.map((f) => f.replace(/\.json$/, '')))(
    'answers "no changes" when %s is installed again into its app, and changes nothing',
    async (id) => {
      const r = await admin.post(`/api/templates/${id}/install`, { sampleData: true });
      const plan = await admin.post(`/api/templates/${id}/install`, { appId: r.body.app.id });
      expect(plan.status).toBe(200);
      expect(plan.body.plan, JSON.stringify(plan.body.plan.items.slice(0, 5))).toMatchObject({
        noChanges: true,
        items: [],
        from: '1.0.0',
        to: '1.0.0',
      });
      const before = JSON.stringify((await admin.get(`/api/apps/${r.body.app.id}/export?data=true`)).body);
      const again = await admin.post(`/api/templates/${id}/install`, { appId: r.body.app.id, confirm: true });
      expect(again.status).toBe(200);
      expect(again.body.applied).toBe(false);
      expect(JSON.stringify((await admin.get(`/api/apps/${r.body.app.id}/export?data=true`)).body)).toBe(
        before,
      );
    },
  );

  it('refuses installs and imports by non-admins', async () => {
    await s.addUser('member@example.com', '成员');
    const member = await s.client('member@example.com', 'User-pass-1');
    expectError(await member.post('/api/templates/crm-suite/install', {}), 403);
    expectError(await member.post('/api/templates', read('kpi-tracking.json')), 403);
    expectError(await admin.post('/api/templates/no-such-template/install', {}), 404);
  });
});
