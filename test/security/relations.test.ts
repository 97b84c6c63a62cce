import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../support/checks.js';
import { engines } from '../support/engines.js';
import { type Client, type TestServer, startServer } from '../support/server.js';

const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v));

/** Imports a CSV file and waits for the job to end. */
async function importCsv(client: Client, formId: string, csv: string) {
  const form = new FormData();
  form.append('file', new Blob([csv]), 'rows.csv');
  const r = await client.raw('POST', `/api/forms/${formId}/import`, { body: form });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  for (let i = 0; i < 600; i++) {
    const job = (await client.get(`/api/imports/${r.body.jobId}`)).body;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('import did not finish');
}

describe.each(engines)('relations respect the caller’s read scope on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let olga: Client; // reads her own customers only; all interactions
  let nina: Client; // no right at all on customers
  let appId: string;
  let customers: any;
  let interactions: any;
  let reverseKey: string;
  const ids: Record<string, string> = {};
  const rec: Record<string, any> = {};

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    appId = (await admin.post('/api/apps', { name: '客户管理' })).body.id;
    const form = async (body: unknown) => {
      const r = await admin.post(`/api/apps/${appId}/forms`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };
    customers = await form({
      key: 'customers',
      name: '客户',
      fields: [
        { key: 'name', type: 'text', label: '客户名称' },
        { key: 'city', type: 'text', label: '城市' },
      ],
    });
    interactions = await form({
      key: 'interactions',
      name: '互动',
      fields: [
        { key: 'topic', type: 'text', label: '主题' },
        { key: 'customers', type: 'relation', label: '客户', formId: customers.id, multiple: true },
        { key: 'main', type: 'relation', label: '主客户', formId: customers.id },
        { key: 'cities', type: 'lookup', label: '城市', relationField: 'customers', targetField: 'city' },
        { key: 'mainCity', type: 'lookup', label: '主客户城市', relationField: 'main', targetField: 'city' },
        { key: 'customerCount', type: 'rollup', label: '客户数', relationField: 'customers', op: 'count' },
        {
          key: 'cityLabel',
          type: 'formula',
          label: '城市标签',
          expression: 'CONCAT("@", {mainCity})',
          resultType: 'text',
        },
      ],
    });
    customers = (await admin.get(`/api/forms/${customers.id}`)).body;
    reverseKey = customers.fields.find((f: any) => f.type === 'relation' && f.formId === interactions.id).key;
    const role = async (name: string, grants: unknown[]) =>
      (await admin.post('/api/roles', { name, grants })).body.id as string;
    const own = await role('自己的客户', [
      { formId: customers.id, actions: ['read', 'create', 'update', 'export'], scope: 'own' },
      { formId: interactions.id, actions: ['read', 'create', 'update', 'export'], scope: 'all' },
    ]);
    const noCustomers = await role('只管互动', [
      { formId: interactions.id, actions: ['read', 'create', 'update', 'export'], scope: 'own' },
    ]);
    for (const [name, roleIds] of [
      ['olga', [own]],
      ['nina', [noCustomers]],
    ] as const)
      ids[name] = (
        await admin.post('/api/users', {
          email: `${name}@example.com`,
          name,
          password: 'User-pass-1',
          roleIds,
        })
      ).body.id;
    olga = await s.client('olga@example.com', 'User-pass-1');
    nina = await s.client('nina@example.com', 'User-pass-1');
    rec.mine = (
      await admin.post(`/api/forms/${customers.id}/records`, {
        fields: { name: '我的', city: '上海' },
        ownerId: ids.olga,
      })
    ).body;
    rec.theirs = (
      await admin.post(`/api/forms/${customers.id}/records`, { fields: { name: '别人的', city: '北京' } })
    ).body;
    rec.both = (
      await admin.post(`/api/forms/${interactions.id}/records`, {
        fields: { topic: '联合拜访', customers: [rec.theirs.id, rec.mine.id], main: [rec.theirs.id] },
      })
    ).body;
  });
  afterAll(() => s?.close());

  /** The answer with the ids taken out: a record one may not read must read as one that does not exist. */
  const shape = (r: { status: number; body: any }, ...gone: string[]) => {
    let text = JSON.stringify(r.body);
    for (const id of gone) text = text.split(id).join('<id>');
    return { status: r.status, body: JSON.parse(text) };
  };
  const missing = 'rec_000000000000000000';

  it('refuses to link a record outside the caller’s read scope exactly as one that does not exist', async () => {
    const create = (id: string) =>
      olga.post(`/api/forms/${interactions.id}/records`, { fields: { topic: 'x', customers: [id] } });
    expect((await create(rec.mine.id)).status).toBe(201);
    const hidden = await create(rec.theirs.id);
    expectError(hidden, 422, '/fields/customers');
    expect(shape(hidden, rec.theirs.id)).toEqual(shape(await create(missing), missing));
    const batch = (id: string) =>
      olga.post(`/api/forms/${interactions.id}/records/batch`, {
        records: [{ fields: { topic: 'a', main: [rec.mine.id] } }, { fields: { topic: 'b', main: [id] } }],
      });
    const inBatch = await batch(rec.theirs.id);
    expectError(inBatch, 422, '/records/1/fields/main');
    expect(shape(inBatch, rec.theirs.id)).toEqual(shape(await batch(missing), missing));
    const own = (await olga.post(`/api/forms/${interactions.id}/records`, { fields: { topic: 'y' } })).body;
    const patch = (id: string) =>
      olga.patch(`/api/forms/${interactions.id}/records/${own.id}`, {
        fields: { main: [id] },
        version: own.version,
      });
    const patched = await patch(rec.theirs.id);
    expectError(patched, 422, '/fields/main');
    expect(shape(patched, rec.theirs.id)).toEqual(shape(await patch(missing), missing));
    // Without any right on the related form, no record of it can be linked.
    const none = await nina.post(`/api/forms/${interactions.id}/records`, {
      fields: { topic: 'z', customers: [rec.mine.id] },
    });
    expectError(none, 422, '/fields/customers');
    // Nothing was written by the refused writes.
    const stored = (
      await admin.get(
        `/api/forms/${interactions.id}/records?filter=${enc({ field: 'main', op: 'contains', value: rec.theirs.id })}`,
      )
    ).body.items;
    expect(stored.map((r: any) => r.id)).toEqual([rec.both.id]);
  });

  it('refuses an imported row linking an unreadable record exactly as one naming a missing record', async () => {
    const job = await importCsv(
      olga,
      interactions.id,
      `topic,main\nok,${rec.mine.id}\nhidden,${rec.theirs.id}\nmissing,${missing}\n`,
    );
    expect(job).toMatchObject({ status: 'succeeded', created: 1, failed: 2 });
    const [hidden, gone] = job.errors;
    expect(hidden.row).toBe(3);
    expect(shape({ status: 0, body: hidden.errors }, rec.theirs.id)).toEqual(
      shape({ status: 0, body: gone.errors }, missing),
    );
  });

  it('shows only linked records the caller may read, and lookups computed from those only', async () => {
    const seen = (await olga.get(`/api/forms/${interactions.id}/records/${rec.both.id}`)).body.fields;
    expect(seen.customers).toEqual([rec.mine.id]);
    expect(seen.main).toEqual([]);
    expect(seen.cities).toEqual(['上海']);
    expect(seen.mainCity).toBeNull();
    expect(seen).not.toHaveProperty('customerCount');
    expect(seen).not.toHaveProperty('cityLabel');
    const listed = (
      await olga.get(
        `/api/forms/${interactions.id}/records?filter=${enc({ field: 'topic', op: 'eq', value: '联合拜访' })}`,
      )
    ).body.items[0].fields;
    expect(listed).toEqual(seen);
    // The stored lookup mixes in values of unreadable records: it may not filter, sort, group or search.
    expectError(
      await olga.get(
        `/api/forms/${interactions.id}/records?filter=${enc({ field: 'mainCity', op: 'eq', value: '北京' })}`,
      ),
      400,
      '/filter/field',
    );
    expectError(
      await olga.get(
        `/api/forms/${interactions.id}/records?filter=${enc({ field: 'cities', op: 'contains', value: '北京' })}`,
      ),
      400,
      '/filter/field',
    );
    expectError(await olga.get(`/api/forms/${interactions.id}/records?sort=mainCity`), 400, '/sort');
    expectError(
      await olga.post(`/api/forms/${interactions.id}/aggregate`, {
        groupBy: ['mainCity'],
        metrics: [{ op: 'count' }],
      }),
      422,
      '/groupBy/0',
    );
    expect(
      (await olga.get(`/api/forms/${interactions.id}/records?q=${encodeURIComponent('北京')}`)).body.items,
    ).toEqual([]);
    expect(
      (await admin.get(`/api/forms/${interactions.id}/records?q=${encodeURIComponent('北京')}`)).body.items,
    ).toHaveLength(1);
    const history = (await olga.get(`/api/forms/${interactions.id}/records/${rec.both.id}/history`)).body
      .items;
    const links = history[history.length - 1].changes.filter(
      (ch: any) => ch.key === 'customers' || ch.key === 'main',
    );
    expect(links.map((ch: any) => [ch.key, ch.after])).toEqual([
      ['customers', [rec.mine.id]],
      ['main', []],
    ]);
    const csv = String((await olga.get(`/api/forms/${interactions.id}/export`)).body);
    expect(csv).not.toContain('北京');
    expect(csv).not.toContain(rec.theirs.id);
    // The admin sees everything as stored.
    const all = (await admin.get(`/api/forms/${interactions.id}/records/${rec.both.id}`)).body.fields;
    expect(all).toMatchObject({
      customers: [rec.theirs.id, rec.mine.id],
      main: [rec.theirs.id],
      cities: expect.arrayContaining(['北京', '上海']),
      mainCity: '北京',
      customerCount: 2,
      cityLabel: '@北京',
    });
  });

  it('lists in a record’s reverse relation only the related records the caller may read', async () => {
    await admin.post(`/api/forms/${interactions.id}/records`, {
      fields: { topic: '管理员的', customers: [rec.mine.id] },
    });
    const ninasOwn = (
      await nina.post(`/api/forms/${interactions.id}/records`, { fields: { topic: '妮娜的' } })
    ).body;
    expect(ninasOwn.id).toBeTruthy();
    const mine = (await olga.get(`/api/forms/${customers.id}/records/${rec.mine.id}`)).body.fields[
      reverseKey
    ];
    expect(mine).toHaveLength(3);
    // A related list read through the target form keeps to the reader's scope there.
    const related = await nina.get(
      `/api/forms/${interactions.id}/records?filter=${enc({ field: 'customers', op: 'contains', value: rec.mine.id })}`,
    );
    expect(related.status).toBe(200);
    expect(related.body.items).toEqual([]);
    // A reader with interactions in scope "own" sees none of the others' in the reverse relation.
    const scoped = await admin.post('/api/roles', {
      name: '客户+自己的互动',
      grants: [
        { formId: customers.id, actions: ['read'], scope: 'all' },
        { formId: interactions.id, actions: ['read', 'create'], scope: 'own' },
      ],
    });
    await admin.post('/api/users', {
      email: 'paul@example.com',
      name: 'paul',
      password: 'User-pass-1',
      roleIds: [scoped.body.id],
    });
    const paul = await s.client('paul@example.com', 'User-pass-1');
    const pauls = (
      await paul.post(`/api/forms/${interactions.id}/records`, {
        fields: { topic: '保罗的', customers: [rec.theirs.id] },
      })
    ).body;
    const theirs = (await paul.get(`/api/forms/${customers.id}/records/${rec.theirs.id}`)).body.fields[
      reverseKey
    ];
    expect(theirs).toEqual([pauls.id]);
    const page = (await paul.get(`/api/forms/${customers.id}/records`)).body.items;
    expect(page.find((r: any) => r.id === rec.mine.id).fields[reverseKey]).toEqual([]);
    expect(
      (await admin.get(`/api/forms/${customers.id}/records/${rec.theirs.id}`)).body.fields[reverseKey],
    ).toHaveLength(2);
  });
});
