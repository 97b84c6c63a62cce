import { loadCurrentUser } from '../../auth/auth.service.js';
import type { Db } from '../../db/database.js';
import type { Deps } from '../../context.js';
import { accessView } from '../author.js';
import type { TemplateScope } from '../template.js';
import { type RunScope, seenBy } from '../scope.js';

/**
 * The template scope as one recipient may see it, through the same gate as the author's
 * (`seenBy`): a notification carries no field hidden from them, no record (trigger or related)
 * outside their read scope, and sensitive fields masked unless their role shows them in full.
 * The run's scope is already limited to what the author may see, so this is what both may see.
 */
export async function scopeFor(
  deps: Deps,
  db: Db,
  rs: RunScope,
  appId: string,
  userId: string,
): Promise<TemplateScope> {
  if (!rs.model) return rs.scope;
  const user = await loadCurrentUser(db, userId, 'token');
  if (!user || user.isAdmin) return rs.scope;
  return (await seenBy(db, accessView(deps, appId, [user]), rs)).scope;
}
