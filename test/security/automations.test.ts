import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Crm, crm, drain } from '../automations.helpers.js';
import { expectError } from '../support/checks.js';
import { engines } from '../support/engines.js';
import type { Client } from '../support/server.js';

/**
 * Attacks on what an automation may read and write. A manager of the app (经理) owns some
 * accounts, cannot see their `secret`, sees `phone` masked, and may only read the audit form;
 * a second manager (经理2) sees only the accounts they own.
 */
describe.each(engines)('automations act within their app and their author’s rights on %s', (engine) => {
  let c: Crm;
  let accounts: string;
  let visits: string;
  let logs: string;
  let audit: string;
  let otherForm: string;
  let manager: Client;
  let managerId: string;
  let manager2: Client;
  let manager2Id: string;
  let mine: { id: string };
  let theirs: { id: string };

  const form = async (appId: string, body: unknown) => {
    const r = await c.admin.post(`/api/apps/${appId}/forms`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const record = async (formId: string, fields: Record<string, unknown>, ownerId?: string) => {
    const r = await c.admin.post(`/api/forms/${formId}/records`, { fields, ...(ownerId ? { ownerId } : {}) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const save = async (client: Client, body: Record<string, unknown>) => {
    const r = await client.post(`/api/apps/${c.appId}/automations`, { name: 'a', ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const runs = async (client: Client, id: string) => {
    const r = await client.get(`/api/automations/${id}/runs`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items as any[];
  };
  const lines = async () =>
    (await c.admin.get(`/api/forms/${logs}/records?limit=500`)).body.items.map(
      (r: any) => r.fields.line as string,
    );
  const off = (id: string) => c.admin.del(`/api/automations/${id}`);

  beforeAll(async () => {
    c = await crm(engine);
    accounts = await form(c.appId, {
      key: 'accounts',
      name: '账户',
      fields: [
        { key: 'name', type: 'text', label: '名称' },
        { key: 'secret', type: 'text', label: '底价' },
        { key: 'phone', type: 'phone', label: '电话', sensitive: true },
        { key: 'note', type: 'text', label: '备注' },
      ],
    });
    visits = await form(c.appId, {
      key: 'visits',
      name: '拜访',
      fields: [
        { key: 'account', type: 'relation', label: '账户', formId: accounts },
        { key: 'summary', type: 'text', label: '内容' },
      ],
    });
    logs = await form(c.appId, {
      key: 'logs',
      name: '日志',
      fields: [{ key: 'line', type: 'text', label: '行' }],
    });
    audit = await form(c.appId, {
      key: 'audit',
      name: '审计',
      fields: [{ key: 'line', type: 'text', label: '行' }],
    });
    const otherApp = (await c.admin.post('/api/apps', { name: '财务' })).body.id;
    otherForm = await form(otherApp, {
      key: 'ledger',
      name: '账本',
      fields: [{ key: 'line', type: 'text', label: '行' }],
    });
    const role = async (name: string, accountGrant: Record<string, unknown>) =>
      (
        await c.admin.post('/api/roles', {
          name,
          grants: [
            { appId: c.appId, actions: ['manage'] },
            { formId: accounts, actions: ['read', 'create', 'update'], ...accountGrant },
            { formId: visits, actions: ['read', 'create', 'update'], scope: 'all' },
            { formId: logs, actions: ['read', 'create', 'update'], scope: 'all' },
            { formId: audit, actions: ['read'], scope: 'all' },
          ],
        })
      ).body.id as string;
    const r1 = await role('经理', { scope: 'own', fields: { secret: 'hidden' } });
    const r2 = await role('经理2', { scope: 'own' });
    managerId = (
      await c.admin.post('/api/users', {
        email: 'm1@example.com',
        name: '经理',
        password: 'User-pass-1',
        roleIds: [r1],
      })
    ).body.id;
    manager2Id = (
      await c.admin.post('/api/users', {
        email: 'm2@example.com',
        name: '经理2',
        password: 'User-pass-1',
        roleIds: [r2],
      })
    ).body.id;
    manager = await c.s.client('m1@example.com', 'User-pass-1');
    manager2 = await c.s.client('m2@example.com', 'User-pass-1');
    mine = await record(accounts, { name: 'A公司', secret: '底价 80 万', phone: '13812345678' }, managerId);
    theirs = await record(accounts, { name: 'B公司', secret: '底价 50 万', phone: '13987654321' });
  });
  afterAll(() => c?.s.close());

  it('refuses at save an action or trigger naming a form of another app, with the path of the action', async () => {
    const base = { trigger: { type: 'record.created', formId: visits } };
    const bad = [
      [
        { ...base, actions: [{ type: 'createRecord', formId: otherForm, fields: { line: 'x' } }] },
        '/actions/0/formId',
      ],
      [
        { ...base, actions: [{ type: 'upsert', formId: otherForm, key: 'line', fields: { line: 'x' } }] },
        '/actions/0/formId',
      ],
      [
        {
          ...base,
          actions: [
            {
              type: 'updateRecord',
              where: { formId: otherForm, filter: { field: 'line', op: 'eq', value: 'x' } },
              fields: { line: 'y' },
            },
          ],
        },
        '/actions/0/where/formId',
      ],
      [
        {
          ...base,
          actions: [
            {
              type: 'branch',
              if: { field: 'summary', op: 'isNotEmpty' },
              then: [{ type: 'createRecord', formId: otherForm, fields: { line: 'x' } }],
            },
          ],
        },
        '/actions/0/then/0/formId',
      ],
      [
        {
          trigger: { type: 'record.created', formId: otherForm },
          actions: [{ type: 'notify', to: { creator: true }, title: 't' }],
        },
        '/trigger/formId',
      ],
    ] as const;
    for (const [body, path] of bad) {
      const r = await c.admin.post(`/api/apps/${c.appId}/automations`, { name: 'x', ...body });
      expectError(r, 422, path);
      expect(JSON.stringify(r.body)).toMatch(/another app|no such form in this app/);
    }
    // A template cannot smuggle one in by naming another app's form by id.
    const template = {
      id: 'cross-app',
      name: '跨应用',
      version: '1.0.0',
      forms: [{ key: 'notes', name: '笔记', fields: [{ key: 'line', type: 'text', label: '行' }] }],
      automations: [
        {
          name: 'x',
          trigger: { type: 'record.created', formId: 'notes' },
          actions: [{ type: 'createRecord', formId: otherForm, fields: { line: '{{record.line}}' } }],
        },
      ],
    };
    expectError(await c.admin.post('/api/templates', template), 422, '/automations/0/actions/0/formId');
    const ok = await save(c.admin, {
      ...base,
      actions: [{ type: 'createRecord', formId: logs, fields: { line: 'x' } }],
    });
    expectError(
      await c.admin.put(`/api/automations/${ok.id}`, {
        ...ok,
        actions: [{ type: 'createRecord', formId: otherForm, fields: { line: 'x' } }],
      }),
      422,
      '/actions/0/formId',
    );
    await off(ok.id);
  });

  it('renders only what its author may see: hidden fields absent, sensitive ones masked, related records outside their scope left out', async () => {
    const a = await save(manager, {
      trigger: { type: 'record.created', formId: visits },
      actions: [
        {
          type: 'createRecord',
          formId: logs,
          fields: {
            line: 'seen {{record.summary}}:{{record.account.name}}|{{record.account.secret}}|{{record.account.phone}}',
          },
        },
        {
          type: 'webhook',
          url: 'http://127.0.0.1:9/{{record.account.secret}}',
          body: { account: '{{record.account}}' },
        },
      ],
    });
    expect(a.createdBy).toBe(managerId);
    await record(visits, { account: [mine.id], summary: 'v1' });
    await record(visits, { account: [theirs.id], summary: 'v2' });
    await drain(c.s.deps, { retryBaseMs: 3_600_000 });
    const seen = (await lines()).filter((l: string) => l.startsWith('seen '));
    expect(seen.sort()).toEqual(['seen v1:A公司||138****5678', 'seen v2:||']);
    const log = JSON.stringify(await runs(manager, a.id));
    for (const leak of ['底价', '13812345678', '13987654321', 'B公司']) expect(log).not.toContain(leak);
    await off(a.id);
  });

  it('does not act on a trigger record outside its author’s read scope', async () => {
    const a = await save(manager, {
      trigger: { type: 'record.updated', formId: accounts },
      actions: [{ type: 'createRecord', formId: logs, fields: { line: 'touched {{record.name}}' } }],
    });
    const button = await save(manager, {
      trigger: { type: 'button', formId: accounts },
      actions: [{ type: 'createRecord', formId: logs, fields: { line: 'pressed {{record.name}}' } }],
    });
    await c.admin.patch(`/api/forms/${accounts}/records/${mine.id}`, { fields: { note: '1' }, version: 1 });
    await c.admin.patch(`/api/forms/${accounts}/records/${theirs.id}`, { fields: { note: '1' }, version: 1 });
    // The admin may press the button on any record; the run still acts only within its author's scope.
    expect((await c.admin.post(`/api/automations/${button.id}/run`, { recordId: theirs.id })).status).toBe(
      202,
    );
    await drain(c.s.deps);
    const all = await lines();
    expect(all).toContain('touched A公司');
    expect(all.filter((l: string) => l.includes('B公司'))).toEqual([]);
    const pressed = await runs(manager, button.id);
    expect(pressed.map((r) => [r.status, r.error])).toEqual([
      ['skipped', "The trigger record is outside what the automation's author may read"],
    ]);
    for (const x of [a, button]) await off(x.id);
  });

  it('writes only as its author may: no create right, a record outside the update scope or a hidden field fail for good', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ type: 'createRecord', formId: audit, fields: { line: 'x' } }, /may not create records of "审计"/],
      [
        { type: 'upsert', formId: accounts, key: 'name', fields: { name: 'B公司', note: 'hijacked' } },
        /may not update record .* of "账户"/,
      ],
      [
        {
          type: 'updateRecord',
          where: { formId: accounts, filter: { field: 'name', op: 'eq', value: 'A公司' } },
          fields: { secret: '0' },
        },
        /You may not change secret/,
      ],
    ];
    for (const [action, message] of cases) {
      const a = await save(manager, {
        trigger: { type: 'record.created', formId: logs },
        actions: [action],
        options: { retries: 3 },
      });
      await record(logs, { line: `write ${JSON.stringify(action).length}` });
      await drain(c.s.deps);
      const [run] = await runs(manager, a.id);
      expect(run.status, JSON.stringify(run)).toBe('failed');
      expect(run.error).toMatch(message);
      expect(run.steps[0].attempts).toBe(1);
      await off(a.id);
    }
    const acct = (await c.admin.get(`/api/forms/${accounts}/records/${theirs.id}`)).body;
    expect(acct.fields.note).not.toBe('hijacked');
    // A filtered update changes only the records within the author's update scope.
    const wide = await save(manager, {
      trigger: { type: 'record.created', formId: logs },
      actions: [
        {
          type: 'updateRecord',
          where: { formId: accounts, filter: { field: 'name', op: 'isNotEmpty' } },
          fields: { note: 'bulk' },
        },
      ],
    });
    await record(logs, { line: 'bulk' });
    await drain(c.s.deps);
    const [bulk] = await runs(manager, wide.id);
    expect(bulk.steps[0].output).toEqual({ ids: [mine.id], count: 1 });
    expect((await c.admin.get(`/api/forms/${accounts}/records/${theirs.id}`)).body.fields.note).not.toBe(
      'bulk',
    );
    await off(wide.id);
  });

  it('answers a dry run on a record the caller cannot read with 404, and shows only what caller and author both see', async () => {
    const a = await save(c.admin, {
      trigger: { type: 'record.created', formId: accounts },
      actions: [
        {
          type: 'webhook',
          url: 'http://127.0.0.1:9/hook',
          body: { text: '{{record.name}}|{{record.secret}}|{{record.phone}}' },
        },
      ],
    });
    expectError(await manager2.post(`/api/automations/${a.id}/test`, { recordId: mine.id }), 404);
    expectError(
      await manager2.post(`/api/automations/${a.id}/test`, { recordId: 'rec_doesnotexist00000' }),
      404,
    );
    const own = await record(
      accounts,
      { name: 'C公司', secret: '底价 9 万', phone: '13700001111' },
      managerId,
    );
    const asManager = await manager.post(`/api/automations/${a.id}/test`, { recordId: own.id });
    expect(asManager.status).toBe(200);
    expect(asManager.body.steps[0].input.body).toEqual({ text: 'C公司||137****1111' });
    const asAdmin = await c.admin.post(`/api/automations/${a.id}/test`, { recordId: own.id });
    expect(asAdmin.body.steps[0].input.body).toEqual({ text: 'C公司|底价 9 万|13700001111' });
    await off(a.id);
  });

  it('shows run inputs and outputs only to the author and admins; other managers get status, timings and errors', async () => {
    const a = await save(manager, {
      trigger: { type: 'record.updated', formId: accounts },
      actions: [
        { type: 'createRecord', formId: logs, fields: { line: 'log {{record.name}} {{record.phone}}' } },
        { type: 'upsert', formId: accounts, key: 'name', fields: { name: 'B公司' } },
      ],
    });
    const now = (await c.admin.get(`/api/forms/${accounts}/records/${mine.id}`)).body;
    await c.admin.patch(`/api/forms/${accounts}/records/${mine.id}`, {
      fields: { note: 'changed' },
      version: now.version,
    });
    await drain(c.s.deps);
    const [byAuthor] = await runs(manager, a.id);
    expect(byAuthor.redacted).toBeUndefined();
    expect(byAuthor.trigger.changes.note).toEqual({ before: expect.anything(), after: 'changed' });
    expect(byAuthor.steps[0].input.fields.line).toBe('log A公司 138****5678');
    const [byOther] = await runs(manager2, a.id);
    expect(byOther).toMatchObject({ id: byAuthor.id, status: 'failed', redacted: true });
    expect(byOther.error).toMatch(/may not update record/);
    expect(byOther.trigger.changes).toBeUndefined();
    for (const s of byOther.steps)
      expect(Object.keys(s).sort()).toEqual(expect.not.arrayContaining(['input', 'output']));
    expect(JSON.stringify(byOther)).not.toMatch(/A公司|138\*\*\*\*5678|changed/);
    const one = await manager2.get(`/api/automations/${a.id}/runs/${byAuthor.id}`);
    expect(one.body.redacted).toBe(true);
    expect(JSON.stringify(one.body)).not.toContain('A公司');
    expect((await runs(c.admin, a.id))[0].steps[0].input).toBeDefined();
    await off(a.id);
  });

  it('selects on a schedule only records its author may read, and refuses a condition over a field hidden from them', async () => {
    const hidden = {
      name: 'x',
      trigger: { type: 'record.created', formId: accounts },
      condition: { field: 'secret', op: 'isNotEmpty' },
      actions: [{ type: 'notify', to: { creator: true }, title: 't' }],
    };
    expectError(await manager.post(`/api/apps/${c.appId}/automations`, hidden), 422, '/condition');
    expect(
      (await c.admin.post(`/api/apps/${c.appId}/automations`, { ...hidden, enabled: false })).status,
    ).toBe(201);
    const a = await save(manager, {
      trigger: { type: 'schedule', cron: '0 9 * * *', formId: accounts },
      actions: [{ type: 'createRecord', formId: logs, fields: { line: 'daily {{record.name}}' } }],
    });
    c.clock.advance(24 * 3_600_000 + 60_000);
    await drain(c.s.deps);
    expect((await lines()).filter((l: string) => l.startsWith('daily ')).sort()).toEqual([
      'daily A公司',
      'daily C公司',
    ]);
    await off(a.id);
  });

  it('notifies each recipient with only what both the author and the recipient may see', async () => {
    const a = await save(c.admin, {
      trigger: { type: 'record.created', formId: visits },
      actions: [
        {
          type: 'notify',
          to: { users: [manager2Id, managerId, c.adminId] },
          title: '拜访 {{record.summary}}: {{record.account.name}}',
          body: '{{record.account.secret}}',
        },
      ],
    });
    await record(visits, { account: [mine.id], summary: 'n1' });
    await drain(c.s.deps);
    const titleOf = async (client: Client) =>
      (await client.get('/api/notifications')).body.items
        .filter((n: any) => n.title.startsWith('拜访 n1'))
        .map((n: any) => [n.title, n.body]);
    // 经理2 may not read 经理's account: the related record is left out of their message.
    expect(await titleOf(manager2)).toEqual([['拜访 n1: ', '']]);
    expect(await titleOf(manager)).toEqual([['拜访 n1: A公司', '']]);
    expect(await titleOf(c.admin)).toEqual([['拜访 n1: A公司', '底价 80 万']]);
    await off(a.id);
  });

  it('switches off an automation whose author was deactivated, failing its runs for good and telling the managers once', async () => {
    const a = await save(manager, {
      trigger: { type: 'record.created', formId: visits },
      actions: [{ type: 'createRecord', formId: logs, fields: { line: 'after {{record.summary}}' } }],
    });
    expect((await c.admin.patch(`/api/users/${managerId}`, { active: false })).status).toBe(200);
    for (const i of [1, 2, 3]) await record(visits, { account: [mine.id], summary: `late ${i}` });
    await drain(c.s.deps);
    expect((await lines()).filter((l: string) => l.startsWith('after '))).toEqual([]);
    const failed = await runs(c.admin, a.id);
    expect(failed.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    for (const r of failed) expect(r.error).toMatch(/author 经理 <m1@example.com> is deactivated/);
    const stored = (await c.admin.get(`/api/automations/${a.id}`)).body;
    expect(stored.enabled).toBe(false);
    const inbox = (await manager2.get('/api/notifications')).body.items.filter((n: any) =>
      n.title.includes('switched off'),
    );
    expect(inbox).toHaveLength(1);
    expect(inbox[0].body).toMatch(/deactivated/);
    // Later events make no runs; a manager saving it again becomes its author and revives it.
    await record(visits, { account: [mine.id], summary: 'later' });
    await drain(c.s.deps);
    expect(await runs(c.admin, a.id)).toHaveLength(3);
    const revived = await manager2.put(`/api/automations/${a.id}`, { ...stored, enabled: true });
    expect(revived.body).toMatchObject({ createdBy: manager2Id, enabled: true });
    await record(visits, { account: [mine.id], summary: 'revived' });
    await drain(c.s.deps);
    expect(await lines()).toContain('after revived');
    expect(
      (await manager2.get('/api/notifications')).body.items.filter((n: any) =>
        n.title.includes('switched off'),
      ),
    ).toHaveLength(1);
    await c.admin.patch(`/api/users/${managerId}`, { active: true });
    await off(a.id);
  });

  it('stops the runs of an author who is no longer a manager of the app, with the reason', async () => {
    const roleOnly = (
      await c.admin.post('/api/roles', {
        name: '只读',
        grants: [
          { formId: logs, actions: ['read', 'create'] },
          { formId: visits, actions: ['read'] },
        ],
      })
    ).body.id;
    const a = await save(manager2, {
      trigger: { type: 'record.created', formId: visits },
      actions: [{ type: 'createRecord', formId: logs, fields: { line: 'demoted {{record.summary}}' } }],
    });
    expect((await c.admin.patch(`/api/users/${manager2Id}`, { roleIds: [roleOnly] })).status).toBe(200);
    await record(visits, { summary: 'x' });
    await drain(c.s.deps);
    const [run] = await runs(c.admin, a.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/no longer an admin or a manager of this app/);
    expect((await lines()).filter((l: string) => l.startsWith('demoted'))).toEqual([]);
    // The remaining manager hears of it (the deactivation above ended their session).
    const m1 = await c.s.client('m1@example.com', 'User-pass-1');
    const told = (await m1.get('/api/notifications')).body.items.filter((n: any) =>
      n.title.includes('switched off'),
    );
    expect(told.map((n: any) => n.body)).toEqual([
      expect.stringMatching(/经理2 <m2@example.com> is no longer an admin or a manager/),
    ]);
    expect(
      (await c.admin.get('/api/notifications')).body.items.filter((n: any) =>
        n.title.includes('switched off'),
      ),
    ).toEqual([]);
    await off(a.id);
  });
});
