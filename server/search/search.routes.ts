import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { visibleForms } from '../permissions/access.js';
import { presentAll, recordContext } from '../permissions/record-access.js';
import { listRecords } from '../records/records.query.js';
import { valid } from '../shared/validate.js';
import { type SearchHit, searchHit } from './search-hit.js';

const searchQuery = z.object({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** Records looked at per form: enough to fill a dropdown, not a list. */
const perForm = 5;
/** Forms searched per request, most recently changed first. */
const maxForms = 100;

/**
 * GET /api/search?q=: records across every form the caller may read whose visible text matches
 * (a substring of any text, phone, e-mail or number-like text field; only the whole value of a
 * field they see masked), newest first, each with its form and app, its title as the caller sees
 * it and the field that matched. Goes through the same access context as a list of each form.
 */
export const searchRoutes = new Hono<AppEnv>().get(
  '/',
  describeRoute({
    tags: ['records'],
    summary: 'Search records across the forms the caller may read: ?q=&limit=',
  }),
  valid('query', searchQuery),
  async (c) => {
    const { db, engine } = c.var.deps;
    const { q, limit } = c.req.valid('query');
    const allowed = await visibleForms(db, c.var.user);
    let forms = db
      .selectFrom('forms')
      .innerJoin('apps', 'apps.id', 'forms.app_id')
      .select(['forms.id as id', 'forms.name as name', 'apps.id as appId', 'apps.name as appName']);
    if (allowed) {
      if (!allowed.size) return c.json({ items: [] as SearchHit[], nextCursor: null });
      forms = forms.where('forms.id', 'in', [...allowed]);
    }
    const items: SearchHit[] = [];
    for (const form of await forms.orderBy('forms.updated_at', 'desc').limit(maxForms).execute()) {
      if (items.length >= limit) break;
      let rc;
      try {
        rc = await recordContext(db, c.var.deps, c.var.user, form.id, 'read');
      } catch (e) {
        // A manager without read right on a form has nothing to find in it.
        if (e instanceof AppError && e.code === 'forbidden') continue;
        throw e;
      }
      const page = await listRecords(db, engine, rc.model, rc.fctx, {
        scope: rc.access.scope.read,
        scopeContext: rc.scopeContext,
        hidden: rc.access.hidden,
        q,
        sort: '-updatedAt',
        limit: Math.min(perForm, limit - items.length),
      });
      const masked = new Set([...rc.fctx.fields.values()].filter((f) => f.exactOnly).map((f) => f.key));
      for (const rec of await presentAll(db, rc, page.items, 'list'))
        items.push(searchHit(rc.model, rec, form, q, masked));
    }
    return c.json({ items, nextCursor: null });
  },
);
