import type { CurrentUser, Deps } from '../context.js';
import type { Db, FilesTable } from '../db/database.js';
import { AppError } from '../errors.js';
import { assertInScope, recordContext } from '../permissions/record-access.js';

/** How long an upload belongs to its uploader alone, before a record holds it: 24 hours. */
export const uploadWindowMs = 24 * 3600_000;

/** The file's row, or undefined (ids of any shape answer undefined, never an error). */
export function findFile(db: Db, id: string): Promise<FilesTable | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether a file no record holds is still its uploader's to download and attach (uploaded < 24 h ago). */
export const inUploadWindow = (file: FilesTable, user: CurrentUser, now: Date) =>
  file.created_by === user.id && now.getTime() - new Date(file.created_at).getTime() < uploadWindowMs;

/**
 * Whether `user` may download a file or attach it to a record: an admin; anyone who may read a
 * live record holding it (read right on its form, the record within their read scope, the
 * attachment field not hidden from them); or, while no record holds it, its uploader within
 * the upload window. `user` null is a write made by no person (an automation, a public link):
 * it may only pass on a file some record already holds. One indexed query finds the holders.
 */
export async function mayUseFile(deps: Deps, db: Db, user: CurrentUser | null, file: FilesTable) {
  if (user?.isAdmin) return true;
  const holders = await db
    .selectFrom('file_links')
    .select(['form_id', 'record_id', 'field_id'])
    .where('file_id', '=', file.id)
    .limit(100)
    .execute();
  if (!user) return holders.length > 0;
  if (!holders.length) return inUploadWindow(file, user, deps.clock.now());
  for (const h of holders) {
    try {
      const rc = await recordContext(db, deps, user, h.form_id, 'read');
      const field = rc.model.byId.get(h.field_id);
      if (field?.def.type !== 'attachment' || rc.access.hidden.has(field.def.key)) continue;
      await assertInScope(db, rc, h.record_id, 'read');
      return true;
    } catch (e) {
      // No read right on that form, or the record is out of scope, deleted or gone: try the next holder.
      if (!(e instanceof AppError)) throw e;
    }
  }
  return false;
}
