import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv, CurrentUser } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { loadView } from '../views/views.routes.js';
import { parseFilterParam } from '../filter/index.js';
import { checkWritable } from '../permissions/access.js';
import {
  assertInScope,
  checkWritableInState,
  presentAll,
  presentHistory,
  recordContext,
  revealedSensitive,
} from '../permissions/record-access.js';
import { valid } from '../shared/validate.js';
import { aggregate, aggregateSchema } from './aggregate.js';
import { writeRecord, writeRecords } from './record-op.js';
import { listRecords, recordHistory } from './records.query.js';
import { batchBody, createRecordBody, listQuery, patchRecordBody } from './records.schema.js';
import { type Actor, createRecords, loadRecord, patchRecord, setDeleted } from './records.write.js';

const actorOf = (u: CurrentUser): Actor => ({ userId: u.id, departmentId: u.mainDepartmentId });

/** Only callers whose scope covers every record may hand records to someone else. */
function checkReassign(scopeIsAll: boolean, body: { ownerId?: string | null; departmentId?: string | null }) {
  if (!scopeIsAll && (body.ownerId !== undefined || body.departmentId !== undefined))
    throw forbidden('You may not assign records to other owners or departments');
}

/** Records of a form: /api/forms/:formId/records… Every route checks the caller's rights. */
export const recordsRoutes = new Hono<AppEnv>()
  .get(
    '/:formId/records',
    describeRoute({
      tags: ['records'],
      summary: 'List records: filter, sort, search, paging by cursor or offset, count',
    }),
    valid('query', listQuery),
    async (c) => {
      const { db, engine } = c.var.deps;
      const rc = await recordContext(db, c.var.deps, c.var.user, c.req.param('formId'), 'read');
      const q = c.req.valid('query');
      const view = q.view ? await loadView(db, q.view) : undefined;
      if (
        view &&
        (view.formId !== rc.model.def.id || (view.shared === false && view.createdBy !== c.var.user.id))
      )
        throw notFound('View');
      const userFilter = q.filter ? parseFilterParam(q.filter, '/filter') : undefined;
      const filter =
        view?.filter && userFilter ? { and: [view.filter, userFilter] } : (userFilter ?? view?.filter);
      if (q.deleted === 'true' && !rc.access.actions.has('delete'))
        throw forbidden('You may not see the recycle bin of this form');
      const page = await listRecords(db, engine, rc.model, rc.fctx, {
        filter,
        scope: rc.access.scope[q.deleted === 'true' ? 'delete' : 'read'],
        scopeContext: rc.scopeContext,
        hidden: rc.access.hidden,
        sort: q.sort ?? view?.sort,
        q: q.q,
        limit: q.limit ?? 50,
        cursor: q.cursor,
        offset: q.offset,
        count: q.count === 'true',
        deleted: q.deleted === 'true',
      });
      return c.json({ ...page, items: await presentAll(db, rc, page.items, 'list') });
    },
  )
  .post(
    '/:formId/records',
    describeRoute({ tags: ['records'], summary: 'Create a record' }),
    valid('json', createRecordBody),
    async (c) => {
      const body = c.req.valid('json');
      const out = await writeRecord(c, {
        formId: c.req.param('formId'),
        action: 'create',
        present: 'detail',
        run: async (tx, rc) => {
          checkWritable(rc.access, body.fields);
          checkReassign(rc.access.scope.create === undefined, body);
          const [rec] = await createRecords(
            c.var.deps,
            tx,
            rc.model,
            [body],
            actorOf(c.var.user),
            () => '/fields',
            rc.readOf,
          );
          return rec;
        },
        audit: (rec, rc) => ({ action: 'record.created', targetType: rc.model.def.id, targetId: rec.id }),
      });
      return c.json(out, 201);
    },
  )
  .post(
    '/:formId/records/batch',
    describeRoute({ tags: ['records'], summary: 'Create up to 1000 records, all or nothing' }),
    valid('json', batchBody),
    async (c) => {
      const { records } = c.req.valid('json');
      const items = await writeRecords(c, {
        formId: c.req.param('formId'),
        action: 'create',
        present: 'list',
        run: (tx, rc) => {
          records.forEach((r, i) => {
            checkWritable(rc.access, r.fields, `/records/${i}/fields`);
            checkReassign(rc.access.scope.create === undefined, r);
          });
          return createRecords(
            c.var.deps,
            tx,
            rc.model,
            records,
            actorOf(c.var.user),
            (i) => `/records/${i}/fields`,
            rc.readOf,
          );
        },
        audit: (created, rc) => ({
          action: 'record.created',
          targetType: rc.model.def.id,
          summary: `${created.length} records`,
          details: { ids: created.map((r) => r.id) },
        }),
      });
      return c.json({ items }, 201);
    },
  )
  .post(
    '/:formId/aggregate',
    describeRoute({ tags: ['records'], summary: 'Counts and sums grouped by fields or date buckets' }),
    valid('json', aggregateSchema),
    async (c) => {
      const { db, engine, config } = c.var.deps;
      const rc = await recordContext(db, c.var.deps, c.var.user, c.req.param('formId'), 'read');
      return c.json(
        await aggregate(db, engine, rc.model, rc.fctx, c.req.valid('json'), config.timeZone, {
          scope: rc.access.scope.read,
          scopeContext: rc.scopeContext,
          hidden: rc.access.hidden,
        }),
      );
    },
  )
  .get(
    '/:formId/records/:recordId',
    describeRoute({ tags: ['records'], summary: 'One record' }),
    async (c) => {
      const db = c.var.deps.db;
      const rc = await recordContext(db, c.var.deps, c.var.user, c.req.param('formId'), 'read');
      await assertInScope(db, rc, c.req.param('recordId'), 'read');
      const rec = await loadRecord(db, rc.model, c.req.param('recordId'));
      const revealed = revealedSensitive(rc, rec);
      if (revealed.length)
        await auditFrom(c, {
          action: 'record.sensitive_read',
          targetType: rc.model.def.id,
          targetId: rec.id,
          summary: revealed.join(', '),
        });
      return c.json((await presentAll(db, rc, [rec], 'detail'))[0]);
    },
  )
  .patch(
    '/:formId/records/:recordId',
    describeRoute({ tags: ['records'], summary: 'Change fields; 409 when version is not current' }),
    valid('json', patchRecordBody),
    async (c) => {
      const body = c.req.valid('json');
      const recordId = c.req.param('recordId');
      const out = await writeRecord(c, {
        formId: c.req.param('formId'),
        action: 'update',
        recordId,
        present: 'detail',
        run: async (tx, rc) => {
          checkWritable(rc.access, body.fields);
          await checkWritableInState(tx, rc, recordId, body.fields);
          checkReassign(rc.access.scope.update === undefined, body);
          return patchRecord(c.var.deps, tx, rc.model, recordId, body, actorOf(c.var.user), rc.readOf);
        },
        audit: (rec, rc) => ({
          action: 'record.updated',
          targetType: rc.model.def.id,
          targetId: rec.id,
          summary: `version ${rec.version}`,
        }),
      });
      return c.json(out);
    },
  )
  .delete(
    '/:formId/records/:recordId',
    describeRoute({ tags: ['records'], summary: 'Move a record to the recycle bin' }),
    async (c) => {
      const recordId = c.req.param('recordId');
      const out = await writeRecord(c, {
        formId: c.req.param('formId'),
        action: 'delete',
        recordId,
        present: 'detail',
        run: (tx, rc) => setDeleted(c.var.deps, tx, rc.model, recordId, true, actorOf(c.var.user)),
        audit: (rec, rc) => ({ action: 'record.deleted', targetType: rc.model.def.id, targetId: rec.id }),
      });
      return c.json(out);
    },
  )
  .post(
    '/:formId/records/:recordId/restore',
    describeRoute({ tags: ['records'], summary: 'Restore a record from the recycle bin' }),
    async (c) => {
      const recordId = c.req.param('recordId');
      const out = await writeRecord(c, {
        formId: c.req.param('formId'),
        action: 'delete',
        recordId,
        inRecycleBin: true,
        present: 'detail',
        run: (tx, rc) => setDeleted(c.var.deps, tx, rc.model, recordId, false, actorOf(c.var.user)),
        audit: (rec, rc) => ({ action: 'record.restored', targetType: rc.model.def.id, targetId: rec.id }),
      });
      return c.json(out);
    },
  )
  .get(
    '/:formId/records/:recordId/history',
    describeRoute({ tags: ['records'], summary: 'Who changed what, when, before and after' }),
    async (c) => {
      const db = c.var.deps.db;
      const rc = await recordContext(db, c.var.deps, c.var.user, c.req.param('formId'), 'read');
      await assertInScope(db, rc, c.req.param('recordId'), 'read', true);
      return c.json({
        items: await presentHistory(db, rc, await recordHistory(db, rc.model, c.req.param('recordId'))),
        nextCursor: null,
      });
    },
  );
