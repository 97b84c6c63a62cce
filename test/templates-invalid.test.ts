import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './support/checks.js';
import { type Client, type TestServer, startServer } from './support/server.js';

const base = () => ({
  $schema: '/api/schemas/template.json',
  id: 'broken',
  name: '有问题的模板',
  version: '1.0.0',
  forms: [
    {
      key: 'customers',
      name: '客户',
      fields: [
        { key: 'name', type: 'text', label: '客户名称' },
        { key: 'tier', type: 'select', label: '客户分层', options: [{ value: 'high', label: '高价值' }] },
      ],
    },
    {
      key: 'visits',
      name: '拜访',
      fields: [
        { key: 'date', type: 'date', label: '日期' },
        { key: 'customer', type: 'relation', label: '客户', form: 'customers' },
      ],
    },
  ],
  views: [] as unknown[],
  workflows: [] as unknown[],
});

type Doc = ReturnType<typeof base> & Record<string, any>;

/** Each broken document, and where the refusal must point. */
const cases: Array<[string, (d: Doc) => void, string]> = [
  [
    'a relation to a form the template does not have',
    (d) =>
      (d.forms[1].fields[1] = { key: 'customer', type: 'relation', label: '客户', form: 'custmers' } as any),
    '/forms/1/fields/1/form',
  ],
  ['two forms with one key', (d) => (d.forms[1].key = 'customers'), '/forms/1/key'],
  ['two fields with one key', (d) => (d.forms[0].fields[1].key = 'name'), '/forms/0/fields/1/key'],
  [
    'an unknown field type',
    (d) => ((d.forms[0].fields[0] as any).type = 'hologram'),
    '/forms/0/fields/0/type',
  ],
  [
    'formulas that refer to each other',
    (d) =>
      d.forms[0].fields.push(
        { key: 'a', type: 'formula', label: 'A', expression: '{b} + 1' } as any,
        { key: 'b', type: 'formula', label: 'B', expression: '{a} + 1' } as any,
      ),
    '/forms/0/fields/2/expression',
  ],
  [
    'a formula with a type error',
    (d) =>
      d.forms[0].fields.push({
        key: 'double',
        type: 'formula',
        label: '翻倍',
        expression: '{name} * 2',
      } as any),
    '/forms/0/fields/2/expression',
  ],
  [
    'a lookup of a field the related form lacks',
    (d) =>
      d.forms[1].fields.push({
        key: 'tierOf',
        type: 'lookup',
        label: '分层',
        relationField: 'customer',
        targetField: 'level',
      } as any),
    '/forms/1/fields/2/targetField',
  ],
  [
    'a reverse side of no relation',
    (d) =>
      d.forms[0].fields.push({
        key: 'visits',
        type: 'relation',
        label: '拜访',
        form: 'visits',
        reverseOf: 'client',
      } as any),
    '/forms/0/fields/2/reverseOf',
  ],
  [
    'a view of a missing form',
    (d) => d.views.push({ form: 'leads', name: '全部', type: 'grid' }),
    '/views/0/form',
  ],
  [
    'a view filtering on a missing field',
    (d) =>
      d.views.push({
        form: 'customers',
        name: '高价值',
        type: 'grid',
        filter: { field: 'grade', op: 'eq', value: 'A' },
      }),
    '/views/0/filter',
  ],
  [
    'a workflow moving to a state it does not have',
    (d) =>
      d.workflows.push({
        form: 'visits',
        initial: 'plan',
        states: [{ key: 'plan', label: '计划' }],
        transitions: [{ from: 'plan', to: 'done' }],
      }),
    '/workflows/0/transitions/0/to',
  ],
  [
    'an automation on a missing form',
    (d) =>
      (d.automations = [
        {
          name: '提醒',
          trigger: { type: 'record.created', formId: 'leads' },
          actions: [{ type: 'notify', to: { owner: true }, title: '新线索' }],
        },
      ]),
    '/automations/0/trigger/formId',
  ],
  [
    'a role granting on a missing form',
    (d) => (d.roles = [{ key: 'sales', name: '销售', grants: [{ form: 'leads', actions: ['read'] }] }]),
    '/roles/0/grants/0/form',
  ],
  [
    'sample records with a field the form lacks',
    (d) => (d.sampleData = [{ form: 'customers', records: [{ fields: { name: 'A公司', revenue: 1 } }] }]),
    '/sampleData/0/records/0/fields/revenue',
  ],
  ['a version that is not semver', (d) => (d.version = 'v2'), '/version'],
];

describe('refusing invalid templates', () => {
  let s: TestServer;
  let admin: Client;

  beforeAll(async () => {
    s = await startServer('sqlite');
    admin = await s.client();
  });
  afterAll(() => s?.close());

  it('accepts the document the cases break', async () => {
    expect((await admin.post('/api/templates', { ...base(), id: 'unbroken' })).status).toBe(201);
  });

  for (const [what, breakIt, path] of cases) {
    it(`refuses ${what}, naming ${path}`, async () => {
      const doc = base() as Doc;
      breakIt(doc);
      const r = await admin.post('/api/templates', doc);
      expectError(r, 422, path);
      expect(
        (await admin.get('/api/templates')).body.items.some((t: { id: string }) => t.id === 'broken'),
      ).toBe(false);
    });
  }

  it('says which relation is wrong in words', async () => {
    const doc = base();
    (doc.forms[1].fields[1] as any).form = 'custmers';
    const r = await admin.post('/api/templates', doc);
    expect(r.body.error.details).toContainEqual({
      path: '/forms/1/fields/1/form',
      message: 'no form with key "custmers"',
    });
  });

  it('refuses to replace a shipped template by import', async () => {
    expectError(await admin.post('/api/templates', { ...base(), id: 'crm-suite' }), 409, '/id');
  });

  it('answers 404 for an unknown template and its install', async () => {
    expectError(await admin.get('/api/templates/nothing-here'), 404);
  });
});
