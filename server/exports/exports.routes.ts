import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import { notFound } from '../errors.js';
import { type Filter, parseFilterParam } from '../filter/index.js';
import { type FormAccess, need } from '../permissions/access.js';
import { presentAll, recordContext } from '../permissions/record-access.js';
import { listRecords } from '../records/records.query.js';
import { valid } from '../shared/validate.js';
import { loadView } from '../views/views.routes.js';
import { type CellValue, loadNames } from './cell-text.js';
import { exportColumns } from './export-columns.js';
import { csvStream, xlsxStream } from './export-writers.js';

const exportQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  filter: z.string().max(20000).optional(),
  sort: z.string().max(500).optional(),
  q: z.string().max(200).optional(),
  view: z.string().max(40).optional(),
  fields: z.string().max(5000).optional(),
});

/**
 * The records an export may hold: those the caller may read and that a grant with `export` covers
 * (a role may let its holder read every record but export only their own).
 */
function exportScope(access: FormAccess): Filter | undefined {
  const { read, export: exp } = access.scope;
  return read && exp ? { and: [read, exp] } : (read ?? exp);
}

/** Records per page read from the database while streaming. */
const pageSize = 500;

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * GET /api/forms/:formId/export: the records the caller may read and export (the `export` right,
 * which admins always have), as CSV or XLSX, streamed page by page with the list's keyset cursor.
 * Hidden fields are left out and sensitive ones masked exactly as in lists; cells never run as
 * formulas in a spreadsheet (csvCell); every export is written to the audit log.
 */
export const exportsRoutes = new Hono<AppEnv>().get(
  '/:formId/export',
  describeRoute({
    tags: ['records'],
    summary:
      'Export records as CSV (UTF-8 with BOM) or XLSX: ?format&filter&sort&q&view&fields (needs the export right)',
  }),
  valid('query', exportQuery),
  async (c) => {
    const { db, engine, config } = c.var.deps;
    const q = c.req.valid('query');
    const rc = await recordContext(db, c.var.deps, c.var.user, c.req.param('formId'), 'read');
    need(rc.access, 'export');
    const view = q.view ? await loadView(db, q.view) : undefined;
    if (
      view &&
      (view.formId !== rc.model.def.id || (view.shared === false && view.createdBy !== c.var.user.id))
    )
      throw notFound('View');
    const userFilter = q.filter ? parseFilterParam(q.filter, '/filter') : undefined;
    const filter: Filter | undefined =
      view?.filter && userFilter ? { and: [view.filter, userFilter] } : (userFilter ?? view?.filter);
    const columns = exportColumns(rc, q.fields, view?.fields);
    const names = await loadNames(db, config.timeZone);

    const page = (cursor?: string) =>
      listRecords(db, engine, rc.model, rc.fctx, {
        filter,
        scope: exportScope(rc.access),
        scopeContext: rc.scopeContext,
        hidden: rc.access.hidden,
        sort: q.sort ?? view?.sort ?? 'createdAt',
        q: q.q,
        limit: pageSize,
        cursor,
      });
    const rows = async (items: Awaited<ReturnType<typeof page>>['items']): Promise<CellValue[][]> =>
      (await presentAll(db, rc, items, 'list')).map((r) => columns.map((col) => col.cell(r, names)));
    // The first page is read before answering, so a bad filter or sort is a 400, not a broken download.
    const first = await page();
    async function* pages() {
      yield await rows(first.items);
      let cursor = first.nextCursor;
      while (cursor) {
        const next = await page(cursor);
        yield await rows(next.items);
        cursor = next.nextCursor;
      }
    }

    await auditFrom(c, {
      action: 'export',
      targetType: rc.model.def.id,
      summary: `${q.format} export of ${rc.model.def.name}`,
      details: { format: q.format, filter, view: q.view, q: q.q, fields: columns.map((col) => col.key) },
    });
    const headers = columns.map((col) => col.header);
    const body =
      q.format === 'xlsx' ? xlsxStream(headers, pages(), rc.model.def.name) : csvStream(headers, pages());
    const file = `${rc.model.def.name}.${q.format}`;
    return c.body(body, 200, {
      'content-type': contentTypes[q.format],
      'content-disposition': `attachment; filename="${rc.model.def.key}.${q.format}"; filename*=UTF-8''${encodeURIComponent(file)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
  },
);
