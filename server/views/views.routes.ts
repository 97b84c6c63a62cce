import { type Context, Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import type { Db } from '../db/database.js';
import { forbidden, invalid, notFound, type ErrorDetail } from '../errors.js';
import { checkFilter } from '../filter/index.js';
import { type RecordContext, recordContext } from '../permissions/record-access.js';
import { parseSort } from '../records/records.query.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { valid } from '../shared/validate.js';
import { indexView } from './view-index.js';
import { mergeHiddenIntoView, presentView, viewUsesHidden } from './view-sight.js';
import { type ViewDef, viewSchema } from './views.schema.js';

type ViewRow = {
  id: string;
  form_id: string;
  name: string;
  type: string;
  config: string;
  sort: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
};

const toView = (r: ViewRow) => ({
  ...(JSON.parse(r.config) as ViewDef),
  id: r.id,
  formId: r.form_id,
  name: r.name,
  type: r.type as ViewDef['type'],
  position: r.sort,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A saved view as the API answers it: the definition plus its identity and place in the list. */
export type SavedView = ReturnType<typeof toView>;

/** Checks that a view's field references exist (and are visible to its author). */
function checkView(rc: RecordContext, v: Partial<ViewDef>): void {
  const errors: ErrorDetail[] = [];
  if (v.filter) errors.push(...checkFilter(v.filter, rc.fctx, '/filter'));
  if (v.sort)
    try {
      parseSort(rc.model, v.sort, rc.fctx);
    } catch (e) {
      errors.push(...((e as { details?: ErrorDetail[] }).details ?? []));
    }
  const known = (k: string) => rc.fctx.fields.has(k) || (rc.model.byKey.has(k) && !rc.access.hidden.has(k));
  (v.fields ?? []).forEach(
    (k, i) => !known(k) && errors.push({ path: `/fields/${i}`, message: `unknown field "${k}"` }),
  );
  // Groups are read in the group field's order: a field the caller sees masked cannot group.
  const groupable = (k: string, path: string) =>
    !known(k)
      ? errors.push({ path, message: `unknown field "${k}"` })
      : rc.fctx.fields.get(k)?.exactOnly
        ? errors.push({ path, message: `cannot group by "${k}": it is masked for you` })
        : rc.model.filterFields.has(k) &&
          !rc.fctx.fields.has(k) &&
          errors.push({ path, message: `cannot group by "${k}"` });
  (v.groupBy ?? []).forEach((k, i) => groupable(k, `/groupBy/${i}`));
  if (v.kanban) groupable(v.kanban.groupField, '/kanban/groupField');
  if (v.calendar && !['date', 'datetime'].includes(rc.model.byKey.get(v.calendar.dateField)?.kind ?? ''))
    errors.push({ path: '/calendar/dateField', message: 'must be a date or date-time field' });
  if (errors.length) throw invalid(errors[0].message, errors);
}

/** A view as the caller sees it (404 when it filters, sorts or groups by a field hidden from them). */
function seenView<T extends Partial<ViewDef>>(rc: RecordContext, view: T): T {
  if (viewUsesHidden(view, rc.access.hidden)) throw notFound('View');
  return presentView(view, rc.access.hidden);
}

export async function loadView(db: Db, id: string) {
  const row = await db.selectFrom('views').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('View');
  return toView(row);
}

function mayEdit(
  c: Context<AppEnv>,
  rc: RecordContext,
  view: { createdBy: string | null; shared?: boolean },
) {
  if (rc.access.isAdmin || rc.access.actions.has('manage')) return;
  if (view.createdBy !== c.var.user.id || view.shared)
    throw forbidden('Only its author or a form manager may change this view');
}

/** Views of a form: /api/forms/:formId/views. */
export const formViewsRoutes = new Hono<AppEnv>()
  .get(
    '/:formId/views',
    describeRoute({ tags: ['views'], summary: 'Saved views of a form (shared ones and your own)' }),
    async (c) => {
      const db = c.var.deps.db;
      const rc = await recordContext(db, c.var.deps, c.var.user, c.req.param('formId'), 'read');
      const rows = await db
        .selectFrom('views')
        .selectAll()
        .where('form_id', '=', c.req.param('formId'))
        .orderBy('sort')
        .orderBy('created_at')
        .execute();
      const views = rows
        .map(toView)
        .filter(
          (v) =>
            (v.shared !== false || v.createdBy === c.var.user.id) && !viewUsesHidden(v, rc.access.hidden),
        );
      return c.json({ items: views.map((v) => presentView(v, rc.access.hidden)), nextCursor: null });
    },
  )
  .post(
    '/:formId/views',
    describeRoute({ tags: ['views'], summary: 'Save a view' }),
    valid('json', viewSchema),
    async (c) => {
      const deps = c.var.deps;
      const rc = await recordContext(deps.db, deps, c.var.user, c.req.param('formId'), 'read');
      const body = c.req.valid('json');
      if (body.shared !== false && !rc.access.isAdmin && !rc.access.actions.has('manage'))
        body.shared = false;
      checkView(rc, body);
      const now = iso(deps.clock.now());
      const { name, type, position, ...config } = body;
      const row = {
        id: newId('viw'),
        form_id: rc.model.def.id,
        name,
        type,
        config: JSON.stringify(config),
        sort: position ?? 0,
        created_by: c.var.user.id,
        created_at: now,
        updated_at: now,
      };
      await deps.db.insertInto('views').values(row).execute();
      await auditFrom(c, {
        action: 'view.created',
        targetType: 'view',
        targetId: row.id,
        summary: `${rc.model.def.name}: ${name}`,
      });
      await indexView(deps, rc.model, body.filter, body.sort);
      return c.json(toView(row), 201);
    },
  );

/** One view: /api/views/:viewId. */
export const viewsRoutes = new Hono<AppEnv>()
  .get('/:viewId', describeRoute({ tags: ['views'], summary: 'A saved view' }), async (c) => {
    const view = await loadView(c.var.deps.db, c.req.param('viewId'));
    const rc = await recordContext(c.var.deps.db, c.var.deps, c.var.user, view.formId, 'read');
    if (view.shared === false && view.createdBy !== c.var.user.id) throw notFound('View');
    return c.json(seenView(rc, view));
  })
  .patch(
    '/:viewId',
    describeRoute({ tags: ['views'], summary: 'Change a view' }),
    valid('json', viewSchema.partial()),
    async (c) => {
      const deps = c.var.deps;
      const view = await loadView(deps.db, c.req.param('viewId'));
      const rc = await recordContext(deps.db, deps, c.var.user, view.formId, 'read');
      mayEdit(c, rc, seenView(rc, view));
      const body = c.req.valid('json');
      const { id: _i, formId: _f, createdBy: _c, createdAt: _ca, updatedAt: _u, ...current } = view;
      // Checked as the caller sees it; stored with what was hidden from them put back.
      const seen = { ...seenView(rc, current), ...body };
      checkView(rc, seen);
      const next = mergeHiddenIntoView(seen, current, rc.access.hidden);
      const { name, type, position, ...config } = next;
      await deps.db
        .updateTable('views')
        .set({
          name,
          type,
          config: JSON.stringify(config),
          sort: position ?? 0,
          updated_at: iso(deps.clock.now()),
        })
        .where('id', '=', view.id)
        .execute();
      await auditFrom(c, {
        action: 'view.updated',
        targetType: 'view',
        targetId: view.id,
        summary: `${rc.model.def.name}: ${name}`,
      });
      await indexView(deps, rc.model, next.filter, next.sort);
      return c.json(seenView(rc, await loadView(deps.db, view.id)));
    },
  )
  .delete('/:viewId', describeRoute({ tags: ['views'], summary: 'Delete a view' }), async (c) => {
    const deps = c.var.deps;
    const view = await loadView(deps.db, c.req.param('viewId'));
    const rc = await recordContext(deps.db, deps, c.var.user, view.formId, 'read');
    mayEdit(c, rc, seenView(rc, view));
    await deps.db.deleteFrom('views').where('id', '=', view.id).execute();
    await auditFrom(c, {
      action: 'view.deleted',
      targetType: 'view',
      targetId: view.id,
      summary: `${rc.model.def.name}: ${view.name}`,
    });
    return c.json({ ok: true });
  });
