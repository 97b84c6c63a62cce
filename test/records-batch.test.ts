import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

/**
 * The batch path writes rows, history and outbox events in multi-row statements and answers from
 * what it wrote: what it answers, stores and announces must be what one-record writes and reads do.
 */
describe.each(engines)('batch creates on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let formId: string;
  let accountId: string;
  let fileId: string;
  let userId: string;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    userId = (await admin.get('/api/auth/me')).body.user.id;
    const app = (await admin.post('/api/apps', { name: '客户管理' })).body.id;
    const accounts = (
      await admin.post(`/api/apps/${app}/forms`, {
        key: 'accounts',
        name: '账户',
        fields: [{ key: 'title', type: 'text', label: '名称' }],
      })
    ).body.id;
    accountId = (await admin.post(`/api/forms/${accounts}/records`, { fields: { title: '总部' } })).body.id;
    const upload = new FormData();
    upload.append('file', new Blob(['合同内容']), '合同.txt');
    fileId = (await admin.raw('POST', '/api/files', { body: upload })).body.id;
    formId = (
      await admin.post(`/api/apps/${app}/forms`, {
        key: 'deals',
        name: '商机',
        fields: [
          { key: 'no', type: 'autonumber', label: '编号', format: 'D{0000}' },
          { key: 'name', type: 'text', label: '名称', required: true, unique: true },
          { key: 'note', type: 'textarea', label: '备注' },
          {
            key: 'stage',
            type: 'select',
            label: '阶段',
            options: [
              { value: 'new', label: '新建' },
              { value: 'won', label: '赢单' },
            ],
          },
          {
            key: 'tags',
            type: 'multiselect',
            label: '标签',
            options: [
              { value: 'a', label: 'A' },
              { value: 'b', label: 'B' },
            ],
          },
          { key: 'amount', type: 'currency', label: '金额' },
          { key: 'qty', type: 'number', label: '数量' },
          { key: 'rate', type: 'percent', label: '比例' },
          { key: 'stars', type: 'rating', label: '评分' },
          { key: 'vip', type: 'checkbox', label: 'VIP' },
          { key: 'on', type: 'date', label: '日期', default: 'today' },
          { key: 'at', type: 'datetime', label: '时间' },
          { key: 'owner', type: 'member', label: '负责人', default: '$me' },
          { key: 'site', type: 'url', label: '网址' },
          { key: 'files', type: 'attachment', label: '附件' },
          { key: 'account', type: 'relation', label: '账户', formId: accounts },
          { key: 'total', type: 'formula', label: '合计', expression: '{amount} * {qty}' },
        ],
      })
    ).body.id;
  });
  afterAll(() => s?.close());

  it('answers each record exactly as reading it back does, in the order sent', async () => {
    const records = [
      {
        fields: {
          name: '甲',
          note: '第一行\n第二行',
          stage: 'won',
          tags: ['b', 'a'],
          amount: 1234.56,
          qty: 3,
          rate: 12.5,
          stars: 4,
          vip: true,
          at: '2026-03-15T08:30:00.000Z',
          site: 'https://example.cn/x',
          files: [fileId],
          account: [accountId],
        },
      },
      { fields: { name: '乙', vip: false, tags: [] } },
      { fields: { name: '丙', amount: 0, qty: 0 } },
    ];
    const r = await admin.post(`/api/forms/${formId}/records/batch`, { records });
    expect(r.status).toBe(201);
    expect(r.body.items.map((x: any) => x.fields.name)).toEqual(['甲', '乙', '丙']);
    for (const item of r.body.items)
      expect(item).toEqual((await admin.get(`/api/forms/${formId}/records/${item.id}`)).body);
    const [a, b] = r.body.items;
    expect(a.fields).toMatchObject({
      tags: ['b', 'a'],
      amount: 1234.56,
      total: 3703.68,
      vip: true,
      owner: userId,
      account: [accountId],
    });
    expect(a.fields.files).toEqual([expect.objectContaining({ id: fileId, name: '合同.txt' })]);
    expect(b.fields).toMatchObject({ tags: null, vip: false, account: [], amount: null });
    expect([a.fields.no, b.fields.no]).toEqual([
      expect.stringMatching(/^D\d{4}$/),
      expect.stringMatching(/^D\d{4}$/),
    ]);
    expect(Number(b.fields.no.slice(1))).toBe(Number(a.fields.no.slice(1)) + 1);
  });

  it('writes one history row and one outbox event per record, in the format the automation worker reads', async () => {
    const r = await admin.post(`/api/forms/${formId}/records/batch`, {
      records: [{ fields: { name: '丁', stage: 'new', qty: 2 } }, { fields: { name: '戊' } }],
    });
    const [d] = r.body.items;
    const fields = new Map(
      ((await admin.get(`/api/forms/${formId}`)).body.fields as Array<{ id: string; key: string }>).map(
        (f) => [f.key, f.id],
      ),
    );
    const events = await s.db.db
      .selectFrom('outbox')
      .selectAll()
      .where(
        'record_id',
        'in',
        r.body.items.map((x: any) => x.id),
      )
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.event, e.record_id, Number(e.depth), e.done_at])).toEqual(
      r.body.items.map((x: any) => ['record.created', x.id, 0, null]),
    );
    const payload = JSON.parse(events[0].payload);
    expect(Object.keys(payload)).toEqual(['version', 'userId', 'changes']);
    expect(payload).toMatchObject({ version: 1, userId });
    // Every field the new record was given a value in (sent, default, number or formula), by field id, from nothing.
    const given = ['no', 'name', 'stage', 'qty', 'on', 'owner', 'total'].filter((k) => d.fields[k] !== null);
    expect(payload.changes).toEqual(
      Object.fromEntries(given.map((k) => [fields.get(k)!, { before: null, after: d.fields[k] }])),
    );
    const history = (await admin.get(`/api/forms/${formId}/records/${d.id}/history`)).body.items;
    expect(history).toHaveLength(1);
    expect(history[0].action).toBe('create');
    const stored = await s.db.db
      .selectFrom('record_history')
      .select('changes')
      .where('record_id', '=', d.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.changes)).toEqual(payload.changes);
  });

  it('stays all or nothing when a record of a large batch is invalid, naming it', async () => {
    const before = (await admin.get(`/api/forms/${formId}/records?count=true&limit=1`)).body.total;
    const records = Array.from({ length: 1000 }, (_, i) => ({ fields: { name: `批量${i}`, qty: i } }));
    records[737] = { fields: { name: '批量737', qty: 'many' as unknown as number } };
    const r = await admin.post(`/api/forms/${formId}/records/batch`, { records });
    expect(r.status).toBe(422);
    expect(r.body.error.details[0].path).toBe('/records/737/fields/qty');
    expect((await admin.get(`/api/forms/${formId}/records?count=true&limit=1`)).body.total).toBe(before);
    records[737] = { fields: { name: '批量737', qty: 737 } };
    const ok = await admin.post(`/api/forms/${formId}/records/batch`, { records });
    expect(ok.status).toBe(201);
    expect(ok.body.items).toHaveLength(1000);
    expect((await admin.get(`/api/forms/${formId}/records?count=true&limit=1`)).body.total).toBe(
      before + 1000,
    );
    const numbers = ok.body.items.map((x: any) => Number(x.fields.no.slice(1)));
    expect(numbers).toEqual(numbers.map((_: number, i: number) => numbers[0] + i));
  });
});
