import type { Action } from '../automations.schema.js';
import { render, renderText } from '../template.js';
import { responseExcerpt } from '../../net/excerpt.js';
import { type OutboundResponse, outboundRequest } from '../../net/outbound.js';
import { OutboundError } from '../../net/outbound-error.js';
import { type ActionEnv, type ActionResult, PermanentError } from './action-env.js';

type WebhookAction = Extract<Action, { type: 'webhook' }>;

/**
 * Calls an outside URL with a JSON body through the guarded outbound client (server/net): addresses
 * inside are refused for good unless allow-listed (`TESSERA_WEBHOOK_ALLOW`). Runs in the worker, outside
 * any transaction, so it never holds up the request that caused it; a non-2xx answer or a timeout fails
 * the action (and it is retried). The run log keeps 1 KB of the answer. A dry run only describes the request.
 */
export async function webhookAction(env: ActionEnv, a: WebhookAction): Promise<ActionResult> {
  const url = renderText(a.url, env.rs.scope);
  if (!/^https?:\/\//i.test(url))
    throw new PermanentError(`webhook: "${url.slice(0, 200)}" is not an http(s) URL`);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Tessera-Automation',
  };
  for (const [k, v] of Object.entries(a.headers ?? {}))
    headers[k.toLowerCase()] = renderText(v, env.rs.scope);
  const body =
    a.body === undefined || a.method === 'GET' ? undefined : JSON.stringify(render(a.body, env.rs.scope));
  const input = { method: a.method, url, headers, body: body === undefined ? undefined : JSON.parse(body) };
  env.log.input = input;
  if (env.dryRun) return { input, output: { dryRun: true, sent: false } };
  let res: OutboundResponse;
  try {
    const request = { url, method: a.method, headers, body, timeoutMs: a.timeoutMs };
    res = await outboundRequest(request, { allow: env.deps.config.webhookAllow });
  } catch (e) {
    if (e instanceof OutboundError && e.permanent) throw new PermanentError(`webhook: ${e.message}`);
    throw new Error(`webhook: ${(e as Error).message}`, { cause: e });
  }
  const answer = responseExcerpt(res.body, res.truncated);
  if (res.status < 200 || res.status > 299) {
    const why = res.status >= 300 && res.status < 400 ? ' (redirects are not followed)' : '';
    throw new Error(`webhook: ${a.method} ${url} answered HTTP ${res.status}${why}`);
  }
  const output = { status: res.status, body: answer.body, ...(answer.truncated ? { truncated: true } : {}) };
  return { input, output };
}
