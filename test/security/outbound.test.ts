import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../server/context.js';
import { outboundRequest, type Resolver } from '../../server/net/outbound.js';
import { OutboundError } from '../../server/net/outbound-error.js';
import { engines } from '../support/engines.js';
import { automation, create, type Crm, crm, drain, runsOf } from '../automations.helpers.js';

/** A receiver the test starts on a loopback address; it counts connections and requests. */
async function receiver(handle: http.RequestListener, host = '127.0.0.1', port = 0) {
  const seen = { connections: 0, requests: [] as Array<{ url?: string; host?: string }> };
  const server = http.createServer((req, res) => {
    seen.requests.push({ url: req.url, host: req.headers.host });
    handle(req, res);
  });
  server.on('connection', () => seen.connections++);
  await new Promise<void>((ok) => server.listen(port, host, ok));
  const bound = (server.address() as AddressInfo).port;
  return {
    seen,
    port: bound,
    url: `http://${host}:${bound}/hook`,
    close: () => new Promise<void>((ok) => (server.closeAllConnections(), server.close(() => ok()))),
  };
}

const ok: http.RequestListener = (_req, res) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');

describe.each(engines)('outbound webhooks cannot reach inside the network on %s', (engine) => {
  let c: Crm;
  let rx: Awaited<ReturnType<typeof receiver>>;
  /** The same server with no allow-list, as in production by default. */
  let bare: Deps;
  let name = 0;
  const hook = async (url: string, extra: Record<string, unknown> = {}) => {
    const key = `hook ${++name}`;
    const a = await automation(c, {
      trigger: { type: 'record.created', formId: c.customers },
      condition: { field: 'name', op: 'eq', value: key },
      actions: [{ type: 'webhook', url, body: { id: '{{record.id}}' }, ...extra }],
    });
    return { id: a.id as string, fire: () => create(c, c.customers, { name: key }) };
  };
  const onlyRun = async (id: string) => {
    const runs = await runsOf(c, id);
    expect(runs).toHaveLength(1);
    return runs[0];
  };

  beforeAll(async () => {
    c = await crm(engine);
    bare = { ...c.s.deps, config: { ...c.s.deps.config, webhookAllow: [] } };
    rx = await receiver(ok);
  });
  afterAll(async () => {
    await rx?.close();
    await c?.s.close();
  });

  it('refuses a loopback receiver for good, without retrying, until an admin allow-lists 127.0.0.1', async () => {
    const refused = await hook(rx.url);
    await refused.fire();
    await drain(bare);
    const run = await onlyRun(refused.id);
    expect(run.status).toBe('failed');
    expect(run.error).toContain(
      'webhook: 127.0.0.1 is a loopback address; an admin can allow it with TESSERA_WEBHOOK_ALLOW',
    );
    expect(run.steps[0]).toMatchObject({ type: 'webhook', attempts: 1 });
    expect(rx.seen.connections).toBe(0);

    const allowed = await hook(rx.url);
    await allowed.fire();
    await drain(c.s.deps); // the test config allow-lists 127.0.0.1
    expect(await onlyRun(allowed.id)).toMatchObject({
      status: 'succeeded',
      steps: [{ output: { status: 200, body: { ok: true } } }],
    });
    expect(rx.seen.requests).toHaveLength(1);
  });

  it('refuses every spelling of an inside address, and the metadata service even when its network is allowed', async () => {
    const p = rx.port;
    const cases: Array<[string, RegExp]> = [
      [
        `http://localhost:${p}/`,
        /webhook: localhost resolves to (127\.0\.0\.1|::1), a loopback address; an admin can allow/,
      ],
      [`http://2130706433:${p}/`, /webhook: 127\.0\.0\.1 is a loopback address/],
      [`http://0x7f.1:${p}/`, /webhook: 127\.0\.0\.1 is a loopback address/],
      [`http://0177.0.0.1:${p}/`, /webhook: 127\.0\.0\.1 is a loopback address/],
      [`http://[::ffff:127.0.0.1]:${p}/`, /webhook: ::ffff:127\.0\.0\.1 is a loopback address/],
      [`http://[::1]:${p}/`, /webhook: ::1 is a loopback address/],
      [`http://0.0.0.0:${p}/`, /webhook: 0\.0\.0\.0 is an unspecified address/],
      [
        'http://10.0.0.5/',
        /webhook: 10\.0\.0\.5 is a private address; an admin can allow it with TESSERA_WEBHOOK_ALLOW/,
      ],
      ['http://[64:ff9b::a00:5]/', /webhook: 64:ff9b::a00:5 is a private address/],
      ['http://100.64.1.1/', /webhook: 100\.64\.1\.1 is a shared \(carrier-grade NAT\) address/],
      [
        'http://169.254.169.254/latest/meta-data/',
        /webhook: 169\.254\.169\.254 is a cloud metadata address and is never called/,
      ],
      ['http://[fd00:ec2::254]/', /webhook: fd00:ec2::254 is a cloud metadata address and is never called/],
      [
        'http://metadata.google.internal/computeMetadata/v1/',
        /webhook: metadata\.google\.internal is a cloud metadata service/,
      ],
      ['http://example.com:22/', /webhook: port 22 is not allowed; only 80, 443 and 1024–65535 are/],
    ];
    const hooks = await Promise.all(cases.map(([url]) => hook(url)));
    for (const h of hooks) await h.fire();
    // An admin who allowed the link-local and unique-local networks still does not open the metadata service.
    const linkLocal = {
      ...bare,
      config: { ...bare.config, webhookAllow: ['169.254.0.0/16', 'fd00::/8', 'metadata.google.internal'] },
    };
    await drain(linkLocal);
    for (const [i, h] of hooks.entries()) {
      const run = await onlyRun(h.id);
      expect(run.status, cases[i][0]).toBe('failed');
      expect(run.error, cases[i][0]).toMatch(cases[i][1]);
      expect(run.steps[0].attempts, cases[i][0]).toBe(1);
    }
    expect(rx.seen.connections).toBe(1); // only the allowed call of the previous test
  });

  it('reads at most 64 KB of a huge answer, closes the connection and logs only 1 KB of it', async () => {
    const total = 50 * 1024 * 1024;
    let written = 0;
    let closed = false;
    const huge = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.on('close', () => (closed = true));
      const more = () => {
        while (!closed && written < total) {
          written += 16 * 1024;
          if (!res.write('x'.repeat(16 * 1024))) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    try {
      const h = await hook(huge.url);
      await h.fire();
      await drain(c.s.deps);
      const run = await onlyRun(h.id);
      expect(run.status).toBe('succeeded');
      expect(run.steps[0].output).toEqual({ status: 200, body: 'x'.repeat(1024), truncated: true });
      await expect.poll(() => closed).toBe(true);
      expect(written).toBeLessThan(8 * 1024 * 1024);
    } finally {
      await huge.close();
    }
  });

  it('cuts a receiver that drips its answer a byte at a time at the time limit, and retries it later', async () => {
    let closed = false;
    const slow = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 50);
      res.on('close', () => {
        clearInterval(drip);
        closed = true;
      });
    });
    try {
      const h = await hook(slow.url, { timeoutMs: 600 });
      await h.fire();
      const started = Date.now();
      await drain(c.s.deps);
      expect(Date.now() - started).toBeLessThan(3000);
      const run = await onlyRun(h.id);
      expect(run).toMatchObject({
        status: 'running',
        error: expect.stringContaining('webhook: no answer within 600 ms'),
      });
      expect(run.resumeAt).toBeTruthy();
      await expect.poll(() => closed).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it('does not follow a redirect, not even to an allowed address', async () => {
    const target = await receiver(ok);
    const redirect = await receiver((_req, res) => res.writeHead(302, { location: target.url }).end());
    try {
      const h = await hook(redirect.url);
      await h.fire();
      await drain(c.s.deps);
      const run = await onlyRun(h.id);
      expect(run.error).toContain('answered HTTP 302 (redirects are not followed)');
      expect(redirect.seen.requests).toHaveLength(1);
      expect(target.seen.connections).toBe(0);
    } finally {
      await target.close();
      await redirect.close();
    }
  });
});

describe('the outbound client', () => {
  const answers = (...lists: string[][]) => {
    const calls: string[] = [];
    const resolve: Resolver = async (name) => {
      calls.push(name);
      const list = lists[Math.min(calls.length, lists.length) - 1];
      return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return { calls, resolve };
  };
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => expect.fail('the call went through'),
      (e: unknown) => {
        expect(e).toBeInstanceOf(OutboundError);
        return e as OutboundError;
      },
    );

  it('connects to the address it checked, so a second DNS answer cannot rebind the name inside', async () => {
    const outside = await receiver((_req, res) => res.end('checked'), '127.0.0.1');
    const inside = await receiver((_req, res) => res.end('inside'), '127.0.0.2', outside.port);
    try {
      // 127.0.0.1 stands for a public address here: it is the one the admin allowed.
      const dns = answers(['127.0.0.1'], ['127.0.0.2']);
      const policy = { allow: ['127.0.0.1'], resolve: dns.resolve };
      const url = `http://rebind.test:${outside.port}/x`;
      const headers = { host: 'admin.internal' }; // a caller cannot redirect virtual hosting either
      const res = await outboundRequest({ url, method: 'GET', headers, timeoutMs: 2000 }, policy);
      expect(res).toMatchObject({ status: 200, address: '127.0.0.1' });
      expect(res.body.toString()).toBe('checked');
      expect(dns.calls).toEqual(['rebind.test']);
      expect(outside.seen.requests).toEqual([{ url: '/x', host: `rebind.test:${outside.port}` }]);

      const e = await refusal(outboundRequest({ url, method: 'GET', timeoutMs: 2000 }, policy));
      expect(e).toMatchObject({
        permanent: true,
        message: expect.stringContaining('rebind.test resolves to 127.0.0.2, a loopback address'),
      });
      expect(inside.seen.connections).toBe(0);
    } finally {
      await inside.close();
      await outside.close();
    }
  });

  it('refuses a host if any of its addresses is inside, and lets an allow-listed host through but never to metadata', async () => {
    const mixed = answers(['93.184.215.14', '10.0.0.5']);
    const e = await refusal(
      outboundRequest(
        { url: 'http://mixed.test/', method: 'GET', timeoutMs: 2000 },
        { allow: [], resolve: mixed.resolve },
      ),
    );
    expect(e).toMatchObject({
      permanent: true,
      message: expect.stringContaining('mixed.test resolves to 10.0.0.5, a private address'),
    });

    const rx = await receiver(ok);
    try {
      const named = answers(['127.0.0.1'], ['169.254.169.254']);
      const policy = { allow: ['hooks.internal'], resolve: named.resolve };
      const url = `http://hooks.internal:${rx.port}/`;
      expect(
        await outboundRequest({ url, method: 'POST', body: '{}', timeoutMs: 2000 }, policy),
      ).toMatchObject({ status: 200 });
      const meta = await refusal(outboundRequest({ url, method: 'POST', timeoutMs: 2000 }, policy));
      expect(meta.message).toContain(
        'hooks.internal resolves to 169.254.169.254, a cloud metadata address and is never called',
      );
      expect(rx.seen.requests).toHaveLength(1);
    } finally {
      await rx.close();
    }
  });

  it('refuses other schemes and malformed requests for good, and retries what may heal', async () => {
    const call = (url: string, headers?: Record<string, string>) =>
      refusal(outboundRequest({ url, method: 'GET', headers, timeoutMs: 1000 }, { allow: ['127.0.0.1'] }));
    expect(await call('file:///etc/passwd')).toMatchObject({ permanent: true });
    expect(await call('gopher://127.0.0.1:7000/')).toMatchObject({ permanent: true });
    expect(await call('http://[::1/')).toMatchObject({
      permanent: true,
      message: expect.stringContaining('not a valid URL'),
    });
    expect(await call('http://127.0.0.1:1024/', { 'x-a': 'line\nbreak' })).toMatchObject({ permanent: true });
    const unused = await receiver(ok);
    await unused.close();
    expect(await call(`http://127.0.0.1:${unused.port}/`)).toMatchObject({
      permanent: false,
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  const openssl = (() => {
    try {
      execFileSync('openssl', ['version']);
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!openssl)(
    'speaks TLS to the pinned address under the host name: SNI and certificate checks use the name',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-tls-'));
      const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
      const subject = ['-subj', '/CN=hooks.test', '-addext', 'subjectAltName=DNS:hooks.test'];
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '2',
          ...subject,
        ],
        { stdio: 'ignore' },
      );
      const names: string[] = [];
      const SNICallback = (name: string, done: (e: Error | null) => void) => (names.push(name), done(null));
      const server = https.createServer(
        { key: fs.readFileSync(key), cert: fs.readFileSync(cert), SNICallback },
        ok,
      );
      server.on('tlsClientError', () => {});
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      try {
        const { port } = server.address() as AddressInfo;
        const dns = answers(['127.0.0.1']);
        const call = outboundRequest(
          { url: `https://hooks.test:${port}/`, method: 'GET', timeoutMs: 2000 },
          { allow: ['hooks.test'], resolve: dns.resolve },
        );
        // The certificate is the test's own, so the call fails, but on trust, not on the name: it was checked for hooks.test.
        const e = await refusal(call);
        expect(e).toMatchObject({
          permanent: false,
          message: expect.stringMatching(/self[- ]signed certificate/),
        });
        expect(dns.calls).toEqual(['hooks.test']);
        expect(names).toEqual(['hooks.test']);
      } finally {
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
