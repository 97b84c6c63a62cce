import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.js';
import { type Client, type TestServer, startServer } from '../support/server.js';

describe.each(engines)('a user in departments always has a main one on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let formId: string;
  let role: string;
  const dept: Record<string, string> = {};

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    for (const name of ['sales', 'service', 'finance'])
      dept[name] = (await admin.post('/api/departments', { name })).body.id;
    const app = (await admin.post('/api/apps', { name: '客户' })).body;
    formId = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'c',
        name: '客户',
        fields: [{ key: 'name', type: 'text', label: '名称' }],
      })
    ).body.id;
    role = (
      await admin.post('/api/roles', {
        name: '部门',
        grants: [{ formId, actions: ['read', 'create'], scope: 'department' }],
      })
    ).body.id;
  });
  afterAll(() => s?.close());

  it('makes the first listed department the main one, so a department-scoped user reads what they create', async () => {
    const u = await admin.post('/api/users', {
      email: 'd1@example.com',
      name: 'D1',
      password: 'User-pass-1',
      departmentIds: [dept.service, dept.sales],
      roleIds: [role],
    });
    expect(u.status).toBe(201);
    expect(u.body.mainDepartmentId).toBe(dept.service);
    const me = await s.client('d1@example.com', 'User-pass-1');
    const rec = await me.post(`/api/forms/${formId}/records`, { fields: { name: '新客户' } });
    expect(rec.status).toBe(201);
    expect(rec.body.departmentId).toBe(dept.service);
    expect((await me.get(`/api/forms/${formId}/records/${rec.body.id}`)).status).toBe(200);
    expect(
      (await me.get(`/api/forms/${formId}/records`)).body.items.map((r: { id: string }) => r.id),
    ).toContain(rec.body.id);
  });

  it('moves the main department along when it leaves the list, keeps it otherwise, and lets an admin choose it', async () => {
    const id = (
      await admin.post('/api/users', {
        email: 'd2@example.com',
        name: 'D2',
        password: 'User-pass-1',
        departmentIds: [dept.sales],
      })
    ).body.id;
    expect(
      (await admin.patch(`/api/users/${id}`, { departmentIds: [dept.sales, dept.finance] })).body
        .mainDepartmentId,
    ).toBe(dept.sales);
    expect(
      (await admin.patch(`/api/users/${id}`, { departmentIds: [dept.finance, dept.service] })).body
        .mainDepartmentId,
    ).toBe(dept.finance);
    const chosen = (await admin.patch(`/api/users/${id}`, { mainDepartmentId: dept.service })).body;
    expect(chosen).toMatchObject({ mainDepartmentId: dept.service });
    expect(
      (await admin.patch(`/api/users/${id}`, { mainDepartmentId: null })).body.mainDepartmentId,
    ).not.toBeNull();
    expect((await admin.patch(`/api/users/${id}`, { departmentIds: [] })).body).toMatchObject({
      mainDepartmentId: null,
      departmentIds: [],
    });
  });
});
