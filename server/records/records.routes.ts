import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { requireAuth } from '../auth/auth.middleware.js';
import type { AppEnv, CurrentUser } from '../context.js';
import { type FilterContext, parseFilterParam } from '../filter/index.js';
import type { FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { valid } from '../shared/validate.js';
import { aggregate, aggregateSchema } from './aggregate.js';
import { listRecords, recordHistory } from './records.query.js';
import { batchBody, createRecordBody, listQuery, patchRecordBody } from './records.schema.js';
import { type Actor, createRecords, loadRecord, patchRecord, setDeleted } from './records.write.js';

const actorOf = (u: CurrentUser): Actor => ({ userId: u.id, departmentId: u.mainDepartmentId });

function filterContext(model: FormModel, user: CurrentUser, deps: AppEnv['Variables']['deps']): FilterContext {
  return { fields: model.filterFields, userId: user.id, departmentIds: user.departmentIds, now: deps.clock.now(), timeZone: deps.config.timeZone, engine: deps.engine };
}

/** Records of a form: /api/forms/:formId/records… */
export const recordsRoutes = new Hono<AppEnv>()
  .use(requireAuth)
  .get('/:formId/records', describeRoute({ tags: ['records'], summary: 'List records: filter, sort, search, cursor paging, count' }), valid('query', listQuery), async (c) => {
    const { db, engine } = c.var.deps;
    const model = await loadModel(db, c.req.param('formId'));
    const q = c.req.valid('query');
    return c.json(
      await listRecords(db, engine, model, filterContext(model, c.var.user, c.var.deps), {
        filter: q.filter ? parseFilterParam(q.filter) : undefined,
        sort: q.sort,
        q: q.q,
        limit: q.limit ?? 50,
        cursor: q.cursor,
        count: q.count === 'true',
        deleted: q.deleted === 'true',
      }),
    );
  })
  .post('/:formId/records', describeRoute({ tags: ['records'], summary: 'Create a record' }), valid('json', createRecordBody), async (c) => {
    const deps = c.var.deps;
    const body = c.req.valid('json');
    const [rec] = await deps.db.transaction().execute(async (tx) => {
      const model = await loadModel(tx, c.req.param('formId'));
      return createRecords(deps, tx, model, [body], actorOf(c.var.user), () => '/fields');
    });
    return c.json(rec, 201);
  })
  .post('/:formId/records/batch', describeRoute({ tags: ['records'], summary: 'Create up to 1000 records, all or nothing' }), valid('json', batchBody), async (c) => {
    const deps = c.var.deps;
    const { records } = c.req.valid('json');
    const items = await deps.db.transaction().execute(async (tx) => {
      const model = await loadModel(tx, c.req.param('formId'));
      return createRecords(deps, tx, model, records, actorOf(c.var.user), (i) => `/records/${i}/fields`);
    });
    return c.json({ items }, 201);
  })
  .post('/:formId/aggregate', describeRoute({ tags: ['records'], summary: 'Counts and sums grouped by fields or date buckets' }), valid('json', aggregateSchema), async (c) => {
    const { db, engine, config } = c.var.deps;
    const model = await loadModel(db, c.req.param('formId'));
    return c.json(await aggregate(db, engine, model, filterContext(model, c.var.user, c.var.deps), c.req.valid('json'), config.timeZone));
  })
  .get('/:formId/records/:recordId', describeRoute({ tags: ['records'], summary: 'One record' }), async (c) => {
    const model = await loadModel(c.var.deps.db, c.req.param('formId'));
    return c.json(await loadRecord(c.var.deps.db, model, c.req.param('recordId')));
  })
  .patch('/:formId/records/:recordId', describeRoute({ tags: ['records'], summary: 'Change fields; 409 when version is not current' }), valid('json', patchRecordBody), async (c) => {
    const deps = c.var.deps;
    const rec = await deps.db.transaction().execute(async (tx) => {
      const model = await loadModel(tx, c.req.param('formId'));
      return patchRecord(deps, tx, model, c.req.param('recordId'), c.req.valid('json'), actorOf(c.var.user));
    });
    return c.json(rec);
  })
  .delete('/:formId/records/:recordId', describeRoute({ tags: ['records'], summary: 'Move a record to the recycle bin' }), async (c) => {
    const deps = c.var.deps;
    const rec = await deps.db.transaction().execute(async (tx) => setDeleted(deps, tx, await loadModel(tx, c.req.param('formId')), c.req.param('recordId'), true, actorOf(c.var.user)));
    return c.json(rec);
  })
  .post('/:formId/records/:recordId/restore', describeRoute({ tags: ['records'], summary: 'Restore a record from the recycle bin' }), async (c) => {
    const deps = c.var.deps;
    const rec = await deps.db.transaction().execute(async (tx) => setDeleted(deps, tx, await loadModel(tx, c.req.param('formId')), c.req.param('recordId'), false, actorOf(c.var.user)));
    return c.json(rec);
  })
  .get('/:formId/records/:recordId/history', describeRoute({ tags: ['records'], summary: 'Who changed what, when, before and after' }), async (c) => {
    const db = c.var.deps.db;
    const model = await loadModel(db, c.req.param('formId'));
    await loadRecord(db, model, c.req.param('recordId'), true);
    return c.json({ items: await recordHistory(db, model, c.req.param('recordId')), nextCursor: null });
  });
