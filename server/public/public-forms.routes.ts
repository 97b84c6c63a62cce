import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { auditFrom, clientIp } from '../audit/audit.service.js';
import { takeAttempt } from '../auth/rate-limit.js';
import type { AppEnv, Deps } from '../context.js';
import type { PublicLinksTable } from '../db/database.js';
import { forbidden, invalid } from '../errors.js';
import { loadModel } from '../forms/model-cache.js';
import { iso } from '../shared/clock.js';
import { valid } from '../shared/validate.js';
import { createRecords } from '../records/records.write.js';
import { newId } from '../shared/ids.js';
import { checkStartedAt, forgetStaleFillTokens, signStartedAt, spendFillToken } from './fill-token.js';
import { isPublicField, publicSchema } from './public-fields.js';
import { linkByToken, takeResponse } from './public-links.repository.js';
import { submitBody } from './public-links.schema.js';
import { uniqueClashOf } from './unique-clash.js';

/** Submissions per IP address per minute. */
export const submitsPerMinute = 10;

/** 403 with the reason when the link no longer takes answers. */
function assertOpen(link: PublicLinksTable, now: Date) {
  if (!Number(link.enabled)) throw forbidden('This form is closed');
  if (link.expires_at && link.expires_at <= iso(now)) throw forbidden('This link has expired');
  if (link.max_responses !== null && Number(link.responses) >= Number(link.max_responses))
    throw forbidden('This form has received all the responses it takes');
}

async function openLink(deps: Deps, token: string) {
  const link = await linkByToken(deps.db, token);
  assertOpen(link, deps.clock.now());
  return { link, model: await loadModel(deps.db, link.form_id) };
}

/**
 * Public survey forms: /api/public/forms/:token, no sign-in (and so no CSRF token). Submissions
 * are rate-limited per IP, must leave the honeypot `_hp` empty and carry the signed `startedAt`
 * handed out with the form, at least a few seconds old; each `startedAt` takes one submission.
 * A submission whose only fault is a unique value another record has is answered like a
 * success (and not stored, but audited), so the link never tells whether a value exists.
 */
export const publicFormsRoutes = new Hono<AppEnv>()
  .get(
    '/forms/:token',
    describeRoute({ tags: ['public'], summary: 'A public form: {name, jsonSchema, uiSchema, startedAt}' }),
    async (c) => {
      const deps = c.var.deps;
      const { link, model } = await openLink(deps, c.req.param('token'));
      c.header('cache-control', 'no-store');
      return c.json({
        name: model.def.name,
        description: model.def.description ?? null,
        ...publicSchema(model),
        startedAt: signStartedAt(link.secret, link.token, deps.clock.now()),
        honeypot: '_hp',
      });
    },
  )
  .post(
    '/forms/:token/submit',
    describeRoute({ tags: ['public'], summary: 'Submit a public form (no login); 201 {id}' }),
    async (c, next) => {
      const deps = c.var.deps;
      await takeAttempt(
        deps.db,
        `public-submit:${clientIp(c) ?? 'unknown'}`,
        submitsPerMinute,
        60_000,
        deps.clock.now(),
      );
      await next();
    },
    valid('json', submitBody),
    async (c) => {
      const deps = c.var.deps;
      const body = c.req.valid('json');
      const { link, model } = await openLink(deps, c.req.param('token'));
      if (body._hp)
        throw invalid('The form could not be accepted', [{ path: '/_hp', message: 'must be empty' }]);
      const now = deps.clock.now();
      const signature = checkStartedAt(link.secret, link.token, body.startedAt, now);
      const closed = Object.keys(body.fields).filter(
        (k) => model.byKey.has(k) && !isPublicField(model.byKey.get(k)!),
      );
      if (closed.length)
        throw invalid(
          `${closed[0]} cannot be filled here`,
          closed.map((k) => ({ path: `/fields/${k}`, message: 'cannot be filled through a public link' })),
        );
      await forgetStaleFillTokens(deps.db, now);
      try {
        const rec = await deps.db.transaction().execute(async (tx) => {
          await spendFillToken(tx, link.form_id, signature, now);
          if (!(await takeResponse(tx, link.form_id)))
            throw forbidden('This form has received all the responses it takes');
          const [r] = await createRecords(
            deps,
            tx,
            model,
            [{ fields: body.fields }],
            { userId: null, departmentId: null },
            () => '/fields',
          );
          await auditFrom(
            c,
            { action: 'record.created', targetType: model.def.id, targetId: r.id, summary: 'public link' },
            tx,
          );
          return r;
        });
        return c.json({ id: rec.id, formId: rec.formId, createdAt: rec.createdAt }, 201);
      } catch (e) {
        const fault = uniqueClashOf(model, e);
        if (fault !== 'taken') throw fault;
        // Answered like a success; the token is spent as a success would spend it.
        await deps.db.transaction().execute(async (tx) => {
          await spendFillToken(tx, link.form_id, signature, now);
          const summary = 'public link: a unique value is already used; not stored';
          await auditFrom(c, { action: 'record.public_duplicate', targetType: model.def.id, summary }, tx);
        });
        return c.json({ id: newId('rec'), formId: model.def.id, createdAt: iso(now) }, 201);
      }
    },
  );
