import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.js';
import { type Client, type TestServer, fakeClock, startServer } from '../support/server.js';

const HOUR = 3_600_000;

describe.each(engines)('time-limit notifications on %s', (engine) => {
  const clock = fakeClock('2026-03-16T01:00:00.000Z');
  let s: TestServer;
  let admin: Client;
  const users: Record<string, { id: string; client: Client }> = {};
  let formId: string;

  beforeAll(async () => {
    s = await startServer(engine, { clock });
    admin = await s.client();
    const sales = (await admin.post('/api/departments', { name: '销售部' })).body.id;
    const all = (
      await admin.post('/api/roles', {
        name: '销售',
        grants: [{ actions: ['read', 'create', 'update'], scope: 'all' }],
      })
    ).body.id;
    const own = (
      await admin.post('/api/roles', {
        name: '只看自己的',
        grants: [{ actions: ['read', 'create', 'update'], scope: 'own' }],
      })
    ).body.id;
    for (const [k, roles] of [
      ['ann', [all]],
      ['head', [own]],
    ] as const) {
      const id = (
        await admin.post('/api/users', {
          email: `${k}@example.com`,
          name: k,
          password: 'User-pass-1',
          mainDepartmentId: sales,
          roleIds: roles,
        })
      ).body.id;
      users[k] = { id, client: await s.client(`${k}@example.com`, 'User-pass-1') };
    }
    await admin.patch(`/api/departments/${sales}`, { headUserId: users.head.id });
    const app = (await admin.post('/api/apps', { name: '客户管理' })).body;
    formId = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'leads',
        name: '线索',
        fields: [{ key: 'title', type: 'text', label: '客户名称' }],
      })
    ).body.id;
    const wf = await admin.put(`/api/forms/${formId}/workflow`, {
      states: [
        { key: 'todo', label: '待跟进', category: 'todo' },
        { key: 'done', label: '已跟进', category: 'done' },
      ],
      initial: 'todo',
      transitions: [{ from: 'todo', to: 'done', label: '跟进' }],
      sla: [
        { state: 'todo', hours: 24, escalations: [{ afterHours: 24, notify: ['owner', 'departmentHead'] }] },
      ],
    });
    expect(wf.status, JSON.stringify(wf.body)).toBe(200);
  });
  afterAll(() => s?.close());

  it('tells each recipient of an escalation the record’s title only if they may read it', async () => {
    const r = await users.ann.client.post(`/api/forms/${formId}/records`, {
      fields: { title: '机密客户甲' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    clock.advance(25 * HOUR);
    const scan = await admin.post(`/api/forms/${formId}/workflow/sla-scan`, {});
    expect(scan.body.escalations).toBe(1);
    const inbox = async (who: string) =>
      (await users[who].client.get('/api/notifications')).body.items as Array<{
        title: string;
        body: string;
      }>;
    const ann = await inbox('ann');
    expect(ann.map((n) => n.title)).toEqual(['「机密客户甲」在「待跟进」已超过 24 小时']);
    // The department head is told, but their role shows them only their own records.
    const head = await inbox('head');
    expect(head).toHaveLength(1);
    expect(head[0].title).toBe('「一条记录」在「待跟进」已超过 24 小时');
    expect(JSON.stringify(head)).not.toContain('机密客户甲');
    expect((await users.head.client.get(`/api/forms/${formId}/records/${r.body.id}`)).status).toBe(404);
  });
});
