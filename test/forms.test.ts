import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

describe.each(engines)('form definitions and table migrations on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let appId: string;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    appId = (await admin.post('/api/apps', { name: '迁移测试' })).body.id;
  });
  afterAll(() => s?.close());

  async function form(key: string, fields: unknown[]) {
    const r = await admin.post(`/api/apps/${appId}/forms`, { key, name: key, fields });
    expect(r.status).toBe(201);
    return r.body;
  }

  it('adds a column for a new field and keeps field ids across renames', async () => {
    const f = await form('f1', [{ key: 'name', type: 'text', label: '名称' }]);
    await admin.post(`/api/forms/${f.id}/records`, { fields: { name: 'x' } });
    const renamed = {
      ...f,
      fields: [
        { ...f.fields[0], key: 'title', label: '标题' },
        { key: 'score', type: 'number', label: '分数' },
      ],
    };
    const r = await admin.put(`/api/forms/${f.id}`, renamed);
    expect(r.status).toBe(200);
    expect(r.body.fields[0].id).toBe(f.fields[0].id);
    expect(r.body.migration.addedColumns).toEqual(['score']);
    const list = await admin.get(`/api/forms/${f.id}/records`);
    expect(list.body.items[0].fields).toEqual({ title: 'x', score: null });
    const versions = await admin.get(`/api/forms/${f.id}/versions`);
    expect(versions.body.items.map((v: any) => v.version)).toEqual([2, 1]);
  });

  it('refuses a save based on an outdated version', async () => {
    const f = await form('f2', [{ key: 'name', type: 'text', label: '名称' }]);
    expect((await admin.put(`/api/forms/${f.id}`, { ...f, name: '新' })).status).toBe(200);
    expect((await admin.put(`/api/forms/${f.id}`, { ...f, name: '旧' })).status).toBe(409);
  });

  it('converts values when a field is retyped, and refuses with examples when some cannot convert', async () => {
    const f = await form('f3', [{ key: 'qty', type: 'text', label: '数量' }]);
    for (const qty of ['12', '7.5', 'many'])
      await admin.post(`/api/forms/${f.id}/records`, { fields: { qty } });
    const retyped = { ...f, fields: [{ ...f.fields[0], type: 'number' }] };
    const refused = await admin.put(`/api/forms/${f.id}`, retyped);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0].message).toContain('"many"');
    const unchanged = await admin.get(`/api/forms/${f.id}`);
    expect(unchanged.body.fields[0].type).toBe('text');
    const forced = await admin.put(`/api/forms/${f.id}?force=true`, retyped);
    expect(forced.status).toBe(200);
    expect(forced.body.migration.converted).toEqual([{ key: 'qty', from: 'text', to: 'number', failed: 1 }]);
    const values = (await admin.get(`/api/forms/${f.id}/records?sort=qty`)).body.items.map(
      (r: any) => r.fields.qty,
    );
    expect(values).toEqual([null, 7.5, 12]);
  });

  it('keeps a removed field with its data until it is purged', async () => {
    const f = await form('f4', [
      { key: 'name', type: 'text', label: '名称' },
      { key: 'note', type: 'textarea', label: '备注' },
    ]);
    const rec = (await admin.post(`/api/forms/${f.id}/records`, { fields: { name: 'a', note: '重要' } }))
      .body;
    const removed = (await admin.put(`/api/forms/${f.id}`, { ...f, fields: [f.fields[0]] })).body;
    expect(removed.removedFields.map((x: any) => x.key)).toEqual(['note']);
    expect((await admin.get(`/api/forms/${f.id}/records/${rec.id}`)).body.fields).toEqual({ name: 'a' });
    const restored = (
      await admin.put(`/api/forms/${f.id}`, { ...removed, fields: [...removed.fields, f.fields[1]] })
    ).body;
    expect(restored.migration.restored).toEqual(['note']);
    expect((await admin.get(`/api/forms/${f.id}/records/${rec.id}`)).body.fields.note).toBe('重要');
    const again = (await admin.put(`/api/forms/${f.id}`, { ...restored, fields: [restored.fields[0]] })).body;
    expect((await admin.del(`/api/forms/${f.id}/fields/${f.fields[1].id}`)).status).toBe(200);
    const purged = await admin.put(`/api/forms/${f.id}`, {
      ...(await admin.get(`/api/forms/${f.id}`)).body,
      fields: [...again.fields, f.fields[1]],
    });
    expect(purged.status).toBe(422);
  });

  it('refuses to make a field unique while records share a value', async () => {
    const f = await form('f5', [{ key: 'email', type: 'email', label: '邮箱' }]);
    for (let i = 0; i < 2; i++)
      await admin.post(`/api/forms/${f.id}/records`, { fields: { email: 'a@b.cn' } });
    const r = await admin.put(`/api/forms/${f.id}`, { ...f, fields: [{ ...f.fields[0], unique: true }] });
    expect(r.status).toBe(422);
    expect(r.body.error.details[0]).toMatchObject({ path: '/fields/0/unique' });
  });

  it('follows a renamed key inside formulas and rejects cycles and type errors', async () => {
    const f = await form('f6', [
      { key: 'price', type: 'number', label: '单价' },
      { key: 'qty', type: 'number', label: '数量' },
      { key: 'total', type: 'formula', label: '总价', expression: '{price} * {qty}' },
    ]);
    expect(f.fields[2].resultType).toBe('number');
    await admin.post(`/api/forms/${f.id}/records`, { fields: { price: 2.5, qty: 4 } });
    const renamed = (
      await admin.put(`/api/forms/${f.id}`, {
        ...f,
        fields: [{ ...f.fields[0], key: 'unitPrice' }, f.fields[1], f.fields[2]],
      })
    ).body;
    expect(renamed.fields[2].expression).toBe('{unitPrice} * {qty}');
    expect((await admin.get(`/api/forms/${f.id}/records`)).body.items[0].fields.total).toBe(10);
    const cycle = await admin.put(`/api/forms/${f.id}`, {
      ...renamed,
      fields: [
        ...renamed.fields.slice(0, 2),
        { ...renamed.fields[2], expression: '{a} + 1' },
        { key: 'a', type: 'formula', label: 'a', expression: '{total} + 1' },
      ],
    });
    expect(cycle.status).toBe(422);
    expect(cycle.body.error.details[0].message).toMatch(/cycle/);
    const typeError = await admin.put(`/api/forms/${f.id}`, {
      ...renamed,
      fields: [...renamed.fields.slice(0, 2), { ...renamed.fields[2], expression: '{qty} + "件"' }],
    });
    expect(typeError.status).toBe(422);
    expect(typeError.body.error.details[0].path).toBe('/fields/2/expression');
  });

  it('numbers records gap-free and uniquely under concurrent creates', async () => {
    const f = await form('f7', [
      { key: 'no', type: 'autonumber', label: '编号', format: 'T{YYYY}-{000}' },
      { key: 'n', type: 'number', label: 'n' },
    ]);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => admin.post(`/api/forms/${f.id}/records`, { fields: { n: i } })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = results.map((r) => r.body.fields.no).sort();
    const year = new Date().getUTCFullYear();
    expect(numbers).toEqual(
      Array.from({ length: 30 }, (_, i) => `T${numbers[0].slice(1, 5)}-${String(i + 1).padStart(3, '0')}`),
    );
    expect(Math.abs(Number(numbers[0].slice(1, 5)) - year)).toBeLessThanOrEqual(1);
  });

  it('compiles a form to JSON Schema 2020-12 with titles, required fields and options', async () => {
    const f = await form('f8', [
      { key: 'name', type: 'text', label: '客户名称', required: true, help: '全称' },
      { key: 'tier', type: 'select', label: '分层', options: [{ value: 'a', label: 'A类' }] },
      { key: 'no', type: 'autonumber', label: '编号', format: 'C{0000}' },
    ]);
    const { jsonSchema, uiSchema } = (await admin.get(`/api/forms/${f.id}/schema`)).body;
    expect(jsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(jsonSchema.required).toEqual(['name']);
    expect(jsonSchema.properties.name).toMatchObject({
      type: 'string',
      title: '客户名称',
      description: '全称',
    });
    expect(jsonSchema.properties.tier.oneOf).toEqual([{ const: 'a', title: 'A类' }]);
    expect(jsonSchema.properties.no.readOnly).toBe(true);
    expect(uiSchema['ui:order']).toEqual(['name', 'tier', 'no', '*']);
  });

  it('refuses definitions with duplicate keys, bad identifiers and unknown types, naming the place', async () => {
    const dup = await admin.post(`/api/apps/${appId}/forms`, {
      key: 'bad1',
      name: 'x',
      fields: [
        { key: 'a', type: 'text', label: 'A' },
        { key: 'a', type: 'number', label: 'B' },
      ],
    });
    expect(dup.status).toBe(422);
    expect(dup.body.error.details[0].path).toBe('/fields/1/key');
    const ident = await admin.post(`/api/apps/${appId}/forms`, {
      key: 'bad2',
      name: 'x',
      fields: [{ key: '1a', type: 'text', label: 'A' }],
    });
    expect(ident.status).toBe(422);
    expect(ident.body.error.details[0].path).toBe('/fields/0/key');
    const type = await admin.post(`/api/apps/${appId}/forms`, {
      key: 'bad3',
      name: 'x',
      fields: [{ key: 'a', type: 'hologram', label: 'A' }],
    });
    expect(type.status).toBe(422);
    expect(type.body.error.details[0].path).toMatch(/^\/fields\/0/);
  });
});
