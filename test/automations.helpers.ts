import { expect } from 'vitest';
import { runWorkerOnce, type WorkerOptions } from '../server/automations/worker.js';
import type { Deps } from '../server/context.js';
import type { Engine } from '../server/db/database.js';
import { type Client, fakeClock, type TestServer, startServer } from './support/server.js';

/** A small CRM: customers, interactions that point at a customer, and tasks. */
export interface Crm {
  s: TestServer;
  admin: Client;
  clock: ReturnType<typeof fakeClock>;
  appId: string;
  customers: string;
  interactions: string;
  tasks: string;
  adminId: string;
}

export async function crm(engine: Engine, start = '2026-03-16T01:00:00.000Z'): Promise<Crm> {
  const clock = fakeClock(start); // a Monday, 09:00 in Shanghai
  const s = await startServer(engine, { clock });
  const admin = await s.client();
  const adminId = (await admin.get('/api/auth/me')).body.user.id;
  const appId = (await admin.post('/api/apps', { name: '客户管理' })).body.id;
  const form = async (body: unknown) => {
    const r = await admin.post(`/api/apps/${appId}/forms`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const customers = await form({
    key: 'customers',
    name: '客户',
    fields: [
      { key: 'name', type: 'text', label: '客户名称' },
      {
        key: 'tier',
        type: 'select',
        label: '客户分层',
        options: [
          { value: 'high', label: '高价值' },
          { value: 'normal', label: '普通' },
        ],
      },
      { key: 'risk', type: 'checkbox', label: '流失风险' },
      { key: 'lastContact', type: 'date', label: '最近互动' },
      { key: 'birthday', type: 'date', label: '生日' },
      { key: 'note', type: 'text', label: '备注' },
      { key: 'hits', type: 'number', label: '次数' },
    ],
  });
  const interactions = await form({
    key: 'interactions',
    name: '互动记录',
    fields: [
      { key: 'customer', type: 'relation', label: '客户', formId: customers },
      { key: 'summary', type: 'text', label: '内容' },
      { key: 'followUp', type: 'text', label: '后续行动' },
      { key: 'responsible', type: 'member', label: '负责人' },
    ],
  });
  const tasks = await form({
    key: 'tasks',
    name: '任务',
    fields: [
      { key: 'title', type: 'text', label: '任务', unique: true },
      { key: 'due', type: 'date', label: '截止' },
      { key: 'assignee', type: 'member', label: '负责人' },
      { key: 'customer', type: 'relation', label: '客户', formId: customers },
      { key: 'count', type: 'number', label: '计数' },
    ],
  });
  return { s, admin, clock, appId, customers, interactions, tasks, adminId };
}

/** Runs worker passes until there is nothing left to do now. */
export async function drain(deps: Deps, opts: WorkerOptions = {}): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const r = await runWorkerOnce(deps, opts);
    if (!r.events && !r.jobs) return;
  }
  throw new Error('the worker did not settle');
}

/** Creates an automation through the API and returns it. */
export async function automation(c: Crm, body: Record<string, unknown>) {
  const r = await c.admin.post(`/api/apps/${c.appId}/automations`, { name: 'a', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

export async function runsOf(c: Crm, id: string, query = '') {
  const r = await c.admin.get(`/api/automations/${id}/runs${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as any[];
}

export async function records(c: Crm, formId: string, filter?: unknown) {
  const r = await c.admin.get(
    `/api/forms/${formId}/records?limit=500${filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`,
  );
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as any[];
}

export async function create(c: Crm, formId: string, fields: Record<string, unknown>) {
  const r = await c.admin.post(`/api/forms/${formId}/records`, { fields });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}
