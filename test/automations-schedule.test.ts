import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { automation, create, type Crm, crm, drain, records, runsOf } from './automations.helpers.js';

// The clock jumps months ahead here: keep the run log for the whole test.
const keep = { retentionDays: 3650 };

describe.each(engines)('automations: schedules, dates and waits on %s', (engine) => {
  let c: Crm;
  beforeAll(async () => {
    c = await crm(engine, '2026-03-16T01:00:00.000Z'); // Monday 09:00 in Shanghai
  });
  afterAll(() => c?.s.close());

  it('every month, for each 高价值 customer, schedules a 回访 — and catches up once after downtime', async () => {
    await create(c, c.customers, { name: '甲', tier: 'high' });
    await create(c, c.customers, { name: '乙', tier: 'high' });
    await create(c, c.customers, { name: '丙', tier: 'normal' });
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
            customer: ['{{record.id}}'],
          },
        },
      ],
    });
    const skipping = await automation(c, {
      trigger: { type: 'schedule', cron: '0 9 1 * *', timeZone: 'Asia/Shanghai' },
      actions: [{ type: 'notify', to: { creator: true }, title: 'monthly' }],
      options: { catchUp: 'skip' },
    });
    await drain(c.s.deps, keep);
    expect(await runsOf(c, monthly.id)).toHaveLength(0);

    c.clock.set('2026-04-01T01:00:20.000Z'); // April 1st, 09:00:20 in Shanghai

    c.admin = await c.s.client();
    await drain(c.s.deps, keep);
    await drain(c.s.deps, keep);
    const april = await runsOf(c, monthly.id);
    expect(april.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const tasks = await records(c, c.tasks, { field: 'title', op: 'startsWith', value: '回访' });
    expect(tasks.map((t) => `${t.fields.title}|${t.fields.due}`).sort()).toEqual([
      '回访 乙 2026-04-01|2026-04-08',
      '回访 甲 2026-04-01|2026-04-08',
    ]);
    expect((await runsOf(c, skipping.id)).map((r) => [r.status, r.recordId])).toEqual([['succeeded', null]]);

    // The server is down through May 1st and June 1st: the monthly job runs once on start-up.
    c.clock.set('2026-06-10T03:00:00.000Z');
    c.admin = await c.s.client();
    await drain(c.s.deps, keep);
    const after = await runsOf(c, monthly.id);
    expect(after).toHaveLength(4);
    expect(after.slice(0, 2).every((r) => r.trigger.payload?.missed === '2026-05-01T01:00:00.000Z')).toBe(
      true,
    );
    expect(await runsOf(c, skipping.id)).toHaveLength(1);
    // Both are due again on July 1st.
    const jobs = await c.s.db.db
      .selectFrom('automation_jobs')
      .select(['automation_id', 'due_at'])
      .where('kind', '=', 'schedule')
      .execute();
    expect(jobs.map((j) => j.due_at)).toEqual(['2026-07-01T01:00:00.000Z', '2026-07-01T01:00:00.000Z']);
    // Disabled: no more firings.
    await c.admin.put(`/api/automations/${monthly.id}`, { ...monthly, enabled: false });
    await c.admin.del(`/api/automations/${skipping.id}`);
    expect(
      await c.s.db.db.selectFrom('automation_jobs').select('id').where('kind', '=', 'schedule').execute(),
    ).toHaveLength(0);
  });

  it('marks 流失风险 60 days after the last interaction and greets birthdays every year', async () => {
    c.clock.set('2026-07-02T12:00:00.000Z');
    c.admin = await c.s.client();
    const quiet = await create(c, c.customers, { name: '沉默客户', lastContact: '2026-05-04' });
    await create(c, c.customers, { name: '活跃客户', lastContact: '2026-06-30' });
    const born = await create(c, c.customers, { name: '寿星', birthday: '1990-07-04' });
    const churn = await automation(c, {
      trigger: { type: 'date', formId: c.customers, field: 'lastContact', offset: '+60d' },
      condition: { field: 'risk', op: 'ne', value: true },
      actions: [
        { type: 'updateRecord', fields: { risk: true } },
        { type: 'notify', to: { owner: true }, title: '{{record.name}} 有流失风险' },
      ],
    });
    const birthday = await automation(c, {
      trigger: { type: 'date', formId: c.customers, field: 'birthday', repeat: 'yearly', time: '09:30' },
      actions: [{ type: 'notify', to: { owner: true }, title: '{{record.name}} 生日快乐' }],
    });
    await drain(c.s.deps, keep);
    c.clock.set('2026-07-03T00:00:10.000Z'); // July 3rd, 08:00:10 in Shanghai: 60 days after May 4th
    c.admin = await c.s.client();
    await drain(c.s.deps, keep);
    expect((await runsOf(c, churn.id)).map((r) => [r.status, r.recordId])).toEqual([['succeeded', quiet.id]]);
    expect(
      (await records(c, c.customers, { field: 'risk', op: 'eq', value: true })).map((r) => r.fields.name),
    ).toEqual(['沉默客户']);
    expect(await runsOf(c, birthday.id)).toHaveLength(0);
    c.clock.set('2026-07-04T01:30:00.000Z'); // July 4th 09:30
    c.admin = await c.s.client();
    await drain(c.s.deps, keep);
    expect((await runsOf(c, birthday.id)).map((r) => r.recordId)).toEqual([born.id]);
    c.clock.set('2027-07-04T01:30:05.000Z');
    c.admin = await c.s.client();
    await drain(c.s.deps, keep);
    expect(await runsOf(c, birthday.id)).toHaveLength(2);
    const titles = (await c.admin.get('/api/notifications')).body.items.map(
      (n: { title: string }) => n.title,
    );
    expect(titles).toEqual(expect.arrayContaining(['沉默客户 有流失风险', '寿星 生日快乐']));
    for (const a of [churn, birthday]) await c.admin.del(`/api/automations/${a.id}`);
  });

  it('parks a run at a wait and resumes it when the time comes', async () => {
    const a = await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      condition: { field: 'name', op: 'eq', value: '等待' },
      actions: [
        { type: 'updateRecord', fields: { note: 'first' } },
        { type: 'wait', for: '2d' },
        { type: 'updateRecord', fields: { note: 'then {{steps.0.fields.note}} until {{steps.1.until}}' } },
      ],
    });
    const rec = await create(c, c.customers, { name: '等待' });
    await drain(c.s.deps, keep);
    let [run] = await runsOf(c, a.id);
    const until = new Date(c.clock.now().getTime() + 2 * 86_400_000).toISOString();
    expect(run).toMatchObject({ status: 'waiting', resumeAt: until });
    c.clock.advance(86_400_000);
    await drain(c.s.deps, keep);
    expect((await runsOf(c, a.id))[0].status).toBe('waiting');
    c.clock.advance(86_400_000);
    await drain(c.s.deps, keep);
    [run] = await runsOf(c, a.id);
    expect(run.status).toBe('succeeded');
    expect((await records(c, c.customers, { field: 'id', op: 'eq', value: rec.id }))[0].fields.note).toBe(
      `then first until ${until}`,
    );
  });
});
