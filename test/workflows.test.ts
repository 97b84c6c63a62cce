import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { up as upgradeStateIndex } from '../server/db/migrations/20261124T1710-state-index-with-id.js';
import { dyn } from '../server/records/records.repository.js';
import { runSlaScan } from '../server/workflows/sla.js';
import { createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import { localStorage } from '../server/files/storage.js';
import { engines } from './support/engines.js';
import { type Client, type TestServer, fakeClock, startServer } from './support/server.js';

const HOUR = 3600_000;

describe.each(engines)('workflows on %s', (engine) => {
  const clock = fakeClock('2026-03-16T01:00:00.000Z'); // a Monday, 09:00 in Shanghai
  let s: TestServer;
  let admin: Client;
  let form: any;
  const dept: Record<string, string> = {};
  const users: Record<string, { id: string; client: Client }> = {};
  let mgmtRole: string;

  const workflow = () => ({
    states: [
      { key: 'todo', label: '待开始', category: 'todo' },
      { key: 'doing', label: '进行中', category: 'doing', readonlyFields: ['title'] },
      { key: 'done', label: '已完成', category: 'done' },
      { key: 'late', label: '已延期', category: 'doing' },
    ],
    initial: 'todo',
    transitions: [
      { from: 'todo', to: 'doing', label: '开始' },
      {
        from: ['doing', 'late'],
        to: 'done',
        label: '完成',
        allow: { userFields: ['assignee'], owner: true },
      },
      { from: '*', to: 'todo', label: '退回', requireComment: true, allow: { roles: [mgmtRole] } },
    ],
    sla: [
      {
        state: 'todo',
        hours: 24,
        escalations: [
          { afterHours: 24, notify: ['owner'] },
          { afterHours: 48, notify: ['departmentHead'] },
          { afterHours: 72, moveTo: 'late', notify: [{ role: mgmtRole }] },
        ],
      },
    ],
    variants: [
      {
        departmentId: dept.tech,
        name: '技术部',
        transitions: [
          { from: 'todo', to: 'doing', label: '开始' },
          {
            from: ['doing', 'late'],
            to: 'done',
            label: '完成',
            requiredFields: ['criteria'],
            allow: { userFields: ['assignee'] },
          },
        ],
      },
    ],
  });

  beforeAll(async () => {
    s = await startServer(engine, { clock });
    admin = await s.client();
    mgmtRole = (
      await admin.post('/api/roles', {
        name: '管理层',
        grants: [{ actions: ['read', 'update'], scope: 'all' }],
      })
    ).body.id;
    const member = (
      await admin.post('/api/roles', {
        name: '成员',
        grants: [{ actions: ['read', 'create', 'update'], scope: 'all' }],
      })
    ).body.id;
    for (const [k, name] of [
      ['sales', '销售部'],
      ['tech', '技术部'],
    ])
      dept[k] = (await admin.post('/api/departments', { name })).body.id;
    dept.backend = (await admin.post('/api/departments', { name: '后端组', parentId: dept.tech })).body.id;
    for (const [k, d, roles] of [
      ['ann', 'sales', [member]],
      ['tom', 'backend', [member]],
      ['boss', 'sales', [mgmtRole]],
      ['head', 'tech', [member]],
    ] as const) {
      const id = (
        await admin.post('/api/users', {
          email: `${k}@example.com`,
          name: k,
          password: 'User-pass-1',
          mainDepartmentId: dept[d],
          roleIds: roles,
        })
      ).body.id;
      users[k] = { id, client: await s.client(`${k}@example.com`, 'User-pass-1') };
    }
    await admin.patch(`/api/departments/${dept.tech}`, { headUserId: users.head.id });
    const app = (await admin.post('/api/apps', { name: '协作' })).body;
    form = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'tasks',
        name: '跨部门协作任务',
        fields: [
          { key: 'title', type: 'text', label: '任务描述' },
          { key: 'assignee', type: 'member', label: '负责人' },
          { key: 'criteria', type: 'textarea', label: '完成标准' },
        ],
      })
    ).body;
    const put = await admin.put(`/api/forms/${form.id}/workflow`, workflow());
    expect(put.status).toBe(200);
  });
  afterAll(() => s?.close());

  async function task(by: 'ann' | 'tom', fields: Record<string, unknown> = {}) {
    const r = await users[by].client.post(`/api/forms/${form.id}/records`, {
      fields: { title: '任务', assignee: users[by].id, ...fields },
    });
    expect(r.status).toBe(201);
    return r.body;
  }

  it('starts records in the initial state and publishes its schema', async () => {
    const t = await task('ann');
    expect(t.state).toBe('todo');
    expect((await admin.get('/api/schemas/workflow.json')).body.properties.states).toBeDefined();
  });

  it('allows listed transitions and refuses others with a reason', async () => {
    const t = await task('ann');
    const skip = await users.ann.client.post(`/api/forms/${form.id}/records/${t.id}/transition`, {
      to: 'done',
    });
    expect(skip.status).toBe(409);
    expect(skip.body.error.message).toContain('待开始');
    const start = await users.ann.client.post(`/api/forms/${form.id}/records/${t.id}/transition`, {
      to: 'doing',
    });
    expect(start.body.state).toBe('doing');
    const byOther = await users.tom.client.post(`/api/forms/${form.id}/records/${t.id}/transition`, {
      to: 'done',
    });
    expect(byOther.status).toBe(403);
    // The refusal names who may make the move.
    expect(byOther.body.error.message).toMatch(
      /^只有记录的所有者或「负责人」中的人可以把记录改为「已完成」 \/ Only the record's owner or the people in 负责人 may/,
    );
    const back = await users.boss.client.post(`/api/forms/${form.id}/records/${t.id}/transition`, {
      to: 'todo',
    });
    expect(back.status).toBe(422);
    expect(back.body.error.details[0].path).toBe('/comment');
    const history = (await admin.get(`/api/forms/${form.id}/records/${t.id}/history`)).body.items;
    expect(history[0]).toMatchObject({ action: 'transition', userId: users.ann.id });
    expect(history[0].changes[0]).toMatchObject({ key: '$state', before: 'todo', after: 'doing' });
  });

  it('picks the variant of the record’s department, sub-departments included, and asks for required fields', async () => {
    const t = await task('tom');
    expect(t.departmentId).toBe(dept.backend);
    await users.tom.client.post(`/api/forms/${form.id}/records/${t.id}/transition`, { to: 'doing' });
    const missing = await users.tom.client.post(`/api/forms/${form.id}/records/${t.id}/transition`, {
      to: 'done',
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: '/fields/criteria' })]);
    expect(missing.body.error.message).toMatch(/^请先填写：完成标准 \//);
    const status = (await users.tom.client.get(`/api/forms/${form.id}/records/${t.id}/workflow`)).body;
    expect(status.variant.name).toBe('技术部');
    expect(status.transitions.find((x: any) => x.to === 'done').requiredFields).toEqual(['criteria']);
    const done = await users.tom.client.post(`/api/forms/${form.id}/records/${t.id}/transition`, {
      to: 'done',
      fields: { criteria: '上线并验收' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'done', fields: { criteria: '上线并验收' } });
  });

  it('keeps PATCH from changing the state or fields frozen in a state', async () => {
    const t = await task('ann');
    const sneaky = await users.ann.client.patch(`/api/forms/${form.id}/records/${t.id}`, {
      fields: {},
      version: t.version,
      state: 'done',
    });
    expect(sneaky.status).toBe(422);
    const moved = (
      await users.ann.client.post(`/api/forms/${form.id}/records/${t.id}/transition`, { to: 'doing' })
    ).body;
    const frozen = await users.ann.client.patch(`/api/forms/${form.id}/records/${t.id}`, {
      fields: { title: '改' },
      version: moved.version,
    });
    expect(frozen.status).toBe(422);
    expect(frozen.body.error.details[0].path).toBe('/fields/title');
    expect((await admin.get(`/api/forms/${form.id}/records/${t.id}`)).body.state).toBe('doing');
  });

  it('refuses workflows naming states or fields that do not exist', async () => {
    const bad = await admin.put(`/api/forms/${form.id}/workflow`, {
      ...workflow(),
      transitions: [
        { from: 'todo', to: 'gone' },
        { from: 'todo', to: 'done', requiredFields: ['nope'] },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual([
      '/transitions/0/to',
      '/transitions/1/requiredFields/0',
    ]);
  });

  it('escalates overdue records step by step, exactly once, also after a restart', async () => {
    clock.set('2026-03-17T01:00:00.000Z');
    const t = await task('ann');
    const ownerInbox = () =>
      users.ann.client
        .get('/api/notifications')
        .then((r) => r.body.items.filter((n: any) => n.recordId === t.id));
    await runSlaScan(s.deps);
    expect(await ownerInbox()).toHaveLength(0);
    clock.advance(25 * HOUR);
    await runSlaScan(s.deps);
    await runSlaScan(s.deps);
    expect(await ownerInbox()).toHaveLength(1);
    // A second server over the same database (a restart, or another process) repeats nothing.
    const other = s.db.reopen();
    const deps2 = {
      db: other.db,
      engine: s.engine,
      config: testConfig({ dataDir: s.db.dataDir }),
      clock,
      files: localStorage(s.db.dataDir),
    };
    createApp(deps2);
    clock.advance(24 * HOUR);
    // Two processes race on PostgreSQL; SQLite has one writer process, so there the two take turns.
    const both = () =>
      engine === 'postgres'
        ? Promise.all([runSlaScan(s.deps), runSlaScan(deps2)])
        : runSlaScan(s.deps).then(() => runSlaScan(deps2));
    await both();
    const steps = await s.db.db
      .selectFrom('sla_escalations')
      .select('step')
      .where('record_id', '=', t.id)
      .execute();
    expect(steps.map((x) => x.step).sort()).toEqual([0, 1]);
    expect(
      (await users.head.client.get('/api/notifications')).body.items.filter((n: any) => n.recordId === t.id),
    ).toHaveLength(0); // ann's department (销售部) has no head
    clock.advance(24 * HOUR);
    await both();
    await other.close();
    expect((await admin.get(`/api/forms/${form.id}/records/${t.id}`)).body.state).toBe('late');
    expect(
      (await users.boss.client.get('/api/notifications')).body.items.filter((n: any) => n.recordId === t.id),
    ).toHaveLength(1);
    expect(await ownerInbox()).toHaveLength(1);
    const status = (await admin.get(`/api/forms/${form.id}/records/${t.id}/workflow`)).body;
    expect(status).toMatchObject({ state: 'late', stateLabel: '已延期', overdue: false });
  });

  it('lets a manager of the form check its time limits at once; a member may not', async () => {
    clock.set('2026-03-26T01:00:00.000Z'); // sessions last 14 days
    const t = await task('ann');
    clock.advance(25 * HOUR);
    const refused = await users.ann.client.post(`/api/forms/${form.id}/workflow/sla-scan`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const scan = await admin.post(`/api/forms/${form.id}/workflow/sla-scan`, {});
    expect(scan.status).toBe(200);
    expect(scan.body.escalations).toBeGreaterThanOrEqual(1);
    expect((await admin.post(`/api/forms/${form.id}/workflow/sla-scan`, {})).body.escalations).toBe(0);
    const steps = await s.db.db
      .selectFrom('sla_escalations')
      .select('step')
      .where('record_id', '=', t.id)
      .execute();
    expect(steps.map((x) => x.step)).toEqual([0]);
    expect((await admin.post('/api/forms/frm_000000000000000000/workflow/sla-scan', {})).status).toBe(404);
  });

  it('escalates the other overdue records when one cannot be escalated, and that one at the next scan once it can', async () => {
    clock.set('2026-03-28T01:00:00.000Z');
    const [broken, fine] = [await task('ann'), await task('ann')];
    const table = `r_${form.id}`;
    // Its owner is gone from the database: the owner's inbox message cannot be written.
    await dyn(s.db.db)
      .updateTable(table)
      .set({ owner_id: 'usr_gone00000000000000' })
      .where('id', '=', broken.id)
      .execute();
    clock.advance(25 * HOUR);
    const errors: unknown[] = [];
    const log = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      await runSlaScan(s.deps);
    } finally {
      console.error = log;
    }
    const stepsOf = async (id: string) =>
      (await s.db.db.selectFrom('sla_escalations').select('step').where('record_id', '=', id).execute()).map(
        (x) => x.step,
      );
    expect(await stepsOf(fine.id)).toEqual([0]);
    expect(await stepsOf(broken.id)).toEqual([]);
    expect(String((errors[0] as unknown[])[0])).toContain(broken.id);
    await dyn(s.db.db)
      .updateTable(table)
      .set({ owner_id: users.ann.id })
      .where('id', '=', broken.id)
      .execute();
    await runSlaScan(s.deps);
    expect(await stepsOf(broken.id)).toEqual([0]);
    expect(await stepsOf(fine.id)).toEqual([0]);
  });

  it('gives record tables made before it the (state, state_entered_at, id) index the scan pages by', async () => {
    const name = `sx_${form.id.slice(4)}_state`;
    const columns = async () =>
      engine === 'postgres'
        ? ((
            await sql<{
              def: string;
            }>`select indexdef as def from pg_indexes where indexname = ${name} and schemaname = current_schema()`.execute(
              s.db.db,
            )
          ).rows[0]?.def
            .match(/\((.*)\)/)?.[1]
            .split(', ') ?? [])
        : (
            await sql<{ name: string }>`select name from pragma_index_info(${name}) order by seqno`.execute(
              s.db.db,
            )
          ).rows.map((r) => r.name);
    expect(await columns()).toEqual(['state', 'state_entered_at', 'id']);
    // As an older version made it.
    await s.db.db.schema.dropIndex(name).execute();
    await s.db.db.schema
      .createIndex(name)
      .on(`r_${form.id}`)
      .columns(['state', 'state_entered_at'])
      .execute();
    expect(await columns()).toEqual(['state', 'state_entered_at']);
    await upgradeStateIndex(s.db.db);
    expect(await columns()).toEqual(['state', 'state_entered_at', 'id']);
  });

  it('notifies the department head at the second step', async () => {
    clock.set('2026-03-21T01:00:00.000Z');
    const t = await task('tom');
    clock.advance(49 * HOUR);
    await runSlaScan(s.deps);
    const head = (await users.head.client.get('/api/notifications')).body.items.filter(
      (n: any) => n.recordId === t.id,
    );
    expect(head).toHaveLength(0); // tom's department is 后端组, whose head is not set; the tech head is not escalated to
    await admin.patch(`/api/departments/${dept.backend}`, { headUserId: users.head.id });
    const t2 = await task('tom');
    clock.advance(49 * HOUR);
    await runSlaScan(s.deps);
    expect(
      (await users.head.client.get('/api/notifications')).body.items.filter((n: any) => n.recordId === t2.id),
    ).toHaveLength(1);
  });
});
