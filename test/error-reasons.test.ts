import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from './support/engines.js';
import { type Client, type TestServer, startServer } from './support/server.js';

/** The first detail of an error answer at each path: {code, params}. */
function reasons(body: any) {
  const out: Record<string, unknown> = {};
  for (const d of body.error?.details ?? [])
    out[d.path] ??= { code: d.code, ...(d.params ? { params: d.params } : {}) };
  return out;
}

async function finished(client: Client, jobId: string) {
  for (let i = 0; i < 600; i++) {
    const r = await client.get(`/api/imports/${jobId}`);
    if (r.body.status === 'succeeded' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('import did not finish');
}

describe.each(engines)('error reason codes on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let form: any;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    const app = (await admin.post('/api/apps', { name: '理由' })).body;
    form = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'customers',
        name: '客户',
        fields: [
          { key: 'name', type: 'text', label: '客户名称', required: true, maxLength: 5 },
          { key: 'code', type: 'text', label: '编号', unique: true },
          {
            key: 'tier',
            type: 'select',
            label: '分层',
            options: [
              { value: 'high', label: '高' },
              { value: 'low', label: '低' },
            ],
          },
          { key: 'phone', type: 'phone', label: '电话' },
          { key: 'amount', type: 'number', label: '金额', min: 0 },
          { key: 'signed', type: 'date', label: '签约日' },
          { key: 'owner', type: 'member', label: '跟进人' },
        ],
      })
    ).body;
  });
  afterAll(() => s.close());

  it('names the reason and its params for each bad value of a record, beside the English message', async () => {
    const r = await admin.post(`/api/forms/${form.id}/records`, {
      fields: {
        name: '太长的客户名称',
        tier: 'mid',
        phone: 'call me',
        amount: -1,
        signed: '2024-02-30',
        nope: 1,
      },
    });
    expect(r.status).toBe(422);
    expect(reasons(r.body)).toEqual({
      '/fields/name': { code: 'too_long', params: { max: 5, label: '客户名称' } },
      '/fields/tier': { code: 'not_an_option', params: { options: ['high', 'low'], label: '分层' } },
      '/fields/phone': { code: 'not_a_phone', params: { label: '电话' } },
      '/fields/amount': { code: 'too_small', params: { min: 0, label: '金额' } },
      '/fields/signed': { code: 'not_a_date', params: { label: '签约日' } },
      '/fields/nope': { code: 'unknown_property' },
    });
    for (const d of r.body.error.details) expect(d.message).toEqual(expect.any(String));
    const missing = await admin.post(`/api/forms/${form.id}/records`, { fields: { tier: 'high' } });
    expect(reasons(missing.body)).toEqual({
      '/fields/name': { code: 'required', params: { label: '客户名称' } },
    });
    const nobody = await admin.post(`/api/forms/${form.id}/records`, {
      fields: { name: '甲', owner: 'usr_000000000000000000' },
    });
    expect(reasons(nobody.body)).toEqual({
      '/fields/owner': {
        code: 'missing_reference',
        params: { label: '跟进人', kind: 'user', ids: ['usr_000000000000000000'] },
      },
    });
  });

  it('says "unique" for a value another record holds, and "unique_in_batch" within one batch', async () => {
    expect(
      (await admin.post(`/api/forms/${form.id}/records`, { fields: { name: '甲', code: 'C1' } })).status,
    ).toBe(201);
    const taken = await admin.post(`/api/forms/${form.id}/records`, { fields: { name: '乙', code: 'C1' } });
    expect(reasons(taken.body)['/fields/code']).toEqual({
      code: 'unique',
      params: { label: '编号', value: 'C1' },
    });
    const batch = await admin.post(`/api/forms/${form.id}/records/batch`, {
      records: [{ fields: { name: '丙', code: 'C2' } }, { fields: { name: '丁', code: 'C2' } }],
    });
    expect(batch.body.error.details.map((d: any) => d.code)).toContain('unique_in_batch');
  });

  it('gives workflow refusals their reasons: no such move, a required field, who may move', async () => {
    const role = (
      await admin.post('/api/roles', {
        name: '主管',
        grants: [{ actions: ['read', 'update', 'create'], scope: 'all' }],
      })
    ).body.id;
    await admin.put(`/api/forms/${form.id}/workflow`, {
      states: [
        { key: 'new', label: '新建', category: 'todo' },
        { key: 'won', label: '成交', category: 'done' },
        { key: 'lost', label: '流失', category: 'done' },
      ],
      initial: 'new',
      transitions: [
        { from: 'new', to: 'won', requiredFields: ['phone'], requireComment: true },
        { from: 'new', to: 'lost', allow: { roles: [role] } },
      ],
    });
    const member = (
      await admin.post('/api/roles', {
        name: '成员',
        grants: [{ actions: ['read', 'update', 'create'], scope: 'all' }],
      })
    ).body.id;
    const annId = await s.addUser('ann@example.com', 'ann');
    expect((await admin.patch(`/api/users/${annId}`, { roleIds: [member] })).status).toBe(200);
    const ann = await s.client('ann@example.com', 'User-pass-1');
    const rec = (await admin.post(`/api/forms/${form.id}/records`, { fields: { name: '戊' } })).body;
    const move = (to: string, c: Client = admin) =>
      c.post(`/api/forms/${form.id}/records/${rec.id}/transition`, { to });
    expect(reasons((await move('won')).body)).toEqual({
      '/fields/phone': { code: 'required_to_move', params: { label: '电话', to: '成交' } },
      '/comment': { code: 'comment_required', params: { to: '成交' } },
    });
    expect(reasons((await move('lost', ann)).body)).toEqual({
      '/to': {
        code: 'may_not_move',
        params: { to: '流失', departments: [], roles: ['主管'], owner: false, fields: [] },
      },
    });
    expect(reasons((await move('nowhere')).body)['/to']).toEqual({
      code: 'unknown_state',
      params: { to: 'nowhere' },
    });
    expect((await move('lost')).status).toBe(200);
    expect(reasons((await move('won')).body)['/to']).toEqual({
      code: 'no_transition',
      params: { from: '流失', to: '成交' },
    });
  });

  it('keeps the reasons on the row errors of an import', async () => {
    const file = new FormData();
    file.append(
      'file',
      new Blob(['客户名称,分层,金额,签约日\n己,中,12,2024-01-01\n庚,高,很多,2024-13-01\n']),
      'rows.csv',
    );
    const r = await admin.raw('POST', `/api/forms/${form.id}/import`, { body: file });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const job = await finished(admin, r.body.jobId);
    const byRow = Object.fromEntries(
      job.errors.map((e: any) => [e.row, e.errors.map((d: any) => [d.path, d.code, d.params?.value])]),
    );
    expect(byRow[2]).toEqual([['/fields/tier', 'not_an_option', '中']]);
    expect(byRow[3]).toEqual(
      expect.arrayContaining([
        ['/fields/amount', 'not_a_number', '很多'],
        ['/fields/signed', 'not_a_date', '2024-13-01'],
      ]),
    );
  });
});
