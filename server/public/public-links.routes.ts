import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { auditFrom } from '../audit/audit.service.js';
import type { AppEnv } from '../context.js';
import { recordContext } from '../permissions/record-access.js';
import { iso } from '../shared/clock.js';
import { newSecret } from '../shared/ids.js';
import { valid } from '../shared/validate.js';
import { unfillableRequired } from './public-fields.js';
import { linkFor, toLink, updateLink } from './public-links.repository.js';
import { linkPatchBody } from './public-links.schema.js';

/** A form's public survey link: /api/forms/:formId/public-link (admins and form managers). */
export const publicLinkRoutes = new Hono<AppEnv>()
  .get(
    '/:formId/public-link',
    describeRoute({
      tags: ['public'],
      summary:
        "The form's public link (created on first ask): {token, url, expiresAt, maxResponses, enabled}",
    }),
    async (c) => {
      const deps = c.var.deps;
      const rc = await recordContext(deps.db, deps, c.var.user, c.req.param('formId'), 'manage');
      const row = await linkFor(deps.db, rc.model.def.id, c.var.user.id, iso(deps.clock.now()));
      return c.json({ ...toLink(row), unfillableRequired: unfillableRequired(rc.model) });
    },
  )
  .patch(
    '/:formId/public-link',
    describeRoute({
      tags: ['public'],
      summary: 'Change expiry, response limit or enabled; rotate issues a new token',
    }),
    valid('json', linkPatchBody),
    async (c) => {
      const deps = c.var.deps;
      const rc = await recordContext(deps.db, deps, c.var.user, c.req.param('formId'), 'manage');
      const body = c.req.valid('json');
      const at = iso(deps.clock.now());
      await linkFor(deps.db, rc.model.def.id, c.var.user.id, at);
      const row = await updateLink(deps.db, rc.model.def.id, {
        ...(body.enabled !== undefined ? { enabled: body.enabled ? 1 : 0 } : {}),
        ...(body.expiresAt !== undefined
          ? { expires_at: body.expiresAt === null ? null : new Date(body.expiresAt).toISOString() }
          : {}),
        ...(body.maxResponses !== undefined ? { max_responses: body.maxResponses } : {}),
        ...(body.rotate ? { token: newSecret(18), secret: newSecret(32) } : {}),
        updated_at: at,
      });
      const changed = Object.keys(body).filter((k) => k !== 'rotate' || body.rotate);
      await auditFrom(c, {
        action: 'public_link.updated',
        targetType: 'form',
        targetId: rc.model.def.id,
        summary: changed.join(', '),
        details: { ...body },
      });
      return c.json({ ...toLink(row), unfillableRequired: unfillableRequired(rc.model) });
    },
  );
