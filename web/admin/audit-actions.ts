/** The audit actions the server writes (server/audit/audit.service.ts), grouped for the filter. */
export const AUDIT_GROUPS: Record<string, string[]> = {
  auth: [
    'auth.login',
    'auth.login_failed',
    'auth.logout',
    'auth.password_changed',
    'token.created',
    'token.revoked',
  ],
  directory: [
    'user.created',
    'user.updated',
    'department.created',
    'department.updated',
    'department.deleted',
    'role.created',
    'role.updated',
    'role.deleted',
  ],
  definitions: [
    'app.created',
    'app.updated',
    'app.deleted',
    'form.created',
    'form.updated',
    'form.deleted',
    'form.field_purged',
    'view.created',
    'view.updated',
    'view.deleted',
    'dashboard.created',
    'dashboard.updated',
    'dashboard.deleted',
    'public_link.updated',
  ],
  records: [
    'record.created',
    'record.updated',
    'record.deleted',
    'record.restored',
    'record.transitioned',
    'record.sensitive_read',
    'record.public_duplicate',
  ],
  export: ['export'],
  backups: ['backup.started', 'backup.downloaded'],
};

/** The i18n key of an action's label (`user.created` → `admin.audit.actions.user_created`). */
export const auditActionKey = (action: string) => `admin.audit.actions.${action.replace(/\./g, '_')}`;

/** Whether an action is one we have a label for. */
export const knownAuditAction = (action: string) =>
  Object.values(AUDIT_GROUPS).some((list) => list.includes(action));
