import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import type { Db } from '../db/database.js';
import { clientAddress } from '../auth/client-address.js';
import { iso } from '../shared/clock.js';

export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.password_changed'
  | 'token.created'
  | 'token.revoked'
  | 'app.created'
  | 'app.updated'
  | 'app.deleted'
  | 'form.created'
  | 'form.updated'
  | 'form.deleted'
  | 'form.field_purged'
  | 'user.created'
  | 'user.updated'
  | 'department.created'
  | 'department.updated'
  | 'department.deleted'
  | 'role.created'
  | 'role.updated'
  | 'role.deleted'
  | 'record.created'
  | 'record.updated'
  | 'record.deleted'
  | 'record.restored'
  | 'record.transitioned'
  | 'record.sensitive_read'
  | 'record.public_duplicate'
  | 'view.created'
  | 'view.updated'
  | 'view.deleted'
  | 'dashboard.created'
  | 'dashboard.updated'
  | 'dashboard.deleted'
  | 'public_link.updated'
  | 'automation.created'
  | 'automation.updated'
  | 'automation.deleted'
  | 'backup.started'
  | 'backup.downloaded'
  | 'backup.exported'
  | 'backup.imported'
  | 'export';

export interface AuditEntry {
  action: AuditAction;
  userId?: string | null;
  targetType?: string;
  targetId?: string;
  summary?: string;
  details?: unknown;
}

/** The caller's address: the socket's, or behind the proxies `TESSERA_TRUST_PROXY` names, the one they forwarded. */
export const clientIp = (c: Context<AppEnv>): string | null => clientAddress(c);

/** Writes one audit entry (in the caller's transaction when given one). */
export async function audit(db: Db, at: Date, ip: string | null, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: iso(at),
      user_id: e.userId ?? null,
      ip,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId ?? null,
      summary: e.summary?.slice(0, 500) ?? null,
      details: e.details === undefined ? null : JSON.stringify(e.details).slice(0, 100000),
    })
    .execute();
}

/** Audit from a route: who and where come from the request. */
export function auditFrom(c: Context<AppEnv>, e: AuditEntry, db: Db = c.var.deps.db) {
  return audit(db, c.var.deps.clock.now(), clientIp(c), { userId: c.var.user?.id ?? null, ...e });
}
