import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../context.js';
import { AppError, badRequest, invalid, notFound } from '../errors.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { unstorableText } from '../shared/validate.js';
import { findByHook } from './automations.repository.js';
import { createRun } from './runs.repository.js';
import { wakeWorker } from './wake.js';

const digest = (s: string) => createHash('sha256').update(s).digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/**
 * An inbound webhook: no sign-in; the automation's secret comes in the path
 * (`/api/hooks/<hookId>/<secret>`) or the `x-tessera-secret` header. The JSON body must be an
 * object with the trigger's `required` keys; it is queued as a run (202) and read by templates
 * as `{{payload.…}}`.
 */
async function receive(c: Context<AppEnv>, pathSecret: string | undefined) {
  const deps = c.var.deps;
  const a = await findByHook(deps.db, c.req.param('hookId') ?? '');
  if (!a || !a.enabled || a.trigger.type !== 'webhook' || !a.trigger.secret) throw notFound('Webhook');
  const secret = pathSecret ?? c.req.header('x-tessera-secret');
  if (!secret || !sameSecret(secret, a.trigger.secret))
    throw new AppError('unauthorized', 'Wrong or missing webhook secret');
  let payload: unknown;
  try {
    const text = await c.req.text();
    payload = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw badRequest('The body is not JSON');
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload))
    throw invalid('The payload must be a JSON object', [{ path: '', message: 'must be an object' }]);
  const bad = unstorableText(payload);
  if (bad) throw invalid(bad.message, [bad]);
  const missing = (a.trigger.required ?? []).filter(
    (k) =>
      (payload as Record<string, unknown>)[k] === undefined ||
      (payload as Record<string, unknown>)[k] === null,
  );
  if (missing.length)
    throw invalid(
      `The payload lacks ${missing.join(', ')}`,
      missing.map((k) => ({ path: `/${k}`, message: 'is required' })),
    );
  const trigger = a.trigger;
  const now = iso(deps.clock.now());
  const runId = await deps.db.transaction().execute((tx) =>
    createRun(
      tx,
      {
        automation: a,
        eventKey: `hook:${newId('run')}`,
        formId: trigger.formId ?? null,
        recordId: null,
        trigger: { event: 'webhook', payload },
        depth: 0,
      },
      now,
    ),
  );
  wakeWorker();
  return c.json({ runId, status: 'running' }, 202);
}

export const hooksRoutes = new Hono<AppEnv>()
  .post(
    '/:hookId',
    describeRoute({
      tags: ['automations'],
      summary: 'Inbound webhook (secret in the x-tessera-secret header)',
      security: [],
    }),
    (c) => receive(c, undefined),
  )
  .post(
    '/:hookId/:secret',
    describeRoute({ tags: ['automations'], summary: 'Inbound webhook (secret in the path)', security: [] }),
    (c) => receive(c, c.req.param('secret')),
  );
