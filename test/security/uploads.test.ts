import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { claimJob } from '../../server/imports/import-jobs.repository.js';
import { resumeImports } from '../../server/imports/import-recovery.js';
import { runningImports, staleMs, uploadFile } from '../../server/imports/import-runner.js';
import { testConfig } from '../../server/config.js';
import { expectError } from '../support/checks.js';
import { engines } from '../support/engines.js';
import { ADMIN, Client, type Reply, type TestServer, startServer } from '../support/server.js';

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
    formId = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'things',
        name: 'Things',
        fields: [
          { key: 'title', type: 'text', label: 'Title' },
          { key: 'tags', type: 'multiselect', label: 'Tags', options: [{ value: 'a', label: 'A' }] },
        ],
      })
    ).body.id;
  });
  afterAll(() => s?.close());

  const body = (method: string, path: string, text: string, type = 'application/json') =>
    admin.raw(method, path, { body: text, headers: { 'content-type': type } });

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

  it('refuses a deeply nested payload to a real inbound webhook, whatever content type it claims', async () => {
    const a = await admin.post(`/api/apps/${appId}/automations`, {
      name: 'hook',
      trigger: { type: 'webhook' },
      actions: [{ type: 'createRecord', formId, fields: { title: '{{payload.title}}' } }],
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const { hookId, secret } = a.body.trigger;
    const send = (text: string, type: string) =>
      s.anonymous().raw('POST', `/api/hooks/${hookId}`, {
        body: text,
        headers: { 'content-type': type, 'x-tessera-secret': secret },
      });
    expectError(await send(`{"title":${deep(100_000)}}`, 'application/json'), 400);
    // A type no route reads as JSON passes the body guard; the webhook's own check still refuses the value.
    const r = await send(`{"title":${deep(100_000)}}`, 'application/x-www-form-urlencoded');
    expectError(r, 422, '/title');
    expect(r.body.error.message).toMatch(/deeper than 64 levels/);
    expect((await send('{"title":"fine"}', 'application/x-www-form-urlencoded')).status).toBe(202);
  });

  it('answers 400 naming the parameter to thousands of nested arrays in a filter query parameter (as long as one may be)', async () => {
    for (const text of [deep(9000), `{"field":"title","op":"in","value":${deep(9000)}}`, deepObject(3000)]) {
      const r = await admin.get(`/api/forms/${formId}/records?filter=${encodeURIComponent(text)}`);
      expectError(r, 400, '/filter');
      expect(r.body.error.message).toMatch(
        /^filter(\/\w+)*: nests arrays and objects deeper than 64 levels$/,
      );
    }
    expectError(
      await admin.get(`/api/forms/${formId}/export?format=csv&filter=${encodeURIComponent(deep(9000))}`),
      400,
      '/filter',
    );
  });

  it('still takes JSON nested as deep as real documents go, and brackets inside strings do not count', async () => {
    const r = await admin.post(`/api/forms/${formId}/records`, { fields: { title: '['.repeat(400) } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const filter = { and: [{ or: [{ not: { field: 'title', op: 'in', value: ['['.repeat(400)] } }] }] };
    expect(
      (await admin.get(`/api/forms/${formId}/records?filter=${encodeURIComponent(JSON.stringify(filter))}`))
        .status,
    ).toBe(200);
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
    formId = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'things',
        name: 'Things',
        fields: [{ key: 'title', type: 'text', label: 'Title' }],
      })
    ).body.id;
    const app = createApp({
      db: s.db.db,
      engine,
      config: testConfig({ ...s.deps.config, maxBodyBytes: 64 * 1024, maxUploadBytes: 512 * 1024 }),
      clock: s.deps.clock,
    });
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
    // Streamed to disk and moved into storage: the bytes come back as sent.
    const back = await small.raw('GET', `/api/files/${stored.body.id}`);
    expect(back.status).toBe(200);
    expect(back.body).toBe('A'.repeat(500 * 1024));
    const csv = `title\n${'x'.repeat(1000)}\n`.repeat(1);
    const padded = new FormData();
    padded.append('file', new Blob([csv + `${'y'.repeat(1000)}\n`.repeat(450)]), 'big.csv');
    const preview = await small.raw('POST', `/api/forms/${formId}/import/preview`, { body: padded });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  });

  it('answers 413 to an attachment or an import over the upload limit, and to JSON over the body limit', async () => {
    expectError(await small.raw('POST', '/api/files', { body: file(600 * 1024, 'big.bin') }), 413);
    expectError(
      await small.raw('POST', `/api/forms/${formId}/import`, { body: file(600 * 1024, 'big.csv') }),
      413,
    );
    expectError(
      await small.raw('POST', `/api/forms/${formId}/import/preview`, { body: file(600 * 1024, 'big.csv') }),
      413,
    );
    expectError(
      await small.post(`/api/forms/${formId}/records`, { fields: { title: 'x'.repeat(100 * 1024) } }),
      413,
    );
    // A refused upload leaves nothing behind in the data folder.
    const temp = path.join(s.deps.config.dataDir, 'uploads');
    expect(fs.existsSync(temp) ? fs.readdirSync(temp) : []).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile import files, generated here (never held whole, neither here nor in the server), against
// the real limits of server/imports/limits.ts. The server runs in this process: its memory is ours.

const MB = 1024 * 1024;
const enc = new TextEncoder();

/** A multipart body streamed from `content` (pieces of the file), with the session of `client`. */
function streamedUpload(
  app: TestServer['app'],
  client: Client,
  path: string,
  name: string,
  content: () => AsyncIterable<Uint8Array>,
): Promise<Reply> {
  const boundary = '----tessera-hostile';
  async function* body() {
    yield enc.encode(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`,
    );
    yield* content();
    yield enc.encode(`\r\n--${boundary}--\r\n`);
  }
  const it = body()[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>({
    async pull(ctl) {
      const { done, value } = await it.next();
      if (done) ctl.close();
      else ctl.enqueue(value);
    },
  });
  const headers: Record<string, string> = {
    'content-type': `multipart/form-data; boundary=${boundary}`,
    cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    'x-csrf-token': client.cookies.get('tessera_csrf') ?? '',
  };
  return Promise.resolve(
    app.request(
      new Request(`http://localhost${path}`, {
        method: 'POST',
        body: stream,
        headers,
        duplex: 'half',
      } as RequestInit),
    ),
  ).then(async (res) => ({ status: res.status, body: await res.json(), headers: res.headers }));
}

/** `count` pieces of `piece`, encoded once. */
async function* repeated(piece: string, count: number, head = ''): AsyncGenerator<Uint8Array> {
  if (head) yield enc.encode(head);
  const bytes = enc.encode(piece);
  for (let i = 0; i < count; i++) yield bytes;
}

/** A deflated entry: its bytes, their size and CRC. */
interface Packed {
  packed: Buffer;
  size: number;
  crc: number;
}

const pack = (data: Buffer): Packed => ({
  packed: zlib.deflateRawSync(data),
  size: data.length,
  crc: zlib.crc32(data),
});

/** A zip archive of deflated entries; `declare` sets a size other than the true one (a lie). */
function zip(entries: Array<{ name: string; data: Packed; declare?: number }>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const { packed, crc } = e.data;
    const name = Buffer.from(e.name);
    const size = e.declare ?? e.data.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, packed);
    central.push(dir, name);
    offset += 30 + name.length + packed.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dirBytes, end]);
}

