import { sql } from 'kysely';
import type { Db, Engine } from '../db/database.js';

/** A claimed mail with what it takes to send it: the notification and its recipient. */
export interface PendingMail {
  id: number;
  attempts: number;
  email: string;
  /** False when the recipient was deactivated or turned e-mail off after the notification. */
  wanted: boolean;
  title: string;
  body: string | null;
  formId: string | null;
  recordId: string | null;
}

/**
 * Queues an e-mail for each new notification whose recipient is active and has e-mail on. Runs
 * in the notification's transaction, so a mail exists exactly when its notification does.
 */
export async function queueMail(
  db: Db,
  notifications: { id: number; user_id: string }[],
  now: string,
): Promise<number> {
  if (!notifications.length) return 0;
  const wanting = new Set(
    (
      await db
        .selectFrom('users')
        .select('id')
        .where('id', 'in', [...new Set(notifications.map((n) => n.user_id))])
        .where('active', '=', 1)
        .where('mail_notifications', '=', 1)
        .execute()
    ).map((u) => u.id),
  );
  const rows = notifications.filter((n) => wanting.has(n.user_id));
  if (!rows.length) return 0;
  await db
    .insertInto('mail_queue')
    .values(
      rows.map((n) => ({
        notification_id: Number(n.id),
        user_id: n.user_id,
        attempts: 0,
        next_at: now,
        claimed_until: null,
        last_error: null,
        failed_at: null,
        created_at: now,
      })),
    )
    .execute();
  return rows.length;
}

/**
 * Leases up to `limit` due mails until `until` in one statement. On PostgreSQL the candidates are
 * locked with SKIP LOCKED, so processes sharing the database take disjoint sets; SQLite has one
 * writer at a time, so the single UPDATE … RETURNING is already exclusive. A lease that ran out
 * (its process died) makes the mail due again.
 */
export async function claimMail(
  db: Db,
  engine: Engine,
  now: string,
  until: string,
  limit: number,
): Promise<PendingMail[]> {
  const lock = engine === 'postgres' ? sql`for update skip locked` : sql``;
  const claimed = await sql<{ id: number }>`update mail_queue set claimed_until = ${until}
    where id in (select id from mail_queue where failed_at is null and next_at <= ${now} and (claimed_until is null or claimed_until < ${now}) order by next_at, id limit ${limit} ${lock})
    returning id`.execute(db);
  if (!claimed.rows.length) return [];
  const rows = await db
    .selectFrom('mail_queue as m')
    .innerJoin('notifications as n', 'n.id', 'm.notification_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.id',
      'm.attempts',
      'u.email',
      'u.active',
      'u.mail_notifications',
      'n.title',
      'n.body',
      'n.form_id',
      'n.record_id',
    ])
    .where(
      'm.id',
      'in',
      claimed.rows.map((r) => Number(r.id)),
    )
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    attempts: r.attempts,
    email: r.email,
    wanted: r.active === 1 && r.mail_notifications === 1,
    title: r.title,
    body: r.body,
    formId: r.form_id,
    recordId: r.record_id,
  }));
}

/** Removes a mail that was sent (or is no longer wanted), if our lease `until` still holds it. */
export async function finishMail(db: Db, id: number, until: string): Promise<void> {
  await db.deleteFrom('mail_queue').where('id', '=', id).where('claimed_until', '=', until).execute();
}

/** Records a failed attempt: due again at `nextAt`, or with `nextAt` null given up for good. */
export async function failMail(
  db: Db,
  id: number,
  until: string,
  attempts: number,
  error: string,
  nextAt: string | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('mail_queue')
    .set({
      attempts,
      last_error: error.slice(0, 1000),
      claimed_until: null,
      ...(nextAt ? { next_at: nextAt } : { failed_at: now }),
    })
    .where('id', '=', id)
    .where('claimed_until', '=', until)
    .execute();
}

/** Deletes mails that failed for good before `before` (their errors are kept that long). */
export async function pruneFailedMail(db: Db, before: string): Promise<number> {
  const r = await db
    .deleteFrom('mail_queue')
    .where('failed_at', 'is not', null)
    .where('failed_at', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
