import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexJobsSettled } from '../server/indexes/index-builder.js';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

describe.each(engines)('dashboard widgets read through their own indexes on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let appId: string;
  let form: { id: string; fields: { id: string; key: string }[] };

  const widgets = (formId: string) => [
    {
      id: 'total',
      type: 'kpi',
      title: '重点客户金额',
      formId,
      query: {
        filter: { field: 'tier', op: 'in', value: ['a', 'b'] },
        metrics: [{ op: 'sum', field: 'amount' }],
      },
      target: 100,
      layout: { x: 0, y: 0, w: 6, h: 4 },
    },
    {
      id: 'byTier',
      type: 'pie',
      title: '分层',
      formId,
      query: { groupBy: ['tier'], metrics: [{ op: 'count' }] },
      layout: { x: 6, y: 0, w: 6, h: 4 },
    },
    {
      id: 'byMonth',
      type: 'line',
      title: '按月',
      formId,
      query: {
        groupBy: [{ field: 'since', bucket: 'month' }],
        metrics: [{ op: 'count' }, { op: 'sum', field: 'amount' }],
      },
      layout: { x: 0, y: 4, w: 6, h: 4 },
    },
    {
      id: 'pivot',
      type: 'pivot',
      title: '城市×分层',
      formId,
      query: { groupBy: ['city', 'tier'], metrics: [{ op: 'count' }, { op: 'avg', field: 'amount' }] },
      layout: { x: 6, y: 4, w: 6, h: 4 },
    },
    {
      id: 'tags',
      type: 'bar',
      title: '按标签',
      formId,
      query: {
        filter: { field: 'tags', op: 'contains', value: 'x' },
        groupBy: ['tier'],
        metrics: [{ op: 'count' }],
      },
      layout: { x: 0, y: 8, w: 6, h: 4 },
    },
    {
      id: 'recent',
      type: 'list',
      title: '最近',
      formId,
      list: { sort: '-since', limit: 5 },
      layout: { x: 6, y: 8, w: 6, h: 4 },
    },
  ];
  const dashboardIndexes = async () =>
    engine === 'sqlite'
      ? (
          await sql<{
            name: string;
            sql: string;
          }>`select name, sql from sqlite_master where type = 'index' and name like 'dx\_%' escape '\\' order by name`.execute(
            s.db.db,
          )
        ).rows
      : [];
  const plan = async (text: string) =>
    (await sql.raw<{ detail: string }>(`explain query plan ${text}`).execute(s.db.db)).rows
      .map((r) => r.detail)
      .join(' | ');

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    appId = (await admin.post('/api/apps', { name: '客户' })).body.id;
    form = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'customers',
        name: '客户',
        fields: [
          { key: 'name', type: 'text', label: '名称', unique: true },
          {
            key: 'tier',
            type: 'select',
            label: '分层',
            options: [
              { value: 'a', label: 'A' },
              { value: 'b', label: 'B' },
              { value: 'c', label: 'C' },
            ],
          },
          {
            key: 'city',
            type: 'select',
            label: '城市',
            options: [
              { value: 'bj', label: '北京' },
              { value: 'sh', label: '上海' },
            ],
          },
          { key: 'amount', type: 'currency', label: '金额' },
          { key: 'since', type: 'date', label: '签约' },
          { key: 'tags', type: 'multiselect', label: '标签', options: [{ value: 'x', label: 'X' }] },
        ],
      })
    ).body;
    const records = Array.from({ length: 60 }, (_, i) => ({
      fields: {
        name: `客户${i}`,
        tier: ['a', 'b', 'c'][i % 3],
        city: ['bj', 'sh'][i % 2],
        amount: i * 10.5,
        since: `2026-0${1 + (i % 3)}-1${i % 10}`,
        tags: i % 4 ? [] : ['x'],
      },
    }));
    expect((await admin.post(`/api/forms/${form.id}/records/batch`, { records })).status).toBe(201);
    const gone = (await admin.get(`/api/forms/${form.id}/records?limit=1&sort=name`)).body.items[0];
    expect((await admin.del(`/api/forms/${form.id}/records/${gone.id}`)).status).toBe(200);
  });
  afterAll(async () => {
    if (s) await indexJobsSettled(s.db.db);
    await s?.close();
  });

  it('answers the same data with the indexes as without them', async () => {
    const d = (await admin.post(`/api/apps/${appId}/dashboards`, { name: '总览', widgets: widgets(form.id) }))
      .body;
    // Saving answers at once; the indexes are built right after, in the background.
    await indexJobsSettled(s.db.db);
    const withIndexes = (await admin.post(`/api/dashboards/${d.id}/data`, {})).body.widgets;
    if (engine === 'sqlite') {
      for (const { name } of await dashboardIndexes()) await sql`drop index ${sql.id(name)}`.execute(s.db.db);
      expect(await dashboardIndexes()).toEqual([]);
    }
    const without = (await admin.post(`/api/dashboards/${d.id}/data`, {})).body.widgets;
    expect(withIndexes).toEqual(without);
    expect(withIndexes.find((w: any) => w.id === 'byTier').rows.map((r: any) => r.values.count)).toEqual([
      19, 20, 20,
    ]); // 客户0 (a) is in the recycle bin
    expect(withIndexes.find((w: any) => w.id === 'total').kpi.actual).toBe(
      [...Array(60).keys()].filter((i) => i % 3 < 2 && i !== 0).reduce((a, i) => a + i * 10.5, 0),
    );
    expect((await admin.del(`/api/dashboards/${d.id}`)).status).toBe(200);
  });

  it.runIf(engine === 'sqlite')(
    'gives each chart, KPI and pivot a covering index, and SQLite reads the groups from it without sorting',
    async () => {
      const d = (
        await admin.post(`/api/apps/${appId}/dashboards`, { name: '总览', widgets: widgets(form.id) })
      ).body;
      await indexJobsSettled(s.db.db);
      const indexes = await dashboardIndexes();
      // total (which also serves byTier: the same leading column), byMonth, pivot; not the list, not
      // the widget filtering a JSON array (tags).
      expect(indexes).toHaveLength(3);
      const col = (key: string) => `f_${form.fields.find((f) => f.key === key)!.id}`;
      const table = `r_${form.id}`;
      const byTier = await plan(
        `select "${col('tier')}" as g0, count(*) as m0 from "${table}" where deleted_at is null group by 1 order by 1 limit 1000`,
      );
      expect(byTier).toMatch(/USING COVERING INDEX dx_/);
      expect(byTier).not.toMatch(/TEMP B-TREE FOR GROUP BY/);
      const total = await plan(
        `select sum("${col('amount')}") as m0 from "${table}" where deleted_at is null and ("${col('tier')}" in ('a', 'b')) limit 1000`,
      );
      expect(total).toMatch(/USING COVERING INDEX dx_/);
      const byMonth = await plan(
        `select substr(substr("${col('since')}", 1, 10), 1, 7) as "g0", count(*) as "m0", sum("${col('amount')}") as "m1" from "${table}" where deleted_at is null group by 1 order by 1 limit 1000`,
      );
      expect(byMonth).toMatch(/USING (COVERING )?INDEX dx_/);
      expect(byMonth).not.toMatch(/TEMP B-TREE FOR GROUP BY/);
      expect(indexes.some((i) => i.sql.includes(`substr(substr("${col('since')}", 1, 10), 1, 7)`))).toBe(
        true,
      );

      // Editing the dashboard drops the indexes no widget needs any more; deleting it drops the rest.
      const kept = widgets(form.id).filter((w) => w.id === 'byTier' || w.id === 'recent');
      expect((await admin.put(`/api/dashboards/${d.id}`, { name: '总览', widgets: kept })).status).toBe(200);
      await indexJobsSettled(s.db.db);
      const after = await dashboardIndexes();
      expect(after).toHaveLength(1);
      expect(after[0].sql).toContain(`("${col('tier')}", "deleted_at", "department_id", "owner_id")`);
      expect(indexes.map((i) => i.name)).not.toContain(after[0].name);
      expect((await admin.del(`/api/dashboards/${d.id}`)).status).toBe(200);
      await indexJobsSettled(s.db.db);
      expect(await dashboardIndexes()).toEqual([]);
    },
  );

  it('still lets a field used by a widget be retyped, removed and purged', async () => {
    const d = (await admin.post(`/api/apps/${appId}/dashboards`, { name: '总览', widgets: widgets(form.id) }))
      .body;
    await indexJobsSettled(s.db.db);
    const def = (await admin.get(`/api/forms/${form.id}`)).body;
    const retyped = await admin.put(`/api/forms/${form.id}?force=true`, {
      ...def,
      fields: def.fields.map((f: any) => (f.key === 'city' ? { ...f, type: 'text', options: undefined } : f)),
    });
    expect(retyped.status, JSON.stringify(retyped.body)).toBe(200);
    const removed = await admin.put(`/api/forms/${form.id}`, {
      ...retyped.body,
      fields: retyped.body.fields.filter((f: any) => f.key !== 'amount'),
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const amountId = form.fields.find((f) => f.key === 'amount')!.id;
    const purged = await admin.del(`/api/forms/${form.id}/fields/${amountId}`);
    expect(purged.status, JSON.stringify(purged.body)).toBe(200);
    const cityId = form.fields.find((f) => f.key === 'city')!.id;
    const backup = await admin.del(`/api/forms/${form.id}/fields/${cityId}`);
    expect([200, 404]).toContain(backup.status);
    const data = (await admin.post(`/api/dashboards/${d.id}/data`, {})).body.widgets;
    expect(data.find((w: any) => w.id === 'byTier').rows.map((r: any) => r.values.count)).toEqual([
      19, 20, 20,
    ]);
    expect(data.find((w: any) => w.id === 'total').error.code).toBe('validation_failed');
  });
});
