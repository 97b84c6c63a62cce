import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.js';
import { type Client, type TestServer, startServer } from '../support/server.js';

type Field = { id: string; key: string; label: string; type: string };

describe.each(engines)('managers with a limited role on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let manager: Client;
  let appId: string;
  let form: { id: string; fields: Field[]; layout: { sections: Array<{ id?: string; fields: string[] }> } };
  let salaryId: string;
  let noteId: string;
  const rec: Record<string, { id: string }> = {};

  const field = (key: string) => form.fields.find((f) => f.key === key)!;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    const sales = (await admin.post('/api/departments', { name: '销售部' })).body.id;
    const service = (await admin.post('/api/departments', { name: '客服部' })).body.id;
    appId = (await admin.post('/api/apps', { name: '客户管理' })).body.id;
    const created = await admin.post(`/api/apps/${appId}/forms`, {
      key: 'customers',
      name: '客户',
      fields: [
        { key: 'name', type: 'text', label: '客户名称' },
        { key: 'salary', type: 'number', label: '薪资' },
        {
          key: 'tier',
          type: 'select',
          label: '分层',
          options: [
            { value: 'high', label: '高' },
            { value: 'normal', label: '普通' },
          ],
        },
        { key: 'secretNote', type: 'text', label: '内部备注' },
        { key: 'phone', type: 'phone', label: '电话', sensitive: true },
      ],
      layout: {
        sections: [
          { id: 'main', title: '基本', fields: ['name', 'salary', 'tier'] },
          { id: 'more', title: '更多', fields: ['secretNote', 'phone'] },
        ],
      },
      titleField: 'name',
    });
    expect(created.status).toBe(201);
    form = created.body;
    salaryId = field('salary').id;
    noteId = field('secretNote').id;
    const role = await admin.post('/api/roles', {
      name: '销售经理',
      grants: [
        {
          appId,
          actions: ['read', 'create', 'update', 'manage'],
          scope: 'department',
          fields: { salary: 'hidden', secretNote: 'hidden' },
        },
      ],
    });
    const mgr = await admin.post('/api/users', {
      email: 'mgr@example.com',
      name: 'Mgr',
      password: 'User-pass-1',
      mainDepartmentId: sales,
      roleIds: [role.body.id],
    });
    expect(mgr.status).toBe(201);
    manager = await s.client('mgr@example.com', 'User-pass-1');
    const make = async (name: string, department: string) =>
      (rec[name] = (
        await admin.post(`/api/forms/${form.id}/records`, {
          fields: { name, salary: 9100, tier: 'high', secretNote: `note-${name}`, phone: '13812345678' },
          departmentId: department,
        })
      ).body);
    await make('inScope', sales);
    await make('outOfScope', service);
    // Parts of the app naming the hidden field, and one that does not.
    expect(
      (
        await admin.post(`/api/forms/${form.id}/views`, {
          name: '明细表',
          type: 'grid',
          fields: ['name', 'salary'],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await admin.post(`/api/forms/${form.id}/views`, {
          name: '全部',
          type: 'grid',
          fields: ['name', 'tier'],
        })
      ).status,
    ).toBe(201);
    const hook = await admin.post(`/api/apps/${appId}/automations`, {
      name: '推送',
      trigger: { type: 'record.created', formId: form.id },
      actions: [
        {
          type: 'webhook',
          url: 'https://ops:hunter2@hooks.example.com/in?channel=crm&token=s3cr3t',
          headers: { Authorization: 'Bearer live-key-123', 'Content-Type': 'application/json' },
          body: { name: '{{record.name}}' },
        },
      ],
    });
    expect(hook.status).toBe(201);
    const inbound = await admin.post(`/api/apps/${appId}/automations`, {
      name: '接收',
      trigger: { type: 'webhook', formId: form.id },
      actions: [{ type: 'createRecord', formId: form.id, fields: { name: 'hooked' } }],
    });
    expect(inbound.status).toBe(201);
  });
  afterAll(() => s?.close());

  const leaks = (body: unknown) => {
    const text = JSON.stringify(body);
    return ['salary', salaryId, 'secretNote', noteId, '薪资', '内部备注', 'note-in', '9100'].filter((x) =>
      text.includes(x),
    );
  };

  it('shows a manager the form definition, schema, versions and app forms without the fields hidden from them', async () => {
    for (const path of [
      `/api/forms/${form.id}`,
      `/api/forms/${form.id}/schema`,
      `/api/forms/${form.id}/versions`,
      `/api/apps/${appId}/forms`,
    ]) {
      const r = await manager.get(path);
      expect(r.status, path).toBe(200);
      expect(leaks(r.body), path).toEqual([]);
    }
    const def = (await manager.get(`/api/forms/${form.id}`)).body;
    expect(def.fields.map((f: Field) => f.key)).toEqual(['name', 'tier', 'phone']);
    expect(def.layout.sections.map((x: { fields: string[] }) => x.fields.length)).toEqual([2, 1]);
    expect((await manager.get(`/api/apps/${appId}`)).body.forms[0].fieldCount).toBe(3);
    // The admin still sees everything.
    expect((await admin.get(`/api/forms/${form.id}`)).body.fields).toHaveLength(5);
    expect((await admin.get(`/api/apps/${appId}`)).body.forms[0].fieldCount).toBe(5);
  });

  it('keeps hidden fields, their ids, data, places and layout when a manager saves the form they see in part', async () => {
    const seen = (await manager.get(`/api/forms/${form.id}`)).body;
    const fields = seen.fields.map((f: Field) => (f.key === 'tier' ? { ...f, label: '客户分层' } : f));
    fields.push({ key: 'city', type: 'text', label: '城市' });
    seen.layout.sections[1].fields.push('city');
    const r = await manager.put(`/api/forms/${form.id}`, { ...seen, fields });
    expect(r.status).toBe(200);
    expect(leaks(r.body)).toEqual([]);
    expect(r.body.migration.removed).toEqual([]);

    const after = (await admin.get(`/api/forms/${form.id}`)).body;
    expect(after.fields.map((f: Field) => f.key)).toEqual([
      'name',
      'salary',
      'tier',
      'secretNote',
      'phone',
      'city',
    ]);
    expect(after.fields.find((f: Field) => f.key === 'salary').id).toBe(salaryId);
    expect(after.fields.find((f: Field) => f.key === 'tier').label).toBe('客户分层');
    expect(after.removedFields ?? []).toEqual([]);
    const cityId = after.fields.find((f: Field) => f.key === 'city').id;
    expect(after.layout.sections.map((x: { fields: string[] }) => x.fields)).toEqual([
      [field('name').id, salaryId, field('tier').id],
      [noteId, field('phone').id, cityId],
    ]);
    expect(after.titleField).toBe(field('name').id);
    const record = (await admin.get(`/api/forms/${form.id}/records/${rec.inScope.id}`)).body;
    expect(record.fields).toMatchObject({ salary: 9100, secretNote: 'note-inScope' });
  });

  it('refuses a manager who sends the id of a hidden field to change it, and changes nothing', async () => {
    const seen = (await manager.get(`/api/forms/${form.id}`)).body;
    const before = (await admin.get(`/api/forms/${form.id}`)).body;
    const r = await manager.put(`/api/forms/${form.id}`, {
      ...seen,
      fields: [...seen.fields, { id: salaryId, key: 'salary', type: 'text', label: '改了' }],
    });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    const after = (await admin.get(`/api/forms/${form.id}`)).body;
    expect(after.version).toBe(before.version);
    expect(after.fields.find((f: Field) => f.id === salaryId)).toMatchObject({
      type: 'number',
      label: '薪资',
    });
  });

  it('reports the mistakes of a manager at the places of what they sent, and the objection of a hidden field without its details', async () => {
    const seen = (await manager.get(`/api/forms/${form.id}`)).body;
    // A duplicate key: the path is the manager's own second field, not its place among the hidden ones.
    const dup = await manager.put(`/api/forms/${form.id}`, {
      ...seen,
      fields: [...seen.fields, { key: 'name', type: 'text', label: '又一个' }],
    });
    expect(dup.status).toBe(422);
    expect(dup.body.error.details).toContainEqual({
      path: `/fields/${seen.fields.length}/key`,
      message: 'duplicate field key "name"',
    });
    // A formula hidden from the manager depends on the field they retype.
    const full = (await admin.get(`/api/forms/${form.id}`)).body;
    const added = await admin.put(`/api/forms/${form.id}`, {
      ...full,
      fields: [
        ...full.fields,
        { key: 'bonus', type: 'formula', label: '奖金', expression: 'LEN({name}) * 100' },
      ],
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const role = (await admin.get('/api/roles')).body.items.find(
      (r: { name: string }) => r.name === '销售经理',
    );
    await admin.patch(`/api/roles/${role.id}`, {
      grants: [{ ...role.grants[0], fields: { ...role.grants[0].fields, bonus: 'hidden' } }],
    });
    const now = (await manager.get(`/api/forms/${form.id}`)).body;
    expect(now.fields.map((f: Field) => f.key)).not.toContain('bonus');
    const nameId = field('name').id;
    const layout = {
      sections: now.layout.sections.map((x: { fields: string[] }) => ({
        ...x,
        fields: x.fields.filter((id) => id !== nameId),
      })),
    };
    const retyped = await manager.put(`/api/forms/${form.id}`, {
      ...now,
      layout,
      titleField: field('tier').id,
      fields: now.fields.filter((f: Field) => f.key !== 'name'),
    });
    expect(retyped.status, JSON.stringify(retyped.body)).toBe(422);
    expect(JSON.stringify(retyped.body)).not.toMatch(/bonus|LEN|奖金/);
    expect(retyped.body.error.details).toContainEqual({
      path: '/fields',
      message: 'a field hidden from you does not allow this change',
    });
  });

  it('shows a manager saved views without hidden columns, keeps those columns when they save it, and hides views that filter on a hidden field', async () => {
    const probe = await admin.post(`/api/forms/${form.id}/views`, {
      name: '高薪',
      type: 'grid',
      filter: { field: 'salary', op: 'gt', value: 9000 },
      fields: ['name'],
    });
    expect(probe.status).toBe(201);
    const list = await manager.get(`/api/forms/${form.id}/views`);
    expect(list.status).toBe(200);
    expect(leaks(list.body)).toEqual([]);
    expect(list.body.items.map((v: { name: string }) => v.name)).toEqual(['明细表', '全部']);
    expect((await manager.get(`/api/views/${probe.body.id}`)).status).toBe(404);
    expect((await manager.del(`/api/views/${probe.body.id}`)).status).toBe(404);
    const pay = list.body.items[0];
    expect(pay.fields).toEqual(['name']);
    const r = await manager.patch(`/api/views/${pay.id}`, { fields: [...pay.fields, 'tier'] });
    expect(r.status).toBe(200);
    expect(leaks(r.body)).toEqual([]);
    expect((await admin.get(`/api/views/${pay.id}`)).body.fields).toEqual(['name', 'salary', 'tier']);
  });

  it('lets a manager who may not read the records see no field, and their save keep every field', async () => {
    const role = await admin.post('/api/roles', {
      name: '表单设计',
      grants: [{ appId, actions: ['manage'] }],
    });
    await admin.post('/api/users', {
      email: 'designer@example.com',
      name: 'Designer',
      password: 'User-pass-1',
      roleIds: [role.body.id],
    });
    const designer = await s.client('designer@example.com', 'User-pass-1');
    const list = await designer.get(`/api/apps/${appId}/forms`);
    expect(list.status).toBe(200);
    expect(list.body.items[0].fields).toEqual([]);
    const seen = (await designer.get(`/api/forms/${form.id}`)).body;
    const before = (await admin.get(`/api/forms/${form.id}`)).body;
    const r = await designer.put(`/api/forms/${form.id}`, {
      ...seen,
      fields: [{ key: 'extra', type: 'text', label: '附加' }],
    });
    expect(r.status).toBe(200);
    expect(r.body.fields.map((f: Field) => f.key)).toEqual(['extra']);
    const after = (await admin.get(`/api/forms/${form.id}`)).body;
    expect(after.fields.map((f: Field) => f.id)).toEqual([
      ...before.fields.map((f: Field) => f.id),
      expect.any(String),
    ]);
    expect((await designer.get(`/api/apps/${appId}/export?data=true`)).body.sampleData).toEqual([
      { form: 'customers', records: [] },
    ]);
  });

  it('exports the app for a manager with only the records in their scope, no hidden field and no sensitive value', async () => {
    const r = await manager.get(`/api/apps/${appId}/export?data=true`);
    expect(r.status).toBe(200);
    expect(leaks(r.body)).toEqual([]);
    const block = r.body.sampleData.find((b: { form: string }) => b.form === 'customers');
    expect(block.records.map((x: { ref: string }) => x.ref)).toEqual([rec.inScope.id]);
    expect(block.records[0].fields).toEqual({ name: 'inScope', tier: 'high' });
    expect(JSON.stringify(r.body)).not.toContain('13812345678');
    // The admin's export carries the records as they are.
    const full = (await admin.get(`/api/apps/${appId}/export?data=true`)).body.sampleData[0].records;
    expect(full.map((x: { fields: { phone: string } }) => x.fields.phone)).toEqual([
      '13812345678',
      '13812345678',
    ]);
    expect(r.body.views.map((v: { name: string }) => v.name)).toEqual(['全部']);
    // What the manager exported is a template that installs.
    const imported = await admin.post('/api/templates', { ...r.body, id: 'manager-export' });
    expect(imported.status).toBe(201);
    const installed = await admin.post('/api/templates/manager-export/install', { sampleData: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    expect(installed.body.created.records).toBe(1);
  });

  it('never exports webhook credentials or inbound hook secrets, for admins either, nor in a stored template', async () => {
    const r = await admin.get(`/api/apps/${appId}/export`);
    expect(r.status).toBe(200);
    const text = JSON.stringify(r.body);
    for (const secret of ['live-key-123', 's3cr3t', 'hunter2']) expect(text).not.toContain(secret);
    const hook = r.body.automations.find((a: { name: string }) => a.name === '推送').actions[0];
    expect(hook.headers).toEqual({
      Authorization: '<secret removed on export: fill in>',
      'Content-Type': 'application/json',
    });
    expect(hook.url).toContain('channel=crm');
    const inbound = r.body.automations.find((a: { name: string }) => a.name === '接收').trigger;
    expect(inbound.secret).toBeUndefined();
    expect(inbound.hookId).toBeUndefined();
    // A template document imported with credentials in it does not hand them out again.
    const doc = {
      ...r.body,
      id: 'with-secrets',
      automations: r.body.automations.map((a: { name: string; actions: unknown[] }) =>
        a.name === '推送'
          ? { ...a, actions: [{ ...hook, headers: { Authorization: 'Bearer live-key-123' } }] }
          : a,
      ),
    };
    expect((await admin.post('/api/templates', doc)).status).toBe(201);
    const back = await admin.get('/api/templates/with-secrets');
    expect(back.status).toBe(200);
    expect(JSON.stringify(back.body)).not.toContain('live-key-123');
  });

  it('shows imported templates and their sample data to admins only; shipped ones to everyone', async () => {
    const doc = {
      id: 'private-tpl',
      name: '私有模板',
      version: '1.0.0',
      forms: [{ key: 'things', name: 'Things', fields: [{ key: 'title', type: 'text', label: 'Title' }] }],
      views: [],
      workflows: [],
      sampleData: [{ form: 'things', records: [{ fields: { title: 'confidential row' } }] }],
    };
    expect((await admin.post('/api/templates', doc)).status).toBe(201);
    expect((await admin.get('/api/templates')).body.items.map((t: { id: string }) => t.id)).toContain(
      'private-tpl',
    );
    const list = await manager.get('/api/templates');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((t: { source: string }) => t.source === 'shipped')).toBe(true);
    const one = await manager.get('/api/templates/private-tpl');
    expect(one.status).toBe(404);
    expect(JSON.stringify(one.body)).not.toContain('confidential');
    expect((await manager.post('/api/templates/private-tpl/install', {})).status).toBe(403);
    expect((await manager.get(`/api/templates/${list.body.items[0].id}`)).status).toBe(200);
  });
});
