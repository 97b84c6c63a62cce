import type { Action } from '../automations.schema.js';
import { render, renderText } from '../template.js';
import { type ActionEnv, type ActionResult, PermanentError } from './action-env.js';

type WebhookAction = Extract<Action, { type: 'webhook' }>;

const maxResponse = 64 * 1024;

/**
 * Calls an outside URL with a JSON body. Runs in the worker, outside any transaction, so it never
 * holds up the request that caused it; a non-2xx answer or a timeout fails the action (and it is
 * retried). A dry run only describes the request.
 */
export async function webhookAction(env: ActionEnv, a: WebhookAction): Promise<ActionResult> {
  const url = renderText(a.url, env.rs.scope);
  if (!/^https?:\/\//i.test(url)) throw new PermanentError(`webhook: "${url.slice(0, 200)}" is not an http(s) URL`);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Tessera-Automation' };
  for (const [k, v] of Object.entries(a.headers ?? {})) headers[k.toLowerCase()] = renderText(v, env.rs.scope);
  const body = a.body === undefined || a.method === 'GET' ? undefined : JSON.stringify(render(a.body, env.rs.scope));
  const input = { method: a.method, url, headers, body: body === undefined ? undefined : JSON.parse(body) };
  env.log.input = input;
  if (env.dryRun) return { input, output: { dryRun: true, sent: false } };
  let res: Response;
  try {
    res = await fetch(url, { method: a.method, headers, body, signal: AbortSignal.timeout(a.timeoutMs), redirect: 'manual' });
  } catch (e) {
    throw new Error(`webhook: ${(e as Error).name === 'TimeoutError' ? `no answer within ${a.timeoutMs} ms` : (e as Error).message}`);
  }
  const text = (await res.text()).slice(0, maxResponse);
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* keep the text */
  }
  if (res.status < 200 || res.status > 299) throw new Error(`webhook: ${a.method} ${url} answered HTTP ${res.status}`);
  return { input, output: { status: res.status, body: parsed } };
}
