import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { queueMail } from '../mail/mail-queue.repository.js';
import { iso } from '../shared/clock.js';

export interface NewNotification {
  userIds: string[];
  title: string;
  body?: string;
  formId?: string;
  recordId?: string;
  source?: string;
}

/** What `notify` needs besides the transaction: the time, and whether e-mail is configured. */
export type NotifyDeps = Pick<Deps, 'clock' | 'config'>;

/**
 * Puts a message in the inbox of each user (deduplicated), in the caller's transaction. When SMTP
 * is configured, an e-mail of the same text is queued in that transaction too for each recipient
 * who has e-mail on; the mail loop (server/mail) sends it later, never the request.
 * Without SMTP nothing is queued, so turning it on later does not send old notifications.
 */
export async function notify(db: Db, deps: NotifyDeps, n: NewNotification): Promise<number> {
  const users = [...new Set(n.userIds.filter(Boolean))];
  if (!users.length) return 0;
  const now = iso(deps.clock.now());
  const rows = await db
    .insertInto('notifications')
    .values(
      users.map((u) => ({
        user_id: u,
        title: n.title.slice(0, 500),
        body: n.body?.slice(0, 5000) ?? null,
        form_id: n.formId ?? null,
        record_id: n.recordId ?? null,
        source: n.source ?? null,
        created_at: now,
        read_at: null,
      })),
    )
    .returning(['id', 'user_id'])
    .execute();
  if (deps.config.smtp) await queueMail(db, rows, now);
  return users.length;
}
