import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { dbSnapshot, expectError } from './support/checks.js';
import { automation, create, type Crm, crm, drain, records, runsOf } from './automations.helpers.js';

describe.each(engines)('automations: webhooks in, dry runs and workflow states on %s', (engine) => {
  let c: Crm;
  beforeAll(async () => {
    c = await crm(engine);
  });
  afterAll(() => c?.s.close());

  it('accepts an inbound webhook only with its secret and runs it with the payload', async () => {
    const a = await automation(c, {
      trigger: { type: 'webhook', required: ['name'] },
      actions: [
        {
          type: 'createRecord',
          formId: c.customers,
          fields: {
            name: '{{payload.name}}',
            tier: '{{payload.tier}}',
            note: 'from {{payload.source.system}}',
          },
        },
      ],
    });
    const { hookId, secret } = a.trigger;
    expect(hookId).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    const anon = c.s.anonymous();
    const send = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      anon.json('POST', path, body, headers);
    expectError(await send(`/api/hooks/${hookId}`, { name: 'x' }), 401);
    expectError(
      await send(`/api/hooks/${hookId}`, { name: 'x' }, { 'x-tessera-secret': 'wrong-secret-wrong' }),
      401,
    );
    expectError(await send(`/api/hooks/${hookId}/wrong-secret-wrong`, { name: 'x' }), 401);
    expectError(await send(`/api/hooks/nosuchhook123`, { name: 'x' }, { 'x-tessera-secret': secret }), 404);
    expectError(
      await send(`/api/hooks/${hookId}`, { tier: 'high' }, { 'x-tessera-secret': secret }),
      422,
      '/name',
    );
    expectError(
      await anon.raw('POST', `/api/hooks/${hookId}`, {
        body: '{nope',
        headers: { 'x-tessera-secret': secret },
      }),
      400,
    );
    await drain(c.s.deps);
    expect(await runsOf(c, a.id)).toHaveLength(0);

    const viaHeader = await send(
      `/api/hooks/${hookId}`,
      { name: '网站客户', tier: 'high', source: { system: 'web' } },
      { 'x-tessera-secret': secret },
    );
    expect(viaHeader.status).toBe(202);
    expect((await send(`/api/hooks/${hookId}/${secret}`, { name: '表单客户' })).status).toBe(202);
    await drain(c.s.deps);
    expect((await runsOf(c, a.id)).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const made = await records(c, c.customers, { field: 'name', op: 'in', value: ['网站客户', '表单客户'] });
    expect(made.map((r) => [r.fields.name, r.fields.tier, r.fields.note]).sort()).toEqual([
      ['网站客户', 'high', 'from web'],
      ['表单客户', null, 'from '],
    ]);

    // Saving again keeps the hook address; disabling closes it.
    const put = await c.admin.put(`/api/automations/${a.id}`, {
      name: a.name,
      trigger: { type: 'webhook' },
      actions: a.actions,
      enabled: false,
    });
    expect(put.body.trigger).toMatchObject({ hookId, secret });
    expectError(await send(`/api/hooks/${hookId}`, { name: 'x' }, { 'x-tessera-secret': secret }), 404);
  });

  it('shows what a dry run would do against a record and keeps nothing', async () => {
    const cust = await create(c, c.customers, { name: '试运行', tier: 'high' });
    const a = await automation(c, {
      trigger: { type: 'record.updated', formId: c.customers },
      condition: { field: 'tier', op: 'eq', value: 'high' },
      actions: [
        {
          type: 'createRecord',
          formId: c.tasks,
          fields: { title: '试 {{record.name}}', customer: '{{record.id}}' },
        },
        { type: 'updateRecord', fields: { note: 'task {{steps.0.id}}' } },
        { type: 'notify', to: { owner: true }, title: 'hello' },
        { type: 'webhook', url: 'http://127.0.0.1:9/never', body: { id: '{{record.id}}' } },
        { type: 'wait', for: '1d' },
        { type: 'assign', strategy: 'fixed', userId: '{{record.createdBy}}' },
      ],
    });
    const before = await dbSnapshot(c.s.db.db, engine);
    const r = await c.admin.post(`/api/automations/${a.id}/test`, { recordId: cust.id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ conditionResult: true, status: 'succeeded', error: null });
    expect(r.body.steps.map((s: { type: string }) => s.type)).toEqual([
      'createRecord',
      'updateRecord',
      'notify',
      'webhook',
      'wait',
      'assign',
    ]);
    const taskId = r.body.steps[0].output.id;
    expect(r.body.steps[1].output.fields.note).toBe(`task ${taskId}`);
    expect(r.body.steps[3]).toMatchObject({
      input: { method: 'POST', url: 'http://127.0.0.1:9/never', body: { id: cust.id } },
      output: { dryRun: true, sent: false },
    });
    const after = await dbSnapshot(c.s.db.db, engine);
    expect(after).toEqual(before);
    const normal = await create(c, c.customers, { name: '普通', tier: 'normal' });
    const skipped = await c.admin.post(`/api/automations/${a.id}/test`, { recordId: normal.id });
    expect(skipped.body).toMatchObject({ conditionResult: false, status: 'skipped', steps: [] });
    expectError(
      await c.admin.post(`/api/automations/${a.id}/test`, { recordId: 'rec_000000000000000000' }),
      404,
    );
    await c.admin.del(`/api/automations/${a.id}`);
  });

  it('moves records between workflow states and reacts to state changes and SLA breaches', async () => {
    const wf = await c.admin.put(`/api/forms/${c.tasks}/workflow`, {
      states: [
        { key: 'todo', label: '待开始', category: 'todo' },
        { key: 'doing', label: '进行中', category: 'doing' },
        { key: 'done', label: '已完成', category: 'done' },
      ],
      initial: 'todo',
      transitions: [
        { from: 'todo', to: 'doing', label: '开始' },
        { from: 'doing', to: 'done', label: '完成' },
      ],
    });
    expect(wf.status, JSON.stringify(wf.body)).toBe(200);
    const start = await automation(c, {
      trigger: { type: 'record.created', formId: c.tasks },
      condition: { field: 'title', op: 'startsWith', value: 'wf' },
      actions: [{ type: 'setState', to: 'doing', comment: '自动开始' }],
    });
    const moved = await automation(c, {
      trigger: { type: 'state.changed', formId: c.tasks, from: 'todo', to: 'doing' },
      actions: [
        {
          type: 'notify',
          to: { creator: true },
          title: '{{record.title}}: {{trigger.from}} → {{trigger.to}}',
        },
      ],
    });
    const finished = await automation(c, {
      trigger: { type: 'state.changed', formId: c.tasks, to: 'done' },
      actions: [{ type: 'updateRecord', fields: { count: 1 } }],
    });
    const late = await automation(c, {
      trigger: { type: 'sla.breached', formId: c.tasks, state: 'doing' },
      actions: [{ type: 'updateRecord', fields: { count: 99 } }],
    });
    const task = await create(c, c.tasks, { title: 'wf1' });
    expect(task.state).toBe('todo');
    await drain(c.s.deps);
    expect((await runsOf(c, start.id)).map((r) => r.status)).toEqual(['succeeded']);
    const [run] = await runsOf(c, moved.id);
    expect(run).toMatchObject({ status: 'succeeded', depth: 1, trigger: { from: 'todo', to: 'doing' } });
    expect(await runsOf(c, finished.id)).toHaveLength(0);
    const [now] = await records(c, c.tasks, { field: 'id', op: 'eq', value: task.id });
    expect(now.state).toBe('doing');
    const titles = (await c.admin.get('/api/notifications')).body.items.map(
      (n: { title: string }) => n.title,
    );
    expect(titles).toContain('wf1: todo → doing');

    // The workflow's SLA check reports a breach through the outbox.
    await c.s.db.db
      .insertInto('outbox')
      .values({
        event: 'record.sla_breached',
        form_id: c.tasks,
        record_id: task.id,
        payload: JSON.stringify({ version: now.version, userId: null, state: 'doing', step: 0 }),
        depth: 0,
        created_at: c.clock.now().toISOString(),
        claimed_until: null,
        done_at: null,
      })
      .execute();
    await drain(c.s.deps);
    expect((await runsOf(c, late.id)).map((r) => [r.status, r.trigger.state])).toEqual([
      ['succeeded', 'doing'],
    ]);
    expect((await records(c, c.tasks, { field: 'id', op: 'eq', value: task.id }))[0].fields.count).toBe(99);

    const bad = await automation(c, {
      trigger: { type: 'button', formId: c.tasks },
      actions: [{ type: 'setState', to: 'nowhere' }],
    });
    await c.admin.post(`/api/automations/${bad.id}/run`, { recordId: task.id });
    await drain(c.s.deps);
    const [failed] = await runsOf(c, bad.id);
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('nowhere') });
    expect(failed.steps[0].attempts).toBe(1);
  });
});
