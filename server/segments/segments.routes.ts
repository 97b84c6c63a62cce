import { type Context, Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { sql } from 'kysely';
import { z } from 'zod';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { compileFilter } from '../filter/index.js';
import { assertManage } from '../permissions/access.js';
import { presentAll, type RecordContext, recordContext } from '../permissions/record-access.js';
import { findRows, rowsToRecords } from '../records/records.repository.js';
import { iso } from '../shared/clock.js';
import { valid } from '../shared/validate.js';
import { type Segmentation, segmentationSchema } from './segments.schema.js';
import {
  checkSegmentation,
  churnCandidates,
  findSegmentation,
  refreshSegments,
  segmentCounts,
} from './segments.service.js';

const mayManage = (c: Context<AppEnv>, rc: RecordContext) =>
  assertManage(
    c.var.deps.db,
    c.var.user,
    rc.model.def.appId,
    rc.model.def.id,
    'You may not change the segmentation of this form',
  );

const scopeSql = (rc: RecordContext) =>
  rc.access.scope.read ? sql`${compileFilter(rc.access.scope.read, rc.scopeContext)}` : sql`1 = 1`;

/** Segmentation and churn warnings of a form: /api/forms/:formId/segmentation, …/churn. */
export const segmentsRoutes = new Hono<AppEnv>()
  .get(
    '/:formId/segmentation',
    describeRoute({
      tags: ['analysis'],
      summary: 'The segmentation rule set (RFM or value–potential) and churn settings',
    }),
    async (c) => {
      const rc = await recordContext(c.var.deps.db, c.var.deps, c.var.user, c.req.param('formId'), 'read');
      const seg = await findSegmentation(c.var.deps.db, rc.model.def.id);
      if (!seg) throw notFound('Segmentation');
      return c.json(seg);
    },
  )
  .put(
    '/:formId/segmentation',
    describeRoute({ tags: ['analysis'], summary: 'Set the rule set; every record is re-segmented at once' }),
    valid('json', segmentationSchema),
    async (c) => {
      const deps = c.var.deps;
      const seg = c.req.valid('json') as Segmentation;
      const out = await deps.db.transaction().execute(async (tx) => {
        const rc = await recordContext(tx, deps, c.var.user, c.req.param('formId'), 'read');
        await mayManage(c, rc);
        const errors = checkSegmentation(seg, rc.model);
        if (errors.length) throw invalid(`${errors[0].path}: ${errors[0].message}`, errors);
        const { $schema: _s, ...stored } = seg;
        const at = iso(deps.clock.now());
        await tx
          .insertInto('segmentations')
          .values({ form_id: rc.model.def.id, definition: JSON.stringify(stored), updated_at: at })
          .onConflict((oc) =>
            oc.column('form_id').doUpdateSet({ definition: JSON.stringify(stored), updated_at: at }),
          )
          .execute();
        await refreshSegments(tx, rc.model, stored, 'all', deps.clock.now(), deps.config.timeZone);
        await auditFrom(
          c,
          { action: 'form.updated', targetType: 'segmentation', targetId: rc.model.def.id, details: stored },
          tx,
        );
        return { ...stored, counts: await segmentCounts(tx, rc.model, stored) };
      });
      return c.json(out);
    },
  )
  .get(
    '/:formId/segmentation/matrix',
    describeRoute({
      tags: ['analysis'],
      summary: 'Records per segment, for the matrix chart (within the caller’s scope)',
    }),
    async (c) => {
      const rc = await recordContext(c.var.deps.db, c.var.deps, c.var.user, c.req.param('formId'), 'read');
      const seg = await findSegmentation(c.var.deps.db, rc.model.def.id);
      if (!seg?.rules) throw notFound('Segmentation');
      if (rc.access.hidden.has(seg.rules.targetField)) throw forbidden('You may not see this segmentation');
      return c.json({
        model: seg.rules.model,
        items: await segmentCounts(c.var.deps.db, rc.model, seg, scopeSql(rc)),
      });
    },
  )
  .get(
    '/:formId/churn',
    describeRoute({
      tags: ['analysis'],
      summary:
        'Churn warnings: records with no interaction for N days or a drop in interactions, with the reason',
    }),
    valid(
      'query',
      z.object({
        limit: z.coerce.number().int().min(1).max(500).optional(),
        inactiveDays: z.coerce.number().int().min(1).max(3650).optional(),
      }),
    ),
    async (c) => {
      const { db } = c.var.deps;
      const rc = await recordContext(db, c.var.deps, c.var.user, c.req.param('formId'), 'read');
      const seg = await findSegmentation(db, rc.model.def.id);
      if (!seg?.churn) throw notFound('Churn warning settings');
      const q = c.req.valid('query');
      const churn = {
        ...seg,
        churn: { ...seg.churn, ...(q.inactiveDays ? { inactiveDays: q.inactiveDays } : {}) },
      };
      const rows = await churnCandidates(
        db,
        rc.model,
        churn,
        c.var.deps.clock.now(),
        c.var.deps.config.timeZone,
        scopeSql(rc),
        q.limit ?? 100,
      );
      const found = await rowsToRecords(
        db,
        rc.model,
        await findRows(
          db,
          rc.model,
          rows.map((r) => r.id),
        ),
      );
      const records = new Map((await presentAll(db, rc, found, 'list')).map((r) => [r.id, r]));
      return c.json({ items: rows.map((r) => ({ ...r, record: records.get(r.id) })), nextCursor: null });
    },
  );
