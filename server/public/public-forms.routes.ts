import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { auditFrom, clientIp } from '../audit/audit.service.js';
import { assertUnderLimit, countAttempt } from '../auth/rate-limit.js';
import type { AppEnv, Deps } from '../context.js';
import type { PublicLinksTable } from '../db/database.js';
import { forbidden, invalid } from '../errors.js';
import { loadModel } from '../forms/model-cache.js';
import { iso } from '../shared/clock.js';
import { valid } from '../shared/validate.js';
import { createRecords } from '../records/records.write.js';
import { checkStartedAt, signStartedAt } from './fill-token.js';
import { isPublicField, publicSchema } from './public-fields.js';
import { linkByToken, takeResponse } from './public-links.repository.js';
import { submitBody } from './public-links.schema.js';

/** Submissions per IP address per minute. */
export const submitsPerMinute = 10;

/** 403 with the reason when the link no longer takes answers. */
function assertOpen(link: PublicLinksTable, now: Date) {
  if (!Number(link.enabled)) throw forbidden('This form is closed');
  if (link.expires_at && link.expires_at <= iso(now)) throw forbidden('This link has expired');
  if (link.max_responses !== null && Number(link.responses) >= Number(link.max_responses)) throw forbidden('This form has received all the responses it takes');
}

async function openLink(deps: Deps, token: string) {
  const link = await linkByToken(deps.db, token);
  assertOpen(link, deps.clock.now());
  return { link, model: await loadModel(deps.db, link.form_id) };
}

/**
 * Public survey forms: /api/public/forms/:token, no sign-in (and so no CSRF token). Submissions
 * are rate-limited per IP, must leave the honeypot `_hp` empty and carry the signed `startedAt`
 * handed out with the form, at least a few seconds old.
 */
export const publicFormsRoutes = new Hono<AppEnv>()
  .get('/forms/:token', describeRoute({ tags: ['public'], summary: 'A public form: {name, jsonSchema, uiSchema, startedAt}' }), async (c) => {
    const deps = c.var.deps;
    const { link, model } = await openLink(deps, c.req.param('token'));
    c.header('cache-control', 'no-store');
    return c.json({ name: model.def.name, description: model.def.description ?? null, ...publicSchema(model), startedAt: signStartedAt(link.secret, link.token, deps.clock.now()), honeypot: '_hp' });
  })
  .post('/forms/:token/submit', describeRoute({ tags: ['public'], summary: 'Submit a public form (no login); 201 {id}' }), async (c, next) => {
    const deps = c.var.deps;
    const key = `public-submit:${clientIp(c) ?? 'unknown'}`;
    await assertUnderLimit(deps.db, key, submitsPerMinute, deps.clock.now());
    await countAttempt(deps.db, key, 60_000, deps.clock.now());
    await next();
  }, valid('json', submitBody), async (c) => {
    const deps = c.var.deps;
    const body = c.req.valid('json');
    const { link, model } = await openLink(deps, c.req.param('token'));
    if (body._hp) throw invalid('The form could not be accepted', [{ path: '/_hp', message: 'must be empty' }]);
    checkStartedAt(link.secret, link.token, body.startedAt, deps.clock.now());
    const closed = Object.keys(body.fields).filter((k) => model.byKey.has(k) && !isPublicField(model.byKey.get(k)!));
    if (closed.length) throw invalid(`${closed[0]} cannot be filled here`, closed.map((k) => ({ path: `/fields/${k}`, message: 'cannot be filled through a public link' })));
    const rec = await deps.db.transaction().execute(async (tx) => {
      if (!(await takeResponse(tx, link.form_id))) throw forbidden('This form has received all the responses it takes');
      const [r] = await createRecords(deps, tx, model, [{ fields: body.fields }], { userId: null, departmentId: null }, () => '/fields');
      await auditFrom(c, { action: 'record.created', targetType: model.def.id, targetId: r.id, summary: 'public link' }, tx);
      return r;
    });
    return c.json({ id: rec.id, formId: rec.formId, createdAt: rec.createdAt, fields: Object.fromEntries(Object.entries(rec.fields).filter(([k]) => isPublicField(model.byKey.get(k)!))) }, 201);
  });
