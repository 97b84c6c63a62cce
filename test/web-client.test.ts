import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, api, call, onUnauthorized } from '../web/api/client.js';
import { engines } from './support/engines.js';
import { ADMIN, type TestServer, startServer } from './support/server.js';

/**
 * The browser around the web client, reduced to what it does for us: `fetch` goes to the real app
 * (`app.request`) with the cookies it set, and `document.cookie` shows the ones scripts may read.
 */
function browserFor(s: TestServer) {
  const jar = new Map<string, { value: string; httpOnly: boolean }>();
  const requests: Array<{ method: string; url: string; headers: Headers }> = [];
  let offline = false;
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    if (offline) throw new TypeError('Failed to fetch');
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, c]) => `${k}=${c.value}`).join('; '));
    requests.push({ method: init.method ?? 'GET', url: String(input), headers });
    const res = await s.app.request(String(input), { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      if (pair.slice(i + 1) === '' || /Max-Age=0/i.test(c)) jar.delete(pair.slice(0, i));
      else jar.set(pair.slice(0, i), { value: pair.slice(i + 1), httpOnly: /HttpOnly/i.test(c) });
    }
    return res;
  };
  const document = {
    get cookie() {
      return [...jar]
        .filter(([, c]) => !c.httpOnly)
        .map(([k, c]) => `${k}=${c.value}`)
        .join('; ');
    },
  };
  return {
    jar,
    requests,
    goOffline: (v: boolean) => (offline = v),
    install() {
      Object.assign(globalThis, { fetch, document });
    },
  };
}

const realFetch = globalThis.fetch;

describe.each(engines)('the web client against the real API on %s', (engine) => {
  let s: TestServer;
  let browser: ReturnType<typeof browserFor>;

  beforeAll(async () => {
    s = await startServer(engine);
    browser = browserFor(s);
    browser.install();
    await call(api.auth.login.$post, { json: ADMIN });
  });
  afterAll(async () => {
    Object.assign(globalThis, { fetch: realFetch });
    delete (globalThis as { document?: unknown }).document;
    await s?.close();
  });
  afterEach(() => browser.goOffline(false));

  it('signs in with the session cookie and answers typed bodies', async () => {
    const me = await call(api.auth.me.$get);
    expect(me.user.email).toBe(ADMIN.email);
    expect(me.user.isAdmin).toBe(true);
  });

  it('sends the CSRF header on writes and not on reads', async () => {
    const app = await call(api.apps.$post, { json: { name: '客户管理' } });
    expect(app.name).toBe('客户管理');
    const post = browser.requests.findLast((r) => r.method === 'POST')!;
    expect(post.headers.get('x-csrf-token')).toBe(browser.jar.get('tessera_csrf')!.value);
    await call(api.apps.$get);
    expect(browser.requests.at(-1)!.headers.get('x-csrf-token')).toBeNull();
    expect((await call(api.apps.$get)).items.map((a) => a.id)).toContain(app.id);
  });

  it('turns a refused body into an ApiError with a message per field', async () => {
    const { id: appId } = await call(api.apps.$post, { json: { name: '表单' } });
    const bad = call(api.apps[':appId'].forms.$post, {
      param: { appId },
      json: { key: '1bad', name: '客户', fields: [{ key: 'name', label: '', type: 'text' }] },
    });
    const e = await bad.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 422, code: 'validation_failed' });
    expect((e as ApiError).details.map((d) => d.path)).toEqual(
      expect.arrayContaining(['/key', '/fields/0/label']),
    );
  });

  it('percent-encodes path params, so an odd id is looked up rather than routed elsewhere', async () => {
    const e = await call(api.forms[':formId'].$get, { param: { formId: 'frm/../apps?x=1' } }).catch(
      (x: unknown) => x,
    );
    expect(e).toMatchObject({ status: 404, code: 'not_found' });
    expect((e as ApiError).message).not.toBe('No such API route');
    expect(browser.requests.at(-1)!.url).toBe('/api/forms/frm%2F..%2Fapps%3Fx%3D1');
  });

  it('uploads a file as multipart through the same client', async () => {
    const { id: appId } = await call(api.apps.$post, { json: { name: '导入' } });
    const form = await call(api.apps[':appId'].forms.$post, {
      param: { appId },
      json: { key: 'customers', name: '客户', fields: [{ key: 'name', label: '名称', type: 'text' }] },
    });
    const body = new FormData();
    body.append('file', new Blob(['名称\n华东\n']), 'customers.csv');
    const preview = await call(
      api.forms[':formId'].import.preview.$post,
      { param: { formId: form.id } },
      { init: { body } },
    );
    expect(preview.headers).toEqual(['名称']);
    expect(preview.mapping).toEqual({ 名称: 'name' });
  });

  it('answers a network failure as ApiError status 0', async () => {
    browser.goOffline(true);
    await expect(call(api.apps.$get)).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('tells the app shell about a 401, and only then', async () => {
    let told = 0;
    const stop = onUnauthorized(() => told++);
    await call(api.apps.$get);
    expect(told).toBe(0);
    await call(api.auth.logout.$post);
    await expect(call(api.auth.me.$get)).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(told).toBe(1);
    stop();
  });
});
