import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { expectError } from './support/checks.js';
import { automation, create, type Crm, crm, drain, records, runsOf } from './automations.helpers.js';

describe.each(engines)('automations: definitions, triggers and conditions on %s', (engine) => {
  let c: Crm;
  beforeAll(async () => {
    c = await crm(engine);
  });
  afterAll(() => c?.s.close());

  it('stores an automation with versions, publishes its schema and refuses unknown fields with paths', async () => {
    const a = await automation(c, {
      name: '跟进',
      trigger: { type: 'record.created', formId: c.interactions },
      actions: [{ type: 'notify', to: { creator: true }, title: 'hi' }],
    });
    expect(a).toMatchObject({ appId: c.appId, version: 1, enabled: true, createdBy: c.adminId });
    const put = await c.admin.put(`/api/automations/${a.id}`, { ...a, name: '跟进2', enabled: false });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ version: 2, name: '跟进2', enabled: false });
    const versions = await c.admin.get(`/api/automations/${a.id}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(
      (await c.admin.get(`/api/apps/${c.appId}/automations`)).body.items.some(
        (x: { id: string }) => x.id === a.id,
      ),
    ).toBe(true);
    expect((await c.admin.get('/api/schemas/automation.json')).body.properties.trigger).toBeDefined();

    const bad = await c.admin.post(`/api/apps/${c.appId}/automations`, {
      name: 'x',
      trigger: { type: 'record.created', formId: c.interactions },
      actions: [{ type: 'createRecord', formId: c.tasks, fields: { nope: 1, title: '{{bogus.x}}' } }],
    });
    expectError(bad, 422, '/actions/0/fields/nope');
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('/actions/0/fields/title');
    expectError(
      await c.admin.post(`/api/apps/${c.appId}/automations`, {
        name: 'x',
        trigger: { type: 'schedule', cron: 'every day' },
        actions: [{ type: 'notify', to: {}, title: 't' }],
      }),
      422,
      '/trigger/cron',
    );
    expectError(
      await c.admin.post(`/api/apps/${c.appId}/automations`, {
        name: 'x',
        trigger: { type: 'record.updated', formId: c.customers, fields: ['nope'] },
        actions: [{ type: 'notify', to: {}, title: 't' }],
      }),
      422,
      '/trigger/fields/0',
    );
    expect((await c.admin.del(`/api/automations/${a.id}`)).status).toBe(200);
    expectError(await c.admin.get(`/api/automations/${a.id}`), 404);
    expectError(await c.admin.get(`/api/automations/${a.id}/runs`), 404);
    expectError(
      await c.admin.post(`/api/apps/app_nope/automations`, {
        name: 'x',
        trigger: { type: 'record.created', formId: c.tasks },
        actions: [{ type: 'notify', to: {}, title: 't' }],
      }),
      404,
    );
    expectError(
      await c.admin.post(`/api/apps/${c.appId}/automations`, {
        name: 'x',
        trigger: { type: 'record.created', formId: c.tasks },
        actions: [],
      }),
      422,
      '/actions',
    );
  });

  it('lets only admins and app managers see or change automations', async () => {
    await c.admin.post('/api/users', { email: 'm@example.com', name: 'm', password: 'User-pass-1' });
    const member = await c.s.client('m@example.com', 'User-pass-1');
    expectError(await member.get(`/api/apps/${c.appId}/automations`), 403);
    expectError(
      await member.post(`/api/apps/${c.appId}/automations`, {
        name: 'x',
        trigger: { type: 'record.created', formId: c.tasks },
        actions: [{ type: 'notify', to: {}, title: 't' }],
      }),
      403,
    );
    expectError(await c.s.anonymous().get(`/api/apps/${c.appId}/automations`), 401);
  });

  it('creates a task for the 负责人 when an interaction with a 后续行动 is logged, reading the related customer', async () => {
    const a = await automation(c, {
      trigger: { type: 'record.created', formId: c.interactions },
      condition: { field: 'followUp', op: 'isNotEmpty' },
      actions: [
        {
          type: 'createRecord',
          formId: c.tasks,
          fields: {
            title: '跟进 {{record.customer.name}}: {{record.followUp}}',
            assignee: '{{record.responsible}}',
            due: '{{today + 3d}}',
            customer: '{{record.customer}}',
          },
          ownerId: '{{record.responsible}}',
        },
        {
          type: 'updateRecord',
          where: { formId: c.customers, filter: { field: 'id', op: 'eq', value: '{{record.customer.id}}' } },
          fields: { note: 'task {{steps.0.fields.title}}' },
        },
      ],
    });
    const cust = await create(c, c.customers, { name: 'A公司' });
    await create(c, c.interactions, {
      customer: [cust.id],
      summary: '电话',
      followUp: '发报价',
      responsible: c.adminId,
    });
    await create(c, c.interactions, { customer: [cust.id], summary: '闲聊' });
    await drain(c.s.deps);
    // The interaction without a 后续行动 does not meet the condition: no run is logged for it.
    const runs = await runsOf(c, a.id);
    expect(runs.map((r) => r.status)).toEqual(['succeeded']);
    const ok = runs.find((r) => r.status === 'succeeded');
    expect(ok.conditionResult).toBe(true);
    expect(ok.steps.map((s: { type: string; attempts: number }) => [s.type, s.attempts])).toEqual([
      ['createRecord', 1],
      ['updateRecord', 1],
    ]);
    const [task] = await records(c, c.tasks, { field: 'title', op: 'eq', value: '跟进 A公司: 发报价' });
    expect(task.fields).toMatchObject({ assignee: c.adminId, due: '2026-03-19', customer: [cust.id] });
    expect(task.ownerId).toBe(c.adminId);
    expect(ok.steps[0].output.id).toBe(task.id);
    const [after] = await records(c, c.customers, { field: 'id', op: 'eq', value: cust.id });
    expect(after.fields.note).toBe('task 跟进 A公司: 发报价');
    await c.admin.put(`/api/automations/${a.id}`, { ...a, enabled: false });
  });

  it('fires a field-change trigger only when a listed field changed, with old and new values', async () => {
    const a = await automation(c, {
      trigger: { type: 'record.updated', formId: c.customers, fields: ['tier'] },
      actions: [
        { type: 'notify', to: { owner: true }, title: '{{record.name}}: {{old.tier}} → {{record.tier}}' },
      ],
    });
    const cust = await create(c, c.customers, { name: 'B公司', tier: 'normal' });
    await c.admin.patch(`/api/forms/${c.customers}/records/${cust.id}`, {
      fields: { note: 'x' },
      version: 1,
    });
    await c.admin.patch(`/api/forms/${c.customers}/records/${cust.id}`, {
      fields: { tier: 'high' },
      version: 2,
    });
    await drain(c.s.deps);
    const runs = await runsOf(c, a.id);
    expect(runs).toHaveLength(1);
    expect(runs[0].trigger.changes.tier).toEqual({ before: 'normal', after: 'high' });
    const inbox = await c.admin.get('/api/notifications');
    expect(inbox.body.items.map((n: { title: string }) => n.title)).toContain('B公司: normal → high');
    await c.admin.del(`/api/automations/${a.id}`);
  });

  it('runs once per record of a batch of five, and on deletion', async () => {
    const a = await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      condition: { field: 'tier', op: 'eq', value: 'high' },
      actions: [{ type: 'updateRecord', fields: { note: 'vip {{record.name}}' } }],
    });
    const d = await automation(c, {
      trigger: { type: 'record.deleted', formId: c.customers },
      actions: [{ type: 'notify', to: { creator: true }, title: 'deleted {{record.name}}' }],
    });
    const batch = await c.admin.post(`/api/forms/${c.customers}/records/batch`, {
      records: [1, 2, 3, 4, 5].map((i) => ({ fields: { name: `批${i}`, tier: 'high' } })),
    });
    expect(batch.status).toBe(201);
    await drain(c.s.deps);
    const runs = await runsOf(c, a.id);
    expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(5);
    expect(new Set(runs.map((r) => r.recordId)).size).toBe(5);
    const vip = await records(c, c.customers, { field: 'note', op: 'startsWith', value: 'vip 批' });
    expect(vip).toHaveLength(5);
    await c.admin.del(`/api/forms/${c.customers}/records/${batch.body.items[0].id}`);
    await drain(c.s.deps);
    expect((await runsOf(c, d.id)).map((r) => [r.status, r.steps[0]?.output.count])).toEqual([
      ['succeeded', 1],
    ]);
    for (const x of [a, d]) await c.admin.del(`/api/automations/${x.id}`);
  });

  it('runs a button automation for one record and upserts by a key field', async () => {
    const a = await automation(c, {
      trigger: { type: 'button', formId: c.customers, label: '建回访' },
      actions: [
        {
          type: 'upsert',
          formId: c.tasks,
          key: 'title',
          fields: { title: '回访 {{record.name}}', count: '{{record.hits}}' },
        },
        {
          type: 'branch',
          if: { field: 'tier', op: 'eq', value: 'high' },
          then: [{ type: 'updateRecord', fields: { note: 'high' } }],
          else: [{ type: 'updateRecord', fields: { note: 'other' } }],
        },
      ],
    });
    const cust = await create(c, c.customers, { name: 'C公司', hits: 3, tier: 'normal' });
    const r = await c.admin.post(`/api/automations/${a.id}/run`, { recordId: cust.id });
    expect(r.status).toBe(202);
    await drain(c.s.deps);
    await c.admin.post(`/api/automations/${a.id}/run`, { recordId: cust.id });
    await drain(c.s.deps);
    const runs = await runsOf(c, a.id);
    expect(runs.map((x) => x.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs.map((x) => x.steps[0].output.created)).toEqual([false, true]);
    expect(runs[0].steps.map((s: { path: string }) => s.path)).toEqual(['0', '1', '1.else.0']);
    expect(await records(c, c.tasks, { field: 'title', op: 'eq', value: '回访 C公司' })).toHaveLength(1);
    expect((await records(c, c.customers, { field: 'id', op: 'eq', value: cust.id }))[0].fields.note).toBe(
      'other',
    );
    expectError(await c.admin.post(`/api/automations/${a.id}/run`, { recordId: 'rec_nope' }), 404);
    expect(
      (await runsOf(c, a.id, `?recordId=${cust.id}&status=succeeded&since=2026-01-01T00:00:00Z`)).length,
    ).toBe(2);
    expectError(await c.admin.get(`/api/automations/${a.id}/runs?status=nope`), 400);
    expectError(await c.admin.get(`/api/automations/${a.id}/runs?since=yesterday`), 400);
    const other = await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      actions: [{ type: 'notify', to: {}, title: 't' }],
      enabled: false,
    });
    expectError(await c.admin.post(`/api/automations/${other.id}/run`, { recordId: cust.id }), 409);
  });

  it('assigns owners round-robin and least-loaded among active members of a department', async () => {
    const dep = (await c.admin.post('/api/departments', { name: '销售部' })).body.id;
    const ids: string[] = [];
    for (const n of ['u1', 'u2'])
      ids.push(
        (
          await c.admin.post('/api/users', {
            email: `${n}@example.com`,
            name: n,
            password: 'User-pass-1',
            mainDepartmentId: dep,
          })
        ).body.id,
      );
    ids.sort();
    const rr = await automation(c, {
      trigger: { type: 'record.created', formId: c.tasks },
      condition: { field: 'title', op: 'startsWith', value: 'rr' },
      actions: [{ type: 'assign', strategy: 'roundRobin', departmentId: dep }],
    });
    for (const t of ['rr1', 'rr2', 'rr3']) await create(c, c.tasks, { title: t });
    await drain(c.s.deps);
    const owners = (await records(c, c.tasks, { field: 'title', op: 'startsWith', value: 'rr' }))
      .sort((x, y) => x.fields.title.localeCompare(y.fields.title))
      .map((r) => r.ownerId);
    expect(owners).toEqual([ids[0], ids[1], ids[0]]);
    await c.admin.del(`/api/automations/${rr.id}`);
    await automation(c, {
      trigger: { type: 'record.created', formId: c.tasks },
      condition: { field: 'title', op: 'startsWith', value: 'll' },
      actions: [{ type: 'assign', strategy: 'leastLoaded', departmentId: dep }],
    });
    await create(c, c.tasks, { title: 'll1' });
    await drain(c.s.deps);
    expect((await records(c, c.tasks, { field: 'title', op: 'eq', value: 'll1' }))[0].ownerId).toBe(ids[1]);
  });
});
