import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.js';
import { fireSchedule } from '../server/automations/schedule.js';
import { startWorker } from '../server/automations/worker.js';
import { engines } from './support/engines.js';
import { Client } from './support/server.js';
import { automation, create, type Crm, crm, drain, records, runsOf } from './automations.helpers.js';

describe.each(engines)('automations: batches, bulk events and large schedules on %s', (engine) => {
  let c: Crm;
  beforeAll(async () => {
    c = await crm(engine, '2026-03-16T01:00:00.000Z');
  });
  afterAll(() => c?.s.close());

  const batch = async (formId: string, fields: Array<Record<string, unknown>>) => {
    for (let i = 0; i < fields.length; i += 1000) {
      const r = await c.admin.post(`/api/forms/${formId}/records/batch`, {
        records: fields.slice(i, i + 1000).map((f) => ({ fields: f })),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  };
  const pending = async () =>
    (
      await c.s.db.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('done_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n;
  const runCount = async (automationId?: string) => {
    let q = c.s.db.db.selectFrom('automation_runs').select((eb) => eb.fn.countAll<number>().as('n'));
    if (automationId) q = q.where('automation_id', '=', automationId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  it('marks events nobody listens to done without a run, and sees automations another process saves at the next batch', async () => {
    await batch(
      c.customers,
      Array.from({ length: 60 }, (_, i) => ({ name: `导入${i}` })),
    );
    expect(Number(await pending())).toBe(60);
    await drain(c.s.deps);
    expect(Number(await pending())).toBe(0);
    expect(await runCount()).toBe(0);

    const a = await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      condition: { field: 'tier', op: 'eq', value: 'high' },
      actions: [{ type: 'updateRecord', fields: { note: 'v1' } }],
    });
    const first = await create(c, c.customers, { name: '版本一', tier: 'high' });
    await create(c, c.customers, { name: '普通客户', tier: 'normal' });
    await drain(c.s.deps);
    expect((await runsOf(c, a.id)).map((r) => [r.recordId, r.status])).toEqual([[first.id, 'succeeded']]);

    // A second server process over the same database changes the automation, then disables it.
    const second = c.s.db.reopen();
    try {
      const other = new Client(createApp({ db: second.db, engine, config: c.s.deps.config, clock: c.clock }));
      await other.post('/api/auth/login', { email: 'admin@example.com', password: 'Admin-pass-1' });
      expect(
        (
          await other.put(`/api/automations/${a.id}`, {
            ...a,
            actions: [{ type: 'updateRecord', fields: { note: 'v2' } }],
          })
        ).status,
      ).toBe(200);
      const later = await create(c, c.customers, { name: '版本二', tier: 'high' });
      await drain(c.s.deps);
      const [run] = await runsOf(c, a.id);
      expect(run).toMatchObject({ recordId: later.id, automationVersion: 2, status: 'succeeded' });
      expect((await records(c, c.customers, { field: 'id', op: 'eq', value: later.id }))[0].fields.note).toBe(
        'v2',
      );

      expect((await other.put(`/api/automations/${a.id}`, { ...a, enabled: false })).status).toBe(200);
      await create(c, c.customers, { name: '停用后', tier: 'high' });
      await drain(c.s.deps);
      expect(await runsOf(c, a.id)).toHaveLength(2);
      expect(Number(await pending())).toBe(0);
    } finally {
      await second.close();
      await c.admin.del(`/api/automations/${a.id}`);
    }
  });

  it('a running worker notices events another process wrote without being woken, and runs them', async () => {
    const a = await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      condition: { field: 'name', op: 'eq', value: '别处写的' },
      actions: [{ type: 'updateRecord', fields: { note: 'seen' } }],
    });
    // Only its look for work between passes can find the event: the timer would take an hour.
    const worker = startWorker(c.s.deps, { intervalMs: 3_600_000, probeMs: 20 });
    const second = c.s.db.reopen();
    try {
      const other = new Client(createApp({ db: second.db, engine, config: c.s.deps.config, clock: c.clock }));
      await other.post('/api/auth/login', { email: 'admin@example.com', password: 'Admin-pass-1' });
      const rec = (await other.post(`/api/forms/${c.customers}/records`, { fields: { name: '别处写的' } }))
        .body;
      let note: unknown;
      for (let i = 0; i < 200 && note !== 'seen'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        note = (await records(c, c.customers, { field: 'id', op: 'eq', value: rec.id }))[0].fields.note;
      }
      expect(note).toBe('seen');
    } finally {
      await worker.stop();
      await second.close();
      await c.admin.del(`/api/automations/${a.id}`);
    }
  });

  it('runs many events of one automation together yet logs each run with its own results, and a refused record fails only its own run', async () => {
    const a = await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      condition: { field: 'name', op: 'startsWith', value: 'bulk' },
      actions: [
        {
          type: 'createRecord',
          formId: c.tasks,
          fields: { title: 'task {{record.name}}', customer: '{{record.id}}' },
        },
        { type: 'updateRecord', fields: { note: 'task {{steps.0.id}}' } },
      ],
      options: { retries: 0 },
    });
    const check = async (prefix: string, n: number) => {
      const runs = (await runsOf(c, a.id, '?limit=100')).filter((r) => r.trigger.event === 'record.created');
      const customers = await records(c, c.customers, { field: 'name', op: 'startsWith', value: prefix });
      const mine = runs.filter((r) => customers.some((x) => x.id === r.recordId));
      expect(mine).toHaveLength(n);
      const tasks = await records(c, c.tasks, { field: 'title', op: 'startsWith', value: `task ${prefix}` });
      for (const run of mine.filter((r) => r.status === 'succeeded')) {
        const customer = customers.find((x) => x.id === run.recordId);
        const task = tasks.find((t) => t.id === run.steps[0].output.id);
        expect(task.fields).toMatchObject({ title: `task ${customer.fields.name}`, customer: [customer.id] });
        expect(customer.fields.note).toBe(`task ${task.id}`);
        expect(run.steps.map((s: { type: string; attempts: number }) => [s.type, s.attempts])).toEqual([
          ['createRecord', 1],
          ['updateRecord', 1],
        ]);
        expect(run.startedAt && run.finishedAt).toBeTruthy();
      }
      return { runs: mine, customers, tasks };
    };
    await batch(c.customers, [
      ...Array.from({ length: 30 }, (_, i) => ({ name: `bulkA${i}` })),
      ...Array.from({ length: 5 }, (_, i) => ({ name: `other${i}` })),
    ]);
    await drain(c.s.deps);
    const ok = await check('bulkA', 30);
    expect(ok.runs.every((r) => r.status === 'succeeded')).toBe(true);
    expect(ok.tasks).toHaveLength(30);

    // tasks.title is unique: the run for bulkB7 cannot create its task, the other nine can.
    await create(c, c.tasks, { title: 'task bulkB7' });
    await batch(
      c.customers,
      Array.from({ length: 10 }, (_, i) => ({ name: `bulkB${i}` })),
    );
    await drain(c.s.deps);
    const some = await check('bulkB', 10);
    const failed = some.runs.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].error).toMatch(/createRecord/);
    expect(failed[0].recordId).toBe(some.customers.find((x) => x.fields.name === 'bulkB7').id);
    expect(some.tasks).toHaveLength(10);
    await c.admin.del(`/api/automations/${a.id}`);
  });

  it('fails the runs of an automation whose condition no longer fits its form, with the reason, instead of dropping its events', async () => {
    const form = (
      await c.admin.post(`/api/apps/${c.appId}/forms`, {
        key: 'leads',
        name: '线索',
        fields: [
          { key: 'name', type: 'text', label: '名称' },
          { key: 'level', type: 'text', label: '级别' },
        ],
      })
    ).body;
    const a = await automation(c, {
      trigger: { type: 'record.created', formId: form.id },
      condition: { field: 'level', op: 'eq', value: 'hot' },
      actions: [{ type: 'updateRecord', fields: { name: 'seen' } }],
    });
    await create(c, form.id, { name: '冷', level: 'cold' });
    await drain(c.s.deps);
    expect(await runsOf(c, a.id)).toHaveLength(0);
    expect((await c.admin.put(`/api/forms/${form.id}`, { ...form, fields: [form.fields[0]] })).status).toBe(
      200,
    );
    const rec = await create(c, form.id, { name: '新线索' });
    await drain(c.s.deps);
    const [run] = await runsOf(c, a.id);
    expect(run).toMatchObject({
      recordId: rec.id,
      status: 'failed',
      conditionResult: false,
      error: expect.stringMatching(/^condition: .*level/),
    });
    const inbox = (await c.admin.get('/api/notifications')).body.items;
    expect(inbox.some((n: { source: string }) => n.source === `automation:${a.id}`)).toBe(true);
    await c.admin.del(`/api/automations/${a.id}`);
  });

  it('a monthly schedule over many customers logs and acts once per customer, also when fired again or selected in pages', async () => {
    await batch(
      c.customers,
      Array.from({ length: 2100 }, (_, i) => ({ name: `月度${i}`, tier: i % 3 ? 'high' : 'normal' })),
    );
    const high = (
      await c.admin.get(
        `/api/forms/${c.customers}/records?count=true&limit=1&filter=${encodeURIComponent(JSON.stringify({ field: 'tier', op: 'eq', value: 'high' }))}`,
      )
    ).body.total;
    expect(high).toBeGreaterThanOrEqual(1400);
    await drain(c.s.deps);
    const monthly = await automation(c, {
      trigger: { type: 'schedule', cron: '0 9 1 * *', timeZone: 'Asia/Shanghai', formId: c.customers },
      condition: { field: 'tier', op: 'eq', value: 'high' },
      actions: [
        {
          type: 'createRecord',
          formId: c.tasks,
          fields: {
            title: '回访 {{record.name}} {{today}}',
            due: '{{today + 7d}}',
            customer: '{{record.id}}',
          },
        },
      ],
    });
    c.clock.set('2026-04-01T01:00:05.000Z');
    c.admin = await c.s.client();
    // tasks.title is unique: 月度1's 回访 exists already, so its run fails; the others' must not.
    await create(c, c.tasks, { title: '回访 月度1 2026-04-01' });
    await drain(c.s.deps);
    expect(await runCount(monthly.id)).toBe(high);
    const ok = await c.s.db.db
      .selectFrom('automation_runs')
      .select(['record_id', 'status', 'steps'])
      .where('automation_id', '=', monthly.id)
      .execute();
    expect(new Set(ok.map((r) => r.record_id)).size).toBe(high);
    const failed = ok.filter((r) => r.status !== 'succeeded');
    expect(failed.map((r) => r.status)).toEqual(['failed']);
    expect(
      (await records(c, c.customers, { field: 'id', op: 'eq', value: failed[0].record_id }))[0].fields.name,
    ).toBe('月度1');
    expect(ok.filter((r) => r.status === 'succeeded').every((r) => JSON.parse(r.steps)[0]?.output?.id)).toBe(
      true,
    );
    const visitsNow = await c.admin.get(
      `/api/forms/${c.tasks}/records?count=true&limit=1&filter=${encodeURIComponent(JSON.stringify({ field: 'title', op: 'startsWith', value: '回访 ' }))}`,
    );
    expect(visitsNow.body.total).toBe(high);

    // The same firing taken again (its lease ran out mid-way in another process) logs nothing twice.
    const job = {
      id: `schedule:${monthly.id}`,
      automation_id: monthly.id,
      due_at: '2026-04-01T01:00:00.000Z',
    };
    expect(await fireSchedule(c.s.deps, job, 300)).toBe(0);
    await drain(c.s.deps);
    expect(await runCount(monthly.id)).toBe(high);
    await c.admin.del(`/api/automations/${monthly.id}`);

    // Selected a few at a time, a firing still reaches every customer once.
    const some = {
      and: [
        { field: 'tier', op: 'eq', value: 'high' },
        { field: 'name', op: 'startsWith', value: '月度20' },
      ],
    };
    const count = async (filter: unknown) =>
      (
        await c.admin.get(
          `/api/forms/${c.customers}/records?count=true&limit=1&filter=${encodeURIComponent(JSON.stringify(filter))}`,
        )
      ).body.total;
    const few = await count(some);
    expect(few).toBeGreaterThan(50);
    const paged = await automation(c, {
      trigger: { type: 'schedule', cron: '0 9 1 * *', timeZone: 'Asia/Shanghai', formId: c.customers },
      condition: some,
      actions: [{ type: 'updateRecord', fields: { hits: 7 } }],
    });
    expect(
      await fireSchedule(
        c.s.deps,
        { id: `schedule:${paged.id}`, automation_id: paged.id, due_at: '2026-04-01T01:00:00.000Z' },
        10,
      ),
    ).toBe(few);
    await drain(c.s.deps);
    expect(await count({ field: 'hits', op: 'eq', value: 7 })).toBe(few);
    await c.admin.del(`/api/automations/${paged.id}`);
  });
});
