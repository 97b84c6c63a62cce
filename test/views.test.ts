import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexJobsSettled } from '../server/indexes/index-builder.js';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

describe.each(engines)('saved views on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let form: any;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    const app = (await admin.post('/api/apps', { name: 'CRM' })).body;
    form = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'c',
        name: '客户',
        fields: [
          { key: 'name', type: 'text', label: '名称' },
          {
            key: 'tier',
            type: 'select',
            label: '分层',
            options: [
              { value: 'high', label: '高价值' },
              { value: 'low', label: '普通' },
            ],
          },
          { key: 'city', type: 'text', label: '城市' },
          { key: 'amount', type: 'currency', label: '金额' },
        ],
      })
    ).body;
    await admin.post(`/api/forms/${form.id}/records/batch`, {
      records: [
        ['A', 'high', 10],
        ['B', 'low', 20],
        ['C', 'high', 30],
      ].map(([name, tier, amount]) => ({ fields: { name, tier, amount, city: '上海' } })),
    });
  });
  afterAll(() => s?.close());

  it('saves a view whose filter and sort drive the record list', async () => {
    const v = await admin.post(`/api/forms/${form.id}/views`, {
      name: '高价值客户',
      type: 'grid',
      filter: {
        and: [
          { field: 'tier', op: 'eq', value: 'high' },
          { field: 'city', op: 'eq', value: '上海' },
        ],
      },
      sort: '-amount',
      fields: ['name', 'amount'],
    });
    expect(v.status).toBe(201);
    const list = await admin.get(`/api/forms/${form.id}/records?view=${v.body.id}`);
    expect(list.body.items.map((r: any) => r.fields.name)).toEqual(['C', 'A']);
    expect((await admin.get(`/api/forms/${form.id}/views`)).body.items.map((x: any) => x.name)).toEqual([
      '高价值客户',
    ]);
  });

  it('creates an index that follows the view’s equality filters and sort', async () => {
    // SQLite builds it in the background after the save answered.
    await indexJobsSettled(s.db.db);
    const sqlText =
      engine === 'sqlite'
        ? (
            await s.db.db
              .selectFrom('sqlite_master' as any)
              .select('sql' as any)
              .where('name' as any, 'like', 'vx_%')
              .execute()
          )
            .map((r: any) => r.sql)
            .join()
        : (
            await s.db.db
              .selectFrom('pg_indexes' as any)
              .select('indexdef' as any)
              .where('indexname' as any, 'like', 'vx_%')
              .execute()
          )
            .map((r: any) => r.indexdef)
            .join();
    const f = (key: string) => `f_${form.fields.find((x: any) => x.key === key).id}`;
    expect(sqlText).toContain(f('tier'));
    expect(sqlText.indexOf(f('tier'))).toBeLessThan(sqlText.indexOf(f('amount')));
  });

  it('refuses a view over unknown fields and changes and deletes a view', async () => {
    const bad = await admin.post(`/api/forms/${form.id}/views`, {
      name: 'x',
      type: 'kanban',
      kanban: { groupField: 'nope' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('/kanban/groupField');
    const v = (
      await admin.post(`/api/forms/${form.id}/views`, {
        name: '看板',
        type: 'kanban',
        kanban: { groupField: 'tier', cardFields: ['name'] },
      })
    ).body;
    expect((await admin.patch(`/api/views/${v.id}`, { name: '分层看板' })).body).toMatchObject({
      name: '分层看板',
      kanban: { groupField: 'tier' },
    });
    expect((await admin.del(`/api/views/${v.id}`)).status).toBe(200);
    expect((await admin.get(`/api/views/${v.id}`)).status).toBe(404);
  });
});
