import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import { precompressFiles } from '../vite.config.js';
import { type TestDb, freshDb } from './support/engines.js';

/** A small build of the web app: index.html and hashed files, precompressed by the same build step as the real one. */
async function fakeBuild(dir: string) {
  const js = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, name: "客户${i}" }`).join(', ')}];\n`;
  const files: Record<string, string> = {
    'index.html':
      '<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/main-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>',
    'assets/main-Ab12Cd34.js': js,
    'assets/main-Ef56Gh78.css': `${Array.from({ length: 200 }, (_, i) => `.c${i} { color: #${(i * 4321).toString(16).padStart(6, '0').slice(0, 6)}; }`).join('\n')}\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  await precompressFiles(dir, Object.keys(files));
  // A file the build step did not compress (say, a build made without it) is compressed per request.
  fs.writeFileSync(path.join(dir, 'assets/late-Ij90Kl12.js'), js.replace('rows', 'later'));
  return { js };
}

describe('the built web app as the server sends it', () => {
  let db: TestDb;
  let app: ReturnType<typeof createApp>;
  let webDir: string;
  let js: string;

  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-web-'));
    ({ js } = await fakeBuild(webDir));
    db = await freshDb('sqlite');
    app = createApp({ db: db.db, engine: 'sqlite', config: testConfig({ dataDir: db.dataDir }), webDir });
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  const get = (p: string, encoding?: string) =>
    app.request(p, { headers: encoding ? { 'accept-encoding': encoding } : {} });
  const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

  it('sends hashed files brotli- or gzip-compressed as the browser accepts, cached for a year', async () => {
    const br = await get('/assets/main-Ab12Cd34.js', 'gzip, deflate, br, zstd');
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toMatch(/javascript/);
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const brBody = await bytes(br);
    expect(brBody.length).toBeLessThan(js.length / 3);
    expect(zlib.brotliDecompressSync(brBody).toString()).toBe(js);

    const gz = await get('/assets/main-Ab12Cd34.js', 'gzip, deflate');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(zlib.gunzipSync(await bytes(gz)).toString()).toBe(js);

    const css = await get('/assets/main-Ef56Gh78.css', 'br');
    expect(css.headers.get('content-encoding')).toBe('br');
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('sends the file as it is to a client that accepts no compression', async () => {
    const plain = await get('/assets/main-Ab12Cd34.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await bytes(plain)).toString()).toBe(js);
  });

  it('gzips on the fly a file that has no precompressed copy', async () => {
    const res = await get('/assets/late-Ij90Kl12.js', 'gzip, br');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(zlib.gunzipSync(await bytes(res)).toString()).toBe(js.replace('rows', 'later'));
  });

  it('asks the browser to revalidate index.html, at the root and on every client-side route', async () => {
    for (const p of ['/', '/forms/abc', '/admin/users']) {
      const res = await get(p, 'gzip');
      expect(res.status, p).toBe(200);
      expect(res.headers.get('cache-control'), p).toBe('no-cache');
      const body =
        res.headers.get('content-encoding') === 'gzip'
          ? zlib.gunzipSync(await bytes(res)).toString()
          : await res.text();
      expect(body, p).toContain('<div id="root"></div>');
    }
  });

  it('answers 404 for a missing hashed file instead of index.html, and does not let it be cached', async () => {
    const res = await get('/assets/main-OldHash1.js', 'gzip');
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).not.toContain('<div id="root">');
  });

  it('leaves the API alone: no long-lived caching', async () => {
    const res = await get('/api/health', 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control') ?? '').not.toMatch(/immutable|max-age=31536000/);
  });
});
