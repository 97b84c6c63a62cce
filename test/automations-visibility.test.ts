import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Crm, automation, create, crm, drain } from './automations.helpers.js';
import { engines } from './support/engines.js';

describe.each(engines)('automation notifications respect what each reader may see on %s', (engine) => {
  let c: Crm;
  beforeAll(async () => {
    c = await crm(engine);
  });
  afterAll(() => c?.s.close());

  it('renders a hidden field only for those allowed to see it', async () => {
    const role = (
      await c.admin.post('/api/roles', {
        name: '只看客户名',
        grants: [{ formId: c.customers, actions: ['read'], scope: 'all', fields: { note: 'hidden' } }],
      })
    ).body;
    const member = (
      await c.admin.post('/api/users', {
        email: 'm@example.com',
        name: '成员',
        password: 'User-pass-1',
        roleIds: [role.id],
      })
    ).body;
    await automation(c, {
      name: '新客户提醒',
      trigger: { type: 'record.created', formId: c.customers },
      actions: [
        {
          type: 'notify',
          to: { users: [member.id, c.adminId] },
          title: '新客户 {{record.name}}',
          body: '备注：{{record.note}}',
        },
      ],
    });
    await create(c, c.customers, { name: '星辰科技', note: '底价 80 万' });
    await drain(c.s.deps);
    const inbox = async (client: typeof c.admin) =>
      (await client.get('/api/notifications')).body.items.find((n: any) => n.title === '新客户 星辰科技');
    const memberClient = await c.s.client('m@example.com', 'User-pass-1');
    expect((await inbox(memberClient)).body).not.toContain('底价');
    expect((await inbox(c.admin)).body).toBe('备注：底价 80 万');
  });
});
