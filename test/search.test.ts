import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

describe.each(engines)('searching customers across forms on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let ann: Client;
  let nobody: Client;
  let customers: any;
  let contacts: any;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    const sales = (await admin.post('/api/departments', { name: '销售部' })).body.id;
    const service = (await admin.post('/api/departments', { name: '客服部' })).body.id;
    const app = (await admin.post('/api/apps', { name: '客户管理' })).body;
    customers = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'customers',
        name: '客户信息档案',
        fields: [
          { key: 'name', type: 'text', label: '客户名称' },
          { key: 'code', type: 'text', label: '客户编号' },
          { key: 'phone', type: 'phone', label: '联系方式', sensitive: true },
          { key: 'note', type: 'text', label: '内部备注' },
        ],
      })
    ).body;
    contacts = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'contacts',
        name: '联系人',
        fields: [
          { key: 'person', type: 'text', label: '姓名' },
          { key: 'company', type: 'text', label: '公司' },
        ],
      })
    ).body;
    const role = (
      await admin.post('/api/roles', {
        name: '销售',
        grants: [
          { formId: customers.id, actions: ['read'], scope: 'department', fields: { note: 'hidden' } },
          { formId: contacts.id, actions: ['read'], scope: 'all' },
        ],
      })
    ).body.id;
    await admin.post('/api/users', {
      email: 'ann@example.com',
      name: '安',
      password: 'User-pass-1',
      mainDepartmentId: sales,
      roleIds: [role],
    });
    await admin.post('/api/users', {
      email: 'nobody@example.com',
      name: '无',
      password: 'User-pass-1',
      mainDepartmentId: sales,
    });
    ann = await s.client('ann@example.com', 'User-pass-1');
    nobody = await s.client('nobody@example.com', 'User-pass-1');
    const add = async (formId: string, fields: Record<string, unknown>, departmentId = sales) =>
      expect((await admin.post(`/api/forms/${formId}/records`, { fields, departmentId })).status).toBe(201);
    await add(customers.id, {
      name: '星辰科技',
      code: 'C20260001',
      phone: '13812345678',
      note: '底价 80 万',
    });
    await add(customers.id, { name: '星辰物流', code: 'C20260002', phone: '13900000000', note: '' }, service);
    await add(contacts.id, { person: '王经理', company: '星辰科技' });
  });
  afterAll(() => s?.close());

  const search = async (c: Client, q: string) => {
    const r = await c.get(`/api/search?q=${encodeURIComponent(q)}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items as Array<{
      formName: string;
      appName: string;
      title: string | null;
      matched: { label: string; value: string } | null;
    }>;
  };

  it('finds a customer by name in every form the user may read, with the form it is in', async () => {
    const hits = await search(ann, '星辰');
    expect(hits.map((h) => `${h.formName}:${h.title}`).sort()).toEqual([
      '客户信息档案:星辰科技',
      '联系人:王经理',
    ]);
    expect(hits.every((h) => h.appName === '客户管理')).toBe(true);
    expect(hits.find((h) => h.formName === '联系人')!.matched).toEqual({
      key: 'company',
      label: '公司',
      value: '星辰科技',
    });
  });

  it('finds by an exact code and by a whole phone number, shown masked, but never by part of a masked number', async () => {
    expect((await search(ann, 'C20260001')).map((h) => h.title)).toEqual(['星辰科技']);
    const byPhone = await search(ann, '13812345678');
    expect(byPhone.map((h) => h.title)).toEqual(['星辰科技']);
    expect(byPhone[0].matched).toEqual({ key: 'phone', label: '联系方式', value: '138****5678' });
    expect(await search(ann, '1381234')).toEqual([]);
    // An admin finds by part of the number.
    expect((await search(admin, '1381234')).map((h) => h.title)).toEqual(['星辰科技']);
  });

  it('finds nothing outside the user’s scope or in fields hidden from them', async () => {
    expect(await search(ann, '物流')).toEqual([]);
    expect(await search(ann, '底价')).toEqual([]);
    expect((await search(admin, '底价')).map((h) => h.title)).toEqual(['星辰科技']);
    expect(await search(nobody, '星辰')).toEqual([]);
  });

  it('refuses an empty or overlong query with a clear error', async () => {
    for (const q of ['', '   ', 'x'.repeat(101)]) {
      const r = await ann.get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].path).toBe('/q');
    }
  });
});
