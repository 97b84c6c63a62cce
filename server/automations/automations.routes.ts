import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import { conflict, notFound } from '../errors.js';
import { assertInScope, recordContext } from '../permissions/record-access.js';
import { publishSchema } from '../schemas/schemas.routes.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { valid } from '../shared/validate.js';
import { deleteAutomation, findAutomation, listAutomations } from './automations.repository.js';
import { automationSchema, runBody, runsQuery, testBody } from './automations.schema.js';
import { assertManager, createAutomation, updateAutomation } from './automations.service.js';
import { dryRun } from './dry-run.js';
import { retryRun } from './runner.js';
import { visibleRuns } from './run-visibility.js';
import { createRun, findRun, listRuns, toRun } from './runs.repository.js';
import { wakeWorker } from './wake.js';

publishSchema('automation', automationSchema);

/** An app's automations: /api/apps/:appId/automations. */
export const appAutomationsRoutes = new Hono<AppEnv>()
  .get(
    '/:appId/automations',
    describeRoute({ tags: ['automations'], summary: 'Automations of an app' }),
    async (c) => {
      const appId = c.req.param('appId');
      await assertManager(c.var.deps, c.var.user, appId);
      return c.json({ items: await listAutomations(c.var.deps.db, appId), nextCursor: null });
    },
  )
  .post(
    '/:appId/automations',
    describeRoute({ tags: ['automations'], summary: 'Create an automation: when … if … then …' }),
    valid('json', automationSchema),
    async (c) => {
      const a = await createAutomation(c.var.deps, c.var.user, c.req.param('appId'), c.req.valid('json'));
      await auditFrom(c, {
        action: 'automation.created',
        targetType: 'automation',
        targetId: a.id,
        summary: a.name,
      });
      return c.json(a, 201);
    },
  );

/** One automation, its runs, dry runs and the record button: /api/automations/:id. */
export const automationsRoutes = new Hono<AppEnv>()
  .get('/:id', describeRoute({ tags: ['automations'], summary: 'An automation' }), async (c) => {
    const a = await findAutomation(c.var.deps.db, c.req.param('id'));
    await assertManager(c.var.deps, c.var.user, a.appId);
    return c.json(a);
  })
  .put(
    '/:id',
    describeRoute({
      tags: ['automations'],
      summary: 'Replace an automation (a new version; old ones are kept)',
    }),
    valid('json', automationSchema),
    async (c) => {
      const a = await updateAutomation(c.var.deps, c.var.user, c.req.param('id'), c.req.valid('json'));
      await auditFrom(c, {
        action: 'automation.updated',
        targetType: 'automation',
        targetId: a.id,
        summary: a.name,
      });
      return c.json(a);
    },
  )
  .delete(
    '/:id',
    describeRoute({ tags: ['automations'], summary: 'Delete an automation with its runs' }),
    async (c) => {
      const deps = c.var.deps;
      const a = await findAutomation(deps.db, c.req.param('id'));
      await assertManager(deps, c.var.user, a.appId);
      await deps.db.transaction().execute((tx) => deleteAutomation(tx, a.id));
      await auditFrom(c, {
        action: 'automation.deleted',
        targetType: 'automation',
        targetId: a.id,
        summary: a.name,
      });
      return c.json({ ok: true });
    },
  )
  .get(
    '/:id/versions',
    describeRoute({ tags: ['automations'], summary: 'Earlier versions, newest first' }),
    async (c) => {
      const deps = c.var.deps;
      const a = await findAutomation(deps.db, c.req.param('id'));
      await assertManager(deps, c.var.user, a.appId);
      const rows = await deps.db
        .selectFrom('automation_versions')
        .selectAll()
        .where('automation_id', '=', a.id)
        .orderBy('version', 'desc')
        .limit(100)
        .execute();
      return c.json({
        items: rows.map((r) => ({
          version: r.version,
          createdBy: r.created_by,
          createdAt: r.created_at,
          definition: JSON.parse(r.definition),
        })),
        nextCursor: null,
      });
    },
  )
  .get(
    '/:id/runs',
    describeRoute({
      tags: ['automations'],
      summary: 'Runs, newest first: trigger, status, each action’s outcome, timings',
    }),
    valid('query', runsQuery),
    async (c) => {
      const deps = c.var.deps;
      const a = await findAutomation(deps.db, c.req.param('id'));
      await assertManager(deps, c.var.user, a.appId);
      const page = await listRuns(deps.db, a.id, c.req.valid('query'));
      return c.json({ ...page, items: await visibleRuns(deps.db, c.var.user, a, page.items) });
    },
  )
  .get('/:id/runs/:runId', describeRoute({ tags: ['automations'], summary: 'One run' }), async (c) => {
    const deps = c.var.deps;
    const a = await findAutomation(deps.db, c.req.param('id'));
    await assertManager(deps, c.var.user, a.appId);
    const run = await findRun(deps.db, c.req.param('runId'));
    if (run.automation_id !== a.id) throw notFound('Run');
    return c.json((await visibleRuns(deps.db, c.var.user, a, [toRun(run)]))[0]);
  })
  .post(
    '/:id/runs/:runId/retry',
    describeRoute({ tags: ['automations'], summary: 'Run a failed run again from the failed action' }),
    async (c) => {
      const deps = c.var.deps;
      const a = await findAutomation(deps.db, c.req.param('id'));
      await assertManager(deps, c.var.user, a.appId);
      const run = await findRun(deps.db, c.req.param('runId'));
      if (run.automation_id !== a.id) throw notFound('Run');
      if (run.status !== 'failed')
        throw conflict(`Only a failed run can be retried; this one is ${run.status}`);
      await retryRun(deps, run.id);
      wakeWorker();
      return c.json((await visibleRuns(deps.db, c.var.user, a, [toRun(await findRun(deps.db, run.id))]))[0]);
    },
  )
  .post(
    '/:id/test',
    describeRoute({
      tags: ['automations'],
      summary: 'Dry run against a record: what would happen, nothing kept',
    }),
    valid('json', testBody),
    async (c) => {
      const deps = c.var.deps;
      const a = await findAutomation(deps.db, c.req.param('id'));
      await assertManager(deps, c.var.user, a.appId);
      return c.json(await dryRun(deps, c.var.user, a, c.req.valid('json')));
    },
  )
  .post(
    '/:id/run',
    describeRoute({ tags: ['automations'], summary: 'The button on a record: run this automation for it' }),
    valid('json', runBody),
    async (c) => {
      const deps = c.var.deps;
      const a = await findAutomation(deps.db, c.req.param('id'));
      if (a.trigger.type !== 'button') throw conflict('This automation is not started by a button');
      if (!a.enabled) throw conflict('This automation is disabled');
      const { recordId } = c.req.valid('json');
      const formId = a.trigger.formId;
      const rc = await recordContext(deps.db, deps, c.var.user, formId, 'update');
      await assertInScope(deps.db, rc, recordId, 'update');
      const now = iso(deps.clock.now());
      const runId = await deps.db.transaction().execute((tx) =>
        createRun(
          tx,
          {
            automation: a,
            eventKey: `button:${newId('run')}`,
            formId,
            recordId,
            trigger: { event: 'button', userId: c.var.user.id },
            depth: 0,
          },
          now,
        ),
      );
      wakeWorker();
      return c.json(toRun(await findRun(deps.db, runId!)), 202);
    },
  );
