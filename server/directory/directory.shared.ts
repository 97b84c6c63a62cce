import type { CurrentUser } from '../context.js';
import type { Db } from '../db/database.js';
import { forbidden, invalid } from '../errors.js';

export function adminOnly(user: CurrentUser) {
  if (!user.isAdmin) throw forbidden('Only admins manage users, departments and roles');
}

/** 422 naming the first id that does not exist in `table`. */
export async function assertIdsExist(
  db: Db,
  table: 'departments' | 'roles' | 'users',
  ids: string[],
  path: string,
) {
  if (!ids.length) return;
  const found = new Set(
    (await db.selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id),
  );
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length)
    throw invalid(`Unknown ${table.slice(0, -1)}: ${missing.join(', ')}`, [
      {
        path,
        message: `no such ${table.slice(0, -1)}: ${missing.join(', ')}`,
        code: 'missing_reference',
        params: { kind: table.slice(0, -1), ids: missing },
      },
    ]);
}
