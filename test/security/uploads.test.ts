import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { expectError } from '../support/checks.js';
import { engines } from '../support/engines.js';
import { ADMIN, Client, type TestServer, startServer } from '../support/server.js';

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

describe.each(engines)('deeply nested JSON on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let formId: string;
  let appId: string;

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    appId = (await admin.post('/api/apps', { name: 'Deep' })).body.id;
    formId = (await admin.post(`/api/apps/${appId}/forms`, { key: 'things', name: 'Things', fields: [{ key: 'title', type: 'text', label: 'Title' }, { key: 'tags', type: 'multiselect', label: 'Tags', options: [{ value: 'a', label: 'A' }] }] })).body.id;
  });
  afterAll(() => s?.close());

  const body = (method: string, path: string, text: string, type = 'application/json') => admin.raw(method, path, { body: text, headers: { 'content-type': type } });

  it('answers 400, never a 500 or a stack overflow, to 100,000 nested arrays in any JSON body', async () => {
    const hostile = deep(100_000);
    const wrapped = `{"fields":{"title":"x","tags":${hostile}}}`;
    const routes: Array<[string, string, string]> = [
      ['POST', `/api/forms/${formId}/records`, wrapped],
      ['POST', `/api/forms/${formId}/records/batch`, `{"records":[${wrapped}]}`],
      ['POST', `/api/forms/${formId}/records/aggregate`, `{"filter":${hostile}}`],
      ['POST', `/api/forms/${formId}/views`, `{"name":"v","type":"grid","filter":${deepObject(100_000)}}`],
      ['PUT', `/api/forms/${formId}`, `{"name":"x","fields":${hostile}}`],
      ['POST', '/api/templates', hostile],
      ['POST', '/api/apps', `{"name":${hostile}}`],
      ['POST', '/api/auth/login', hostile],
      ['POST', '/api/hooks/hok_000000000000000000', hostile],
    ];
    for (const [method, path, text] of routes) {
      const r = await body(method, path, text);
      expectError(r, 400, '');
      expect(r.body.error.message).toMatch(/deeper than 64 levels/);
    }
    // Declared as plain text (an inbound webhook reads any body as JSON): refused all the same.
    expectError(await body('POST', '/api/hooks/hok_000000000000000000', hostile, 'text/plain'), 400);
  });

  it('answers 400 naming the parameter to thousands of nested arrays in a filter query parameter (as long as one may be)', async () => {
    for (const text of [deep(9000), `{"field":"title","op":"in","value":${deep(9000)}}`, deepObject(3000)]) {
      const r = await admin.get(`/api/forms/${formId}/records?filter=${encodeURIComponent(text)}`);
      expectError(r, 400, '/filter');
      expect(r.body.error.message).toMatch(/^filter: nests arrays and objects deeper than 64 levels/);
    }
    expectError(await admin.get(`/api/forms/${formId}/export?format=csv&filter=${encodeURIComponent(deep(9000))}`), 400, '/filter');
  });

  it('still takes JSON nested as deep as real documents go, and brackets inside strings do not count', async () => {
    const r = await admin.post(`/api/forms/${formId}/records`, { fields: { title: '['.repeat(400) } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const filter = { and: [{ or: [{ not: { field: 'title', op: 'in', value: ['['.repeat(400)] } }] }] };
    expect((await admin.get(`/api/forms/${formId}/records?filter=${encodeURIComponent(JSON.stringify(filter))}`)).status).toBe(200);
    const exported = await admin.get(`/api/apps/${appId}/export`);
    expect(exported.status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------
// Size settings: TESSERA_MAX_UPLOAD_MB for attachments and imports, TESSERA_MAX_BODY_MB for JSON.

describe.each(engines)('upload size settings on %s', (engine) => {
  let s: TestServer;
  let formId: string;
  /** A server whose JSON body limit (64 KB) is far below its upload limit (512 KB). */
  let small: Client;

  beforeAll(async () => {
    s = await startServer(engine);
    const admin = await s.client();
    const appId = (await admin.post('/api/apps', { name: 'Sizes' })).body.id;
    formId = (await admin.post(`/api/apps/${appId}/forms`, { key: 'things', name: 'Things', fields: [{ key: 'title', type: 'text', label: 'Title' }] })).body.id;
    const app = createApp({ db: s.db.db, engine, config: testConfig({ ...s.deps.config, maxBodyBytes: 64 * 1024, maxUploadBytes: 512 * 1024 }), clock: s.deps.clock });
    small = new Client(app);
    expect((await small.post('/api/auth/login', ADMIN)).status).toBe(200);
  });
  afterAll(() => s?.close());

  const file = (bytes: number, name: string) => {
    const f = new FormData();
    f.append('file', new Blob([new Uint8Array(bytes).fill(65)]), name);
    return f;
  };

  it('takes an attachment and an import up to the upload limit, far above the JSON body limit', async () => {
    const stored = await small.raw('POST', '/api/files', { body: file(500 * 1024, 'big.bin') });
    expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    expect(stored.body.size).toBe(500 * 1024);
    const csv = `title\n${'x'.repeat(1000)}\n`.repeat(1);
    const padded = new FormData();
    padded.append('file', new Blob([csv + `${'y'.repeat(1000)}\n`.repeat(450)]), 'big.csv');
    const preview = await small.raw('POST', `/api/forms/${formId}/import/preview`, { body: padded });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  });

  it('answers 413 to an attachment or an import over the upload limit, and to JSON over the body limit', async () => {
    expectError(await small.raw('POST', '/api/files', { body: file(600 * 1024, 'big.bin') }), 413);
    expectError(await small.raw('POST', `/api/forms/${formId}/import`, { body: file(600 * 1024, 'big.csv') }), 413);
    expectError(await small.raw('POST', `/api/forms/${formId}/import/preview`, { body: file(600 * 1024, 'big.csv') }), 413);
    expectError(await small.post(`/api/forms/${formId}/records`, { fields: { title: 'x'.repeat(100 * 1024) } }), 413);
  });
});