/** A workbook whose first sheet is `sheet` (XML of its rows) and whose shared strings are `strings`. */
function workbook(sheet: Buffer | Packed, strings?: Buffer, declareSheet?: number): Buffer {
  const x = (s: string) => pack(Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`));
  return zip([
    {
      name: '[Content_Types].xml',
      data: x('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    },
    {
      name: 'xl/workbook.xml',
      data: x('<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: x('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
    },
    ...(strings ? [{ name: 'xl/sharedStrings.xml', data: pack(strings) }] : []),
    {
      name: 'xl/worksheets/sheet1.xml',
      data: Buffer.isBuffer(sheet) ? pack(sheet) : sheet,
      declare: declareSheet,
    },
  ]);
}

const sheetXml = (rows: string) => Buffer.from(`<worksheet><sheetData>${rows}</sheetData></worksheet>`);

async function* chunksOf(buf: Buffer): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += MB) yield buf.subarray(i, i + MB);
}

describe.each(engines)('hostile import files on %s', (engine) => {
  let s: TestServer;
  let app: TestServer['app'];
  let admin: Client;
  let formId: string;
  const bound = 250 * MB;

  beforeAll(async () => {
    s = await startServer(engine);
    // Uploads up to 300 MB, so the 200 MB line reaches the reader.
    app = createApp({
      db: s.db.db,
      engine,
      config: testConfig({ ...s.deps.config, maxUploadBytes: 300 * MB }),
      clock: s.deps.clock,
    });
    admin = new Client(app);
    expect((await admin.post('/api/auth/login', ADMIN)).status).toBe(200);
    const appId = (await admin.post('/api/apps', { name: 'Hostile' })).body.id;
    formId = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'things',
        name: 'Things',
        fields: [{ key: 'title', type: 'text', label: 'title' }],
      })
    ).body.id;
  });
  afterAll(() => s?.close());

  /**
   * Runs `work` while sampling this process's memory and asking /api/health every 20 ms; asserts
   * memory grew less than `bound` and health always answered, within a second.
   */
  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    let slowest = 0;
    let answered = 0;
    let stop = false;
    let heap = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss);
      heap = Math.max(heap, m.heapUsed);
    }, 10);
    const prober = (async () => {
      while (!stop) {
        const t0 = performance.now();
        const r = await app.request('/api/health');
        slowest = Math.max(slowest, performance.now() - t0);
        if (r.status === 200) answered++;
        await new Promise((res) => setTimeout(res, 20));
      }
    })();
    try {
      return await work();
    } finally {
      stop = true;
      await prober;
      clearInterval(sampler);
      expect(
        peak - base,
        `memory grew by ${Math.round((peak - base) / MB)} MB (heap peak ${Math.round(heap / MB)} MB)`,
      ).toBeLessThan(bound);
      expect(answered).toBeGreaterThan(0);
      expect(slowest, 'the slowest /api/health answer (ms)').toBeLessThan(1000);
    }
  }

  /** Starts an import of the streamed file and waits for its job to end. */
  async function importJob(name: string, content: () => AsyncIterable<Uint8Array>) {
    const r = await streamedUpload(app, admin, `/api/forms/${formId}/import`, name, content);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    await runningImports.get(r.body.jobId);
    return (await admin.get(`/api/imports/${r.body.jobId}`)).body;
  }
  const preview = (name: string, content: () => AsyncIterable<Uint8Array>) =>
    streamedUpload(app, admin, `/api/forms/${formId}/import/preview`, name, content);

  it('fails an import of a 200 MB single line at the 1 MB row limit, in bounded memory, answering meanwhile', async () => {
    const job = await guarded(() => importJob('line.csv', () => repeated('x'.repeat(MB), 200, 'title\n')));
    expect(job).toMatchObject({ status: 'failed', processed: 0, created: 0 });
    expect(job.error).toBe("Row 2 exceeds the 1 MB limit on a row's length (1,048,576 characters)");
    expect((await admin.get(`/api/forms/${formId}/records?count=true&limit=1`)).body.total).toBe(0);
  }, 60_000);

  it('refuses a quote never closed in the preview at the row limit, saying a quote may be missing', async () => {
    const r = await guarded(() =>
      preview('quote.csv', () => repeated('more text, and a line\n', 400_000, 'title\n"never closed,')),
    );
    expectError(r, 422, '/file');
    expect(r.body.error.message).toBe(
      "Row 2 exceeds the 1 MB limit on a row's length (1,048,576 characters) (a quoted field may be missing its closing quote)",
    );
  }, 30_000);

  it('refuses millions of tiny columns at the column limit', async () => {
    const r = await guarded(() => preview('wide.csv', () => repeated(','.repeat(MB), 3)));
    expectError(r, 422, '/file');
    expect(r.body.error.message).toBe('Row 1 has more than the 1,000-column limit');
    const job = await guarded(() => importJob('wide.csv', () => repeated(','.repeat(MB), 3, 'title\nx')));
    expect(job).toMatchObject({ status: 'failed', error: 'Row 2 has more than the 1,000-column limit' });
  }, 30_000);

  it('fails an import of more rows than the row limit before writing any', async () => {
    const job = await guarded(() =>
      importJob('rows.csv', () => repeated('x\n'.repeat(100_000), 21, 'title\n')),
    );
    expect(job).toMatchObject({
      status: 'failed',
      created: 0,
      error: 'The file has more than the 2,000,000-row limit',
    });
  }, 30_000);

  it('refuses a zip bomb, whether its sizes are honest or lie', async () => {
    // 200 MB of cells deflated as they are made (never held) into a few hundred KB.
    const piece = Buffer.from('<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(20_000));
    const deflate = zlib.createDeflateRaw({ level: 9 });
    const packed: Buffer[] = [];
    deflate.on('data', (d: Buffer) => packed.push(d));
    let size = 0;
    let crc = 0;
    for (const part of [
      Buffer.from('<worksheet><sheetData>'),
      ...Array.from({ length: Math.ceil((200 * MB) / piece.length) }, () => piece),
    ]) {
      size += part.length;
      crc = zlib.crc32(part, crc);
      if (!deflate.write(part)) await once(deflate, 'drain');
    }
    deflate.end();
    await once(deflate, 'end');
    const bomb: Packed = { packed: Buffer.concat(packed), size, crc };
    const honest = workbook(bomb);
    const lying = workbook(bomb, undefined, 4096);
    expect(honest.length).toBeLessThan(2 * MB);
    const a = await guarded(() => preview('bomb.xlsx', () => chunksOf(honest)));
    expectError(a, 422, '/file');
    expect(a.body.error.message).toBe(
      'The file\'s part "xl/worksheets/sheet1.xml" decompresses to more than 100 times its size (a zip bomb?)',
    );
    const b = await guarded(() => importJob('lying.xlsx', () => chunksOf(lying)));
    expect(b.status).toBe('failed');
    expect(b.error).toMatch(
      /^The file is not a readable XLSX workbook: "xl\/worksheets\/sheet1.xml" holds more than its declared size$|zip bomb/,
    );
  }, 60_000);

  it('refuses a shared string table beyond its limit', async () => {
    const strings: string[] = ['<sst>'];
    for (let i = 0; i < 1_000_001; i++) strings.push(`<si><t>${(i * 7919).toString(36)}</t></si>`);
    strings.push('</sst>');
    const book = workbook(
      sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
      Buffer.from(strings.join('')),
    );
    const r = await guarded(() => preview('strings.xlsx', () => chunksOf(book)));
    expectError(r, 422, '/file');
    expect(r.body.error.message).toBe(
      "The workbook's shared string table has more than 1,000,000 entries or 32 M characters (the import limit)",
    );
  }, 60_000);

  it('still imports an ordinary workbook read by the same bounded reader', async () => {
    const book = workbook(
      sheetXml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>B &amp; C</t></is></c></row>',
      ),
      Buffer.from('<sst><si><t>title</t></si><si><r><t>A</t></r><r><t>1</t></r></si></sst>'),
    );
    const job = await importJob('ok.xlsx', () => chunksOf(book));
    expect(job).toMatchObject({ status: 'succeeded', created: 2 });
    const titles = (await admin.get(`/api/forms/${formId}/records?sort=title`)).body.items.map(
      (x: any) => x.fields.title,
    );
    expect(titles).toEqual(['A1', 'B & C']);
  });
});

// ---------------------------------------------------------------------------------------------
// An import that stops its server is resumed once, never into the same stop again.

describe.each(engines)('an import that stopped the server on %s', (engine) => {
  let s: TestServer;
  let admin: Client;
  let formId: string;
  let adminId: string;
  const dead = 'another-host#4242#abc';
  const stale = () => new Date(Date.now() - staleMs - 60_000).toISOString();

  beforeAll(async () => {
    s = await startServer(engine);
    admin = await s.client();
    adminId = (await admin.get('/api/auth/me')).body.user.id;
    const appId = (await admin.post('/api/apps', { name: 'Crashes' })).body.id;
    formId = (
      await admin.post(`/api/apps/${appId}/forms`, {
        key: 'things',
        name: 'Things',
        fields: [{ key: 'title', type: 'text', label: 'title' }],
      })
    ).body.id;
  });
  afterAll(() => s?.close());

  /** A job as its process leaves it when it dies after committing rows 2…lastRow of its file. */
  async function stoppedJob(id: string, lastRow: number) {
    const at = stale();
    await s.db.db
      .insertInto('import_jobs')
      .values({
        id,
        form_id: formId,
        user_id: adminId,
        status: 'running',
        file_name: 'rows.csv',
        format: 'csv',
        options: JSON.stringify({ dryRun: false }),
        mapping: null,
        total: 5,
        processed: Math.max(0, lastRow - 1),
        created: Math.max(0, lastRow - 1),
        updated: 0,
        skipped: 0,
        failed: 0,
        errors: '[]',
        error: null,
        created_at: at,
        started_at: at,
        finished_at: null,
        runner: dead,
        heartbeat_at: at,
        last_row: lastRow,
      })
      .execute();
    fs.mkdirSync(path.dirname(uploadFile(s.deps.config.dataDir, id)), { recursive: true });
    fs.writeFileSync(
      uploadFile(s.deps.config.dataDir, id),
      `title\n${[1, 2, 3, 4, 5].map((i) => `${id}-${i}`).join('\n')}\n`,
    );
  }
  const row = (id: string) =>
    s.db.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const job = async (id: string) => (await admin.get(`/api/imports/${id}`)).body;

  it('resumes a job its stopped process left running, once, and counts the takeover', async () => {
    await stoppedJob('imp_once00000000000000', 3);
    expect(await resumeImports(s.deps)).toEqual(['imp_once00000000000000']);
    await runningImports.get('imp_once00000000000000');
    expect(await job('imp_once00000000000000')).toMatchObject({ status: 'succeeded', processed: 5 });
    expect(Number((await row('imp_once00000000000000')).resumes)).toBe(1);
  });

  it('fails a job left running a second time, naming where it stopped, instead of resuming it into the same stop', async () => {
    for (const [id, lastRow] of [
      ['imp_twice0000000000000', 3],
      ['imp_twice0000000000001', 0],
    ] as const) {
      await stoppedJob(id, lastRow);
      // The first stop: a process takes the job over as resumeImports does, and dies in the same place.
      expect(await claimJob(s.db.db, id, dead, 'another-host#5151#def', stale(), true)).toBe(true);
      expect(await resumeImports(s.deps)).toEqual([]);
      const j = await job(id);
      expect(j).toMatchObject({ status: 'failed', processed: Math.max(0, lastRow - 1) });
      expect(j.finishedAt).toBeTruthy();
      expect(fs.existsSync(uploadFile(s.deps.config.dataDir, id))).toBe(false);
    }
    expect((await job('imp_twice0000000000000')).error).toBe(
      'The import stopped the server twice (the second time in the rows after row 3) and is not resumed again: 2 rows were processed (through row 3 of the file); check the rows after that and import the rest again',
    );
    expect((await job('imp_twice0000000000001')).error).toMatch(
      /^The import stopped the server twice \(the second time before it saved a row\) and is not resumed again: 0 rows were processed;/,
    );
    // Nothing of either file was written by a third run.
    const titles = (await admin.get(`/api/forms/${formId}/records?limit=100`)).body.items.map(
      (r: any) => r.fields.title,
    );
    expect(titles.filter((t: string) => t.startsWith('imp_twice'))).toEqual([]);
  });
});
