import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reversedSort } from '../web/views/grid/sort.js';
import { expectError } from './support/checks.js';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

/**
 * `?offset=` lists records from a position (a grid jumping to row 500,000), next to `?cursor=`
 * (the next page after a known row). Both must cut the same list into the same pages, with the
 * caller's data scope and hidden fields applied either way.
 */

const N = 41;
const tiers = ['high', 'normal', null] as const;

interface Item {
  id: string;
  departmentId: string | null;
  fields: Record<string, unknown>;
}

describe.each(engines)('records by offset on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let member: Client;
  let formId: string;
  const dept: Record<string, string> = {};

  const list = (c: Client, query: string) => c.get(`/api/forms/${formId}/records?${query}`);

  /** Every id of a list, page by page along the cursor. */
  async function walk(c: Client, query: string, limit = 7): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Item[]; nextCursor: string | null } } = await list(
        c,
        `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      out.push(...page.body.items.map((r) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    return out;
  }

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    for (const key of ['north', 'south'])
      dept[key] = (await admin.post('/api/departments', { name: key })).body.id;
    const app = (await admin.post('/api/apps', { name: '客户管理' })).body;
    const form = await admin.post(`/api/apps/${app.id}/forms`, {
      key: 'customers',
      name: '客户',
      fields: [
        { key: 'name', type: 'text', label: '客户名称' },
        { key: 'n', type: 'number', label: '序号' },
        {
          key: 'tier',
          type: 'select',
          label: '客户分层',
          options: [
            { value: 'high', label: '高价值' },
            { value: 'normal', label: '普通' },
          ],
        },
        { key: 'amount', type: 'currency', label: '累计合作金额' },
      ],
    });
    expect(form.status).toBe(201);
    formId = form.body.id;
    // Repeated amounts and tiers, some empty: ties and empty values must page alike both ways.
    const records = Array.from({ length: N }, (_, i) => ({
      fields: {
        name: `C${String(i).padStart(2, '0')}`,
        n: i,
        tier: tiers[i % 3],
        amount: i % 4 === 0 ? null : (i % 5) * 100,
      },
      departmentId: i % 2 ? dept.north : dept.south,
    }));
    expect((await admin.post(`/api/forms/${formId}/records/batch`, { records })).status).toBe(201);
    const role = (
      await admin.post('/api/roles', {
        name: '北区销售',
        grants: [{ formId, actions: ['read'], scope: 'department', fields: { amount: 'hidden' } }],
      })
    ).body.id;
    expect(
      (
        await admin.post('/api/users', {
          email: 'north@example.com',
          name: '北区',
          password: 'User-pass-1',
          mainDepartmentId: dept.north,
          roleIds: [role],
        })
      ).status,
    ).toBe(201);
    member = await s.client('north@example.com', 'User-pass-1');
  });
  afterAll(() => s?.close());

  const filters = [
    undefined,
    { field: 'tier', op: 'eq', value: 'high' },
    {
      or: [
        { field: 'amount', op: 'isEmpty' },
        { field: 'n', op: 'gt', value: 30 },
      ],
    },
  ];
  const sorts = ['-createdAt', 'updatedAt', 'n', '-amount,name', 'amount,-n', 'tier,-n', '-tier'];

  it('cuts every sorted and filtered list into the same pages by offset as by cursor', async () => {
    for (const filter of filters)
      for (const sort of sorts) {
        const query = `sort=${encodeURIComponent(sort)}${filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`;
        const all = await walk(admin, query);
        expect(new Set(all).size, query).toBe(all.length);
        for (const counted of ['', '&count=true'])
          for (const offset of [
            0,
            1,
            6,
            7,
            13,
            all.length - 8,
            all.length - 7,
            all.length - 1,
            all.length,
            all.length + 5,
          ]) {
            const what = `${query}${counted} offset ${offset}`;
            const page = await list(admin, `${query}${counted}&limit=7&offset=${offset}`);
            expect(page.status, what).toBe(200);
            expect(
              page.body.items.map((r: Item) => r.id),
              what,
            ).toEqual(all.slice(offset, offset + 7));
            expect(page.body.nextCursor === null, what).toBe(offset + 7 >= all.length);
            if (counted) expect(page.body.total, what).toBe(all.length);
          }
      }
  });

  it('reads every list backwards with its sort reversed (the grid reads its second half from the end)', async () => {
    for (const filter of filters)
      for (const sort of [undefined, ...sorts]) {
        const where = filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : '';
        const forwards = await walk(admin, `${sort ? `sort=${encodeURIComponent(sort)}` : ''}${where}`);
        const backwards = await walk(admin, `sort=${encodeURIComponent(reversedSort(sort))}${where}`);
        expect(backwards, `${sort} ${JSON.stringify(filter)}`).toEqual([...forwards].reverse());
        // Skipping 3 from the end, backwards: the 7 rows before the last 3, last first.
        const page = await list(
          admin,
          `sort=${encodeURIComponent(reversedSort(sort))}${where}&limit=7&offset=3`,
        );
        expect(page.body.items.map((r: Item) => r.id).reverse()).toEqual(
          forwards.slice(Math.max(0, forwards.length - 10), Math.max(0, forwards.length - 3)),
        );
      }
  });

  it('continues after an offset page by its cursor without a gap or a repeat', async () => {
    const all = await walk(admin, 'sort=-amount,name');
    const jump = await list(admin, 'sort=-amount,name&limit=10&offset=17');
    const next = await list(admin, `sort=-amount,name&limit=10&cursor=${jump.body.nextCursor}`);
    expect([...jump.body.items, ...next.body.items].map((r: Item) => r.id)).toEqual(all.slice(17, 37));
  });

  it('counts the whole list when asked, wherever the page starts', async () => {
    const page = await list(
      admin,
      `count=true&offset=30&limit=5&filter=${encodeURIComponent(JSON.stringify({ field: 'tier', op: 'eq', value: 'normal' }))}`,
    );
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(14);
    expect(page.body.items).toEqual([]);
    expect((await list(admin, 'count=true&offset=40&limit=5')).body).toMatchObject({
      total: N,
      nextCursor: null,
      items: [expect.objectContaining({ fields: expect.objectContaining({ n: 0 }) })],
    });
  });

  it('gives a member only the records of their department, without the hidden field', async () => {
    const all = await walk(member, 'sort=n');
    expect(all).toHaveLength(20);
    for (const offset of [0, 5, 19, 20]) {
      const page = await list(member, `sort=n&limit=5&offset=${offset}&count=true`);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(20);
      expect(page.body.items.map((r: Item) => r.id)).toEqual(all.slice(offset, offset + 5));
      for (const r of page.body.items as Item[]) {
        expect(r.departmentId).toBe(dept.north);
        expect(r.fields).not.toHaveProperty('amount');
      }
    }
    expectError(await list(member, 'sort=-amount&offset=5'), 400, '/sort');
    expectError(
      await list(
        member,
        `offset=5&filter=${encodeURIComponent(JSON.stringify({ field: 'amount', op: 'gt', value: 1 }))}`,
      ),
      400,
      /^\/filter/,
    );
  });

  it('pages the recycle bin by offset too', async () => {
    const victims = (await list(admin, 'sort=n&limit=3&offset=10')).body.items as Item[];
    for (const r of victims)
      expect((await admin.del(`/api/forms/${formId}/records/${r.id}`)).status).toBe(200);
    const bin = await list(admin, 'deleted=true&sort=n&offset=1&limit=5');
    expect(bin.body.items.map((r: Item) => r.id)).toEqual(victims.slice(1).map((r) => r.id));
    expect((await list(admin, 'sort=n&offset=10&limit=1')).body.items[0].fields.n).toBe(13);
    for (const r of victims) await admin.post(`/api/forms/${formId}/records/${r.id}/restore`);
  });

  it.each([
    ['a negative offset', 'offset=-1'],
    ['an offset that is not a number', 'offset=abc'],
    ['a fractional offset', 'offset=1.5'],
    ['an offset past 10,000,000', 'offset=10000001'],
    ['an offset together with a cursor', 'offset=5&cursor=abc'],
  ])('refuses %s with 400 naming /offset', async (_name, query) => {
    expectError(await list(admin, query), 400, '/offset');
  });

  it('answers an offset past the end with an empty page', async () => {
    expect((await list(admin, 'offset=10000000')).body).toEqual({ items: [], nextCursor: null });
  });
});
