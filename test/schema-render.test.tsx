import Form from '@rjsf/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020.js';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgets } from '../web/widgets/index.js';
import { type Client, type TestServer, startServer } from './support/server.js';

/** One field of every type, as a business user would set them up. */
const everyType = [
  { key: 'name', type: 'text', label: '客户名称', required: true, help: '营业执照上的全称' },
  { key: 'notes', type: 'textarea', label: '备注' },
  { key: 'score', type: 'number', label: '评分值', min: 0, max: 100 },
  { key: 'amount', type: 'currency', label: '累计合作金额' },
  { key: 'rate', type: 'percent', label: '转化率' },
  { key: 'stars', type: 'rating', label: '满意度' },
  { key: 'mail', type: 'email', label: '邮箱' },
  { key: 'phone', type: 'phone', label: '联系方式', sensitive: true },
  { key: 'site', type: 'url', label: '官网' },
  {
    key: 'tier',
    type: 'select',
    label: '客户分层',
    options: [
      { value: 'high', label: '高价值', color: 'red' },
      { value: 'normal', label: '普通' },
    ],
  },
  {
    key: 'tags',
    type: 'multiselect',
    label: '核心需求标签',
    options: [
      { value: 'price', label: '价格' },
      { value: 'service', label: '服务' },
    ],
  },
  { key: 'vip', type: 'checkbox', label: '重点客户' },
  { key: 'since', type: 'date', label: '合作开始' },
  { key: 'lastCall', type: 'datetime', label: '最近来电' },
  { key: 'owner', type: 'member', label: '负责人' },
  { key: 'dept', type: 'department', label: '所属部门' },
  { key: 'no', type: 'autonumber', label: '客户编号', format: 'C{YYYY}{0000}' },
  { key: 'years', type: 'formula', label: '合作年数', expression: 'DATEDIF({since}, TODAY(), "y")' },
  { key: 'files', type: 'attachment', label: '合同' },
];

describe('compiled form schemas', () => {
  let s: TestServer;
  let admin: Client;
  let compiled: { jsonSchema: any; uiSchema: any };

  beforeAll(async () => {
    s = await startServer('sqlite');
    admin = await s.client();
    const app = (await admin.post('/api/apps', { name: '客户管理' })).body;
    const form = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'customers',
        name: '客户信息档案',
        fields: everyType,
      })
    ).body;
    compiled = (await admin.get(`/api/forms/${form.id}/schema`)).body;
  });
  afterAll(() => s?.close());

  it('are valid JSON Schema 2020-12 that accepts a good record and rejects a bad one', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T/);
    ajv.addFormat('email', /@/);
    ajv.addFormat('uri', /^https?:/);
    const validate = ajv.compile(compiled.jsonSchema);
    expect(
      validate({
        name: 'A公司',
        amount: 12.5,
        tier: 'high',
        tags: ['price'],
        vip: true,
        since: '2020-01-01',
      }),
    ).toBe(true);
    expect(validate({ tier: 'unknown' })).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath || e.params)).toEqual(
      expect.arrayContaining([{ missingProperty: 'name' }, '/tier']),
    );
  });

  it('render with @rjsf/core and our widgets: every field with its Chinese title, computed ones read-only', () => {
    const validator = customizeValidator({ AjvClass: Ajv2020 as any });
    // The member, department and relation pickers read their lists through TanStack Query.
    const html = renderToStaticMarkup(
      <QueryClientProvider client={new QueryClient()}>
        <Form
          schema={compiled.jsonSchema}
          uiSchema={compiled.uiSchema}
          validator={validator}
          widgets={widgets}
          formData={{ name: 'A公司', tier: 'high' }}
        />
      </QueryClientProvider>,
    );
    for (const f of everyType) expect(html, f.label).toContain(f.label);
    expect(html).not.toMatch(/Unsupported|No widget/i);
    expect(html).toMatch(/id="root_no"[^>]*readonly|readonly[^>]*id="root_no"/i);
  });
});
