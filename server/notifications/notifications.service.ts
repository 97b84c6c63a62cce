import type { Db } from '../db/database.js';
import { iso } from '../shared/clock.js';

export interface NewNotification {
  userIds: string[];
  title: string;
  body?: string;
  formId?: string;
  recordId?: string;
  source?: string;
}

/** Puts a message in the inbox of each user (deduplicated), in the caller's transaction. */
export async function notify(db: Db, now: Date, n: NewNotification): Promise<number> {
  const users = [...new Set(n.userIds.filter(Boolean))];
  if (!users.length) return 0;
  await db
    .insertInto('notifications')
    .values(users.map((u) => ({ user_id: u, title: n.title.slice(0, 500), body: n.body?.slice(0, 5000) ?? null, form_id: n.formId ?? null, record_id: n.recordId ?? null, source: n.source ?? null, created_at: iso(now), read_at: null })))
    .execute();
  return users.length;
}
