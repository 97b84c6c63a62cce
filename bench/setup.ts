import type { Api } from './http.js';
import { customerForm } from './data.js';

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const given = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '桂英',
  '建华',
  '志强',
  '晓东',
];

/**
 * Creates ~20 sales people, an app and the 12-field customer form; answers the form's id, its
 * table and columns (read back from GET /api/forms/:id: `r_<formId>`, `f_<fieldId>`).
 */
export async function createCustomerForm(api: Api, users = 20) {
  const userIds: string[] = [];
  for (let i = 0; i < users; i++) {
    const name = surnames[i % surnames.length] + given[(i * 7) % given.length];
    const r = await api.ok<{ id: string }>('POST', '/api/users', {
      email: `sales${i + 1}@bench.example.cn`,
      name,
      password: 'Sales-pass-1',
    });
    userIds.push(r.body.id);
  }
  // Five sales departments; customers are spread over them so department scopes mean something.
  const departmentIds: string[] = [];
  for (const name of ['华东销售部', '华南销售部', '华北销售部', '西部销售部', '大客户部'])
    departmentIds.push((await api.ok<{ id: string }>('POST', '/api/departments', { name })).body.id);
  const app = await api.ok<{ id: string }>('POST', '/api/apps', { name: '客户管理' });
  const created = await api.ok<{ id: string }>('POST', `/api/apps/${app.body.id}/forms`, customerForm);
  const def = await api.ok<{ id: string; fields: { id: string; key: string }[] }>(
    'GET',
    `/api/forms/${created.body.id}`,
  );
  const columns = new Map(def.body.fields.map((f) => [f.key, `f_${f.id}`]));
  return { formId: def.body.id, table: `r_${def.body.id}`, columns, userIds, departmentIds };
}
