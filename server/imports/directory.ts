import type { Db } from '../db/database.js';
import type { ReasonCode, ReasonParams } from '../errors.js';

type Found = { id?: string; error?: string; code?: ReasonCode; params?: ReasonParams };

/** Users and departments by what a spreadsheet holds: e-mail, name or id. */
export interface Directory {
  user(text: string): Found;
  department(text: string): Found;
}

function index<T extends { id: string }>(rows: T[], keys: (r: T) => Array<string | null>, noun: string) {
  const by = new Map<string, Set<string>>();
  for (const r of rows)
    for (const k of [r.id, ...keys(r)]) {
      if (!k) continue;
      const norm = k.trim().toLowerCase();
      let s = by.get(norm);
      if (!s) by.set(norm, (s = new Set()));
      s.add(r.id);
    }
  return (text: string) => {
    const ids = by.get(text.trim().toLowerCase());
    if (!ids)
      return {
        error: `no ${noun} "${text}"`,
        code: 'missing_reference' as const,
        params: { kind: noun, value: text },
      };
    if (ids.size > 1) {
      const error = `"${text}" names more than one ${noun}; use the e-mail or id`;
      return { error, code: 'ambiguous_reference' as const, params: { kind: noun, value: text } };
    }
    return { id: [...ids][0] };
  };
}

/** Loads the directory once per import job (active users only). */
export async function loadDirectory(db: Db): Promise<Directory> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('active', '=', 1)
    .execute();
  const departments = await db.selectFrom('departments').select(['id', 'name']).execute();
  return {
    user: index(users, (u) => [u.email, u.name], 'user'),
    department: index(departments, (d) => [d.name], 'department'),
  };
}
