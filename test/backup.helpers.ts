import path from 'node:path';
import { expect } from 'vitest';
import pg from 'pg';
import { pgTool } from '../server/backup/pg-tools.js';
import type { Engine } from '../server/db/database.js';
import { pgUrl } from './support/engines.js';
import type { Client, TestServer } from './support/server.js';

/**
 * PostgreSQL backups need pg_dump; CI machines may lack it. Then those tests are skipped, loudly,
 * and only then.
 */
export function pgDumpMissing(engine: Engine): boolean {
  if (engine !== 'postgres' || pgTool('pg_dump')) return false;
  console.warn(
    '\n*** pg_dump is not on the PATH: the PostgreSQL backup tests are SKIPPED. Install postgresql-client. ***\n',
  );
  return true;
}

/** An app with a form of customers that carry attachments. */
export async function customersWithFiles(admin: Client) {
  const appId = (await admin.post('/api/apps', { name: '客户管理' })).body.id as string;
  const form = await admin.post(`/api/apps/${appId}/forms`, {
    key: 'customers',
    name: '客户',
    fields: [
      { key: 'name', type: 'text', label: '客户名称' },
      { key: 'amount', type: 'number', label: '金额' },
      { key: 'files', type: 'attachment', label: '附件' },
    ],
  });
  expect(form.status, JSON.stringify(form.body)).toBe(201);
  return { appId, formId: form.body.id as string };
}

export async function upload(admin: Client, name: string, bytes: Uint8Array) {
  const fd = new FormData();
  fd.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  const r = await admin.raw('POST', '/api/files', { body: fd });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

/** Waits until no backup in the list is running; returns the list. */
export async function settled(admin: Client) {
  for (let i = 0; i < 600; i++) {
    const r = await admin.get('/api/backups');
    expect(r.status).toBe(200);
    if (!r.body.items.some((b: { status: string }) => b.status === 'running'))
      return r.body.items as Array<Record<string, any>>;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the backup never finished');
}

/** Drops what a PostgreSQL restore set aside (`<schema>_replaced_…`). */
export async function dropReplacedSchemas(schema: string | undefined) {
  if (!schema) return;
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  const rows = (
    await c.query('select nspname from pg_namespace where nspname like $1', [`${schema}_replaced_%`])
  ).rows;
  for (const r of rows) await c.query(`drop schema "${r.nspname}" cascade`);
  await c.end();
}

export const backupFile = (s: TestServer, name: string) => path.join(s.deps.config.backupDir, name);
