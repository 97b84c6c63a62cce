import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.js';
import { expectError } from '../support/checks.js';
import { type Client, type TestServer, startServer } from '../support/server.js';
import { settled } from '../backup.helpers.js';

/** Backups hold every record of every user: only admins may list, start or download them (engine-independent). */
describe.each(engines.slice(0, 1))('backup access on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let member: Client;
  let name: string;
  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    await s.addUser('m@example.com', 'Member');
    member = await s.client('m@example.com', 'User-pass-1');
    const r = await admin.post('/api/backups');
    expect(r.status).toBe(202);
    name = r.body.name;
    await settled(admin);
  });
  afterAll(() => s?.close());

  it('refuses listing, starting and downloading backups to a signed-in non-admin (403) and to nobody (401)', async () => {
    expectError(await member.get('/api/backups'), 403);
    expectError(await member.post('/api/backups'), 403);
    expectError(await member.get(`/api/backups/${name}/download`), 403);
    const anon = s.anonymous();
    expectError(await anon.get('/api/backups'), 401);
    expectError(await anon.post('/api/backups'), 401);
    expectError(await anon.get(`/api/backups/${name}/download`), 401);
    // Nothing was started by the refused request.
    expect((await admin.get('/api/backups')).body.items).toHaveLength(1);
  });

  it('serves only archive names it wrote: traversal and other files of the data folder are 400 or 404', async () => {
    for (const bad of [
      '..%2Ftessera.db',
      '..%2F..%2Fetc%2Fpasswd',
      'tessera.db',
      `${name}%2F..%2F..%2Ftessera.db`,
      `.partial-1-${name}`,
      `${name}.json`,
      '..%5C..%5Ctessera.db',
    ])
      expectError(await admin.get(`/api/backups/${bad}/download`), 400, '/name');
    // Dot segments are resolved by URL parsing before routing: they reach no backup route at all.
    for (const bad of ['%2E%2E', '..', '.'])
      expectError(await admin.get(`/api/backups/${bad}/download`), 404);
    expectError(await admin.get('/api/backups/tessera-20200101T000000000Z-manual.tar.gz/download'), 404);
    expect((await admin.raw('GET', `/api/backups/${name}/download`)).status).toBe(200);
  });

  it('refuses a second backup while one runs with 409 in the error shape', async () => {
    const first = await admin.post('/api/backups');
    expect(first.status).toBe(202);
    expectError(await admin.post('/api/backups'), 409);
    await settled(admin);
  });
});
