import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../server/db/database.js';
import { indexJobsSettled, scheduleIndexJob } from '../server/indexes/index-builder.js';
import { reconcileIndexes } from '../server/indexes/index-reconcile.js';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

/** Polls `read` until `done` holds for its answer (or fails after `ms`); answers that value. */
async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`still not there after ${ms} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(engines)('dashboard and view indexes are built after the save answers, on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let appId: string;
  let form: { id: string; fields: { id: string; key: string }[] };
  const rows = 3000;

  const widgets = (formId: string) => [
    {
      id: 'byTier',
      type: 'pie',
      title: '分层',
      formId,
      query: { groupBy: ['tier'], metrics: [{ op: 'count' }, { op: 'sum', field: 'amount' }] },
      layout: { x: 0, y: 0, w: 6, h: 4 },
    },
    {
      id: 'byMonth',
      type: 'line',
      title: '按月',
      formId,
      query: { groupBy: [{ field: 'since', bucket: 'month' }], metrics: [{ op: 'count' }] },
      layout: { x: 6, y: 0, w: 6, h: 4 },
    },
    {
      id: 'pivot',
      type: 'pivot',
      title: '城市×分层',
      formId,
      query: { groupBy: ['city', 'tier'], metrics: [{ op: 'count' }] },
      layout: { x: 0, y: 4, w: 6, h: 4 },
    },
  ];
  // Read through a connection of its own, as another process would: not queued behind the server's.
  const indexesOn = async (db: Db, prefix: 'dx' | 'vx') =>
    engine === 'sqlite'
      ? (
          await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'index' and name like ${`${prefix}\\_%`} escape '\\' order by name`.execute(
            db,
          )
        ).rows.map((r) => r.name)
      : [];
  let other: ReturnType<TestServer['db']['reopen']>;
  const indexes = (prefix: 'dx' | 'vx') => indexesOn(other.db, prefix);
  const data = async (id: string) =>
    (await admin.post(`/api/dashboards/${id}/data`, {})).body.widgets.map((w: any) => ({
      id: w.id,
      rows: w.rows,
    }));

  beforeAll(async () => {
    s = await startServer(engine);
    other = s.db.reopen();
    admin = await s.client();
    appId = (await admin.post('/api/apps', { name: '客户' })).body.id;
    form = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'customers',
        name: '客户',
        fields: [
          { key: 'name', type: 'text', label: '名称' },
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
        ],
      })
    ).body;
    for (let from = 0; from < rows; from += 1000) {
      const records = Array.from({ length: 1000 }, (_, j) => from + j).map((i) => ({
        fields: {
          name: `客户${i}`,
          tier: ['a', 'b', 'c'][i % 3],
          city: ['bj', 'sh'][i % 2],
          amount: i,
          since: `2026-0${1 + (i % 3)}-1${i % 10}`,
        },
      }));
      expect((await admin.post(`/api/forms/${form.id}/records/batch`, { records })).status).toBe(201);
    }
  });
  afterAll(async () => {
    if (s) await indexJobsSettled(s.db.db);
    await other?.close();
    await s?.close();
  });

  it('answers the save before the indexes exist, with the right data, and builds them shortly after', async () => {
    // A job queued first and held open: the dashboard's build waits behind it, so the save can
    // only answer if it does not wait for its indexes.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    scheduleIndexJob(s.db.db, 'test:gate', async () => {
      await gate;
      return [];
    });
    const saved = await admin.post(`/api/apps/${appId}/dashboards`, {
      name: '总览',
      widgets: widgets(form.id),
    });
    expect(saved.status).toBe(201);
    expect(await indexes('dx')).toEqual([]);
    const before = await data(saved.body.id);
    open();
    const byTier = before.find((w: any) => w.id === 'byTier').rows.map((r: any) => r.values);
    expect(byTier).toEqual(
      ['a', 'b', 'c'].map((_, t) => ({
        count: rows / 3,
        sum_amount: [...Array(rows).keys()].filter((i) => i % 3 === t).reduce((a, i) => a + i, 0),
      })),
    );
    const built = await waitFor(
      () => indexes('dx'),
      (names) => engine !== 'sqlite' || names.length === 3,
    );
    if (engine === 'sqlite') expect(built).toHaveLength(3);
    expect(await data(saved.body.id)).toEqual(before);

    // Changing and deleting the dashboard drops what no widget needs, in the background too.
    expect(
      (
        await admin.put(`/api/dashboards/${saved.body.id}`, {
          name: '总览',
          widgets: widgets(form.id).slice(0, 1),
        })
      ).status,
    ).toBe(200);
    const left = await waitFor(
      () => indexes('dx'),
      (names) => engine !== 'sqlite' || names.length === 1,
    );
    if (engine === 'sqlite') expect(built).toContain(left[0]);
    expect((await admin.del(`/api/dashboards/${saved.body.id}`)).status).toBe(200);
    expect(
      await waitFor(
        () => indexes('dx'),
        (names) => names.length === 0,
      ),
    ).toEqual([]);
  });

  it('answers a saved view at once and builds its index shortly after', async () => {
    const v = await admin.post(`/api/forms/${form.id}/views`, {
      name: '北京',
      type: 'grid',
      filter: { field: 'city', op: 'eq', value: 'bj' },
      sort: '-amount',
    });
    expect(v.status).toBe(201);
    const page = (await admin.get(`/api/forms/${form.id}/records?view=${v.body.id}&limit=3`)).body.items.map(
      (r: any) => r.fields.amount,
    );
    expect(page).toEqual([rows - 2, rows - 4, rows - 6]);
    if (engine === 'sqlite')
      expect(
        await waitFor(
          () => indexes('vx'),
          (names) => names.length === 1,
        ),
      ).toHaveLength(1);
    expect(
      (await admin.get(`/api/forms/${form.id}/records?view=${v.body.id}&limit=3`)).body.items.map(
        (r: any) => r.fields.amount,
      ),
    ).toEqual(page);
  });

  it.runIf(engine === 'sqlite')(
    'builds at startup the indexes a stop cut short, and drops those left behind',
    async () => {
      const d = (
        await admin.post(`/api/apps/${appId}/dashboards`, { name: '总览', widgets: widgets(form.id) })
      ).body;
      await indexJobsSettled(s.db.db);
      const wanted = { dx: await indexes('dx'), vx: await indexes('vx') };
      expect(wanted.dx).toHaveLength(3);
      // As after a crash mid-build: the indexes are missing, and one of a deleted dashboard remains.
      for (const name of [...wanted.dx, ...wanted.vx]) await sql`drop index ${sql.id(name)}`.execute(s.db.db);
      const stray = `dx_${form.id.slice(4)}_0000000000`;
      await sql`create index ${sql.id(stray)} on ${sql.table(`r_${form.id}`)} (deleted_at)`.execute(s.db.db);

      // The next process reconciles at startup, answering at once.
      const next = s.db.reopen();
      try {
        await reconcileIndexes({ db: next.db, engine, config: s.deps.config });
        expect(
          await waitFor(
            () => indexes('dx'),
            (names) => names.length === 3,
          ),
        ).toEqual(wanted.dx);
        expect(
          await waitFor(
            () => indexes('vx'),
            (names) => names.length === wanted.vx.length,
          ),
        ).toEqual(wanted.vx);
        await indexJobsSettled(next.db);
      } finally {
        await next.close();
      }
      expect((await admin.del(`/api/dashboards/${d.id}`)).status).toBe(200);
    },
  );

  it.runIf(engine === 'sqlite')(
    'gives the dashboards a template installs the indexes a save would',
    async () => {
      const installed = await admin.post('/api/templates/crm-suite/install', {});
      expect(installed.status, JSON.stringify(installed.body)).toBe(201);
      const newApp = installed.body.app.id;
      const forms = new Set<string>(installed.body.app.forms.map((f: any) => f.id.slice(4)));
      const ofApp = async () => (await indexes('dx')).filter((n) => forms.has(n.split('_')[1]));
      await waitFor(ofApp, (names) => names.length > 0);
      await indexJobsSettled(s.db.db);
      const afterInstall = await ofApp();
      const dashboards = (await admin.get(`/api/apps/${newApp}/dashboards`)).body.items;
      expect(dashboards.length).toBeGreaterThan(0);
      for (const x of dashboards)
        expect(
          (await admin.put(`/api/dashboards/${x.id}`, { name: x.name, widgets: x.widgets })).status,
        ).toBe(200);
      await indexJobsSettled(s.db.db);
      expect(await ofApp()).toEqual(afterInstall);
    },
  );
});
