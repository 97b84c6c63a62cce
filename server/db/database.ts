import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';

/**
 * The meta tables, declared once. Per-form record tables (`r_<formId>`) are dynamic and go
 * through the typed gateway in `server/records/records.repository.ts`.
 * Times are ISO-8601 UTC strings on both engines, so they compare and sort as text.
 */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  password_hash: string;
  is_admin: number;
  active: number;
  main_department_id: string | null;
  created_at: string;
  updated_at: string;
  /** 1: notifications also arrive by e-mail (when SMTP is configured); 0: inbox only. */
  mail_notifications: Generated<number>;
}

export interface SessionsTable {
  id: string; // sha256 of the cookie token
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** After this instant the token no longer works (null: until revoked). */
  expires_at: string | null;
  /** 1: only GET and HEAD requests. */
  read_only: Generated<number>;
  /** Set: the token acts only on this app (server/permissions/access.ts `userGrants`). */
  app_id: string | null;
}

export interface DepartmentsTable {
  id: string;
  name: string;
  parent_id: string | null;
  head_user_id: string | null;
  sort: number;
  created_at: string;
}

export interface UserDepartmentsTable {
  user_id: string;
  department_id: string;
}

export interface AppsTable {
  id: string;
  name: string;
  icon: string | null;
  description: string | null;
  template_id: string | null;
  template_version: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface FormsTable {
  id: string;
  app_id: string;
  key: string;
  name: string;
  /** The whole form definition as JSON text. */
  definition: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface FormVersionsTable {
  form_id: string;
  version: number;
  definition: string;
  created_by: string | null;
  created_at: string;
}

export interface RecordHistoryTable {
  id: Generated<number>;
  form_id: string;
  record_id: string;
  version: number;
  action: string; // create | update | delete | restore | transition
  user_id: string | null;
  at: string;
  /** JSON: { [fieldId]: { before, after } } plus system changes under `$state` etc. */
  changes: string;
  comment: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  event: string; // record.created | record.updated | record.deleted | record.restored
  form_id: string;
  record_id: string;
  payload: string;
  depth: number;
  created_at: string;
  claimed_until: string | null;
  done_at: string | null;
}

export interface CountersTable {
  field_id: string;
  period: string;
  value: number;
}

export interface RecordLinksTable {
  field_id: string;
  source_id: string;
  target_id: string;
  position: number;
}

export interface FilesTable {
  id: string;
  name: string;
  size: number;
  mime_type: string;
  storage_key: string;
  created_by: string | null;
  created_at: string;
}

/** Which record holds which file in which attachment field (kept in the record's write transaction). */
export interface FileLinksTable {
  file_id: string;
  form_id: string;
  record_id: string;
  field_id: string;
}

/** A periodic job one process of several has taken until `leased_until`. */
export interface JobLeasesTable {
  name: string;
  holder: string;
  leased_until: string;
}

export interface RolesTable {
  id: string;
  name: string;
  description: string | null;
  /** JSON: Grant[] (server/permissions/permissions.schema.ts). */
  grants: string;
  created_at: string;
  updated_at: string;
}

export interface UserRolesTable {
  user_id: string;
  role_id: string;
}

export interface DepartmentRolesTable {
  department_id: string;
  role_id: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: string | null;
  ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  summary: string | null;
  details: string | null;
}

export interface RateLimitsTable {
  key: string;
  count: number;
  reset_at: string;
  /** Epoch milliseconds before which a spaced-out key takes no attempt (server/auth/rate-limit.ts). */
  next_ms: ColumnType<number | string, number, number>;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  title: string;
  body: string | null;
  form_id: string | null;
  record_id: string | null;
  /** What sent it: `workflow:<formId>`, `automation:<id>`, … */
  source: string | null;
  created_at: string;
  read_at: string | null;
}

/** Notification e-mails waiting to be sent (see server/mail). */
export interface MailQueueTable {
  id: Generated<number>;
  notification_id: number;
  user_id: string;
  attempts: number;
  next_at: string;
  claimed_until: string | null;
  last_error: string | null;
  failed_at: string | null;
  created_at: string;
}

/** Keys only the server reads (the list cursors' key): one row each, made by a migration. */
export interface ServerSecretsTable {
  name: string;
  /** Base64. */
  value: string;
}

export interface ViewsTable {
  id: string;
  form_id: string;
  name: string;
  type: string;
  /** JSON: the view's settings (server/views/views.schema.ts). */
  config: string;
  sort: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkflowsTable {
  form_id: string;
  definition: string;
  version: number;
  updated_at: string;
}

export interface WorkflowVersionsTable {
  form_id: string;
  version: number;
  definition: string;
  created_by: string | null;
  created_at: string;
}

export interface SlaEscalationsTable {
  form_id: string;
  record_id: string;
  rule: string;
  step: number;
  entered_at: string;
  done_at: string;
}

/** A CSV/XLSX import running in the background; counters move as chunks commit. */
export interface ImportJobsTable {
  id: string;
  form_id: string;
  user_id: string | null;
  status: string; // queued | running | succeeded | failed
  file_name: string;
  format: string; // csv | xlsx
  /** JSON: the import options (server/imports/imports.schema.ts). */
  options: string;
  /** JSON: column header -> field key, as used. */
  mapping: string | null;
  total: number | null;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  /** JSON: [{row, errors: [{path, message}]}], capped. */
  errors: string;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** The process running the job: `host#pid#instance` (a dead one's job is resumed elsewhere). */
  runner: string | null;
  /** When the runner last said it is alive (every few seconds while it runs). */
  heartbeat_at: string | null;
  /** The sheet row of the last row whose chunk committed (0: none): a resumed job starts after it. */
  last_row: Generated<number>;
  /** How often the job was taken over after its process stopped (at most once: a second stop fails it). */
  resumes: Generated<number>;
}

export interface DashboardsTable {
  id: string;
  app_id: string;
  name: string;
  /** JSON: the dashboard document (server/dashboards/dashboards.schema.ts). */
  definition: string;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PublicLinksTable {
  form_id: string;
  token: string;
  /** Signs the fill-time tokens handed out with the form. */
  secret: string;
  enabled: number;
  expires_at: string | null;
  max_responses: number | null;
  responses: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Fill tokens of public forms already used for a submission (each token takes one). */
export interface UsedFillTokensTable {
  /** The token's signature: unique per handed-out form. */
  mac: string;
  form_id: string;
  /** When the token would be stale anyway; the row can go then. */
  expires_at: string;
}

export interface AutomationsTable {
  id: string;
  app_id: string;
  /** The form whose records trigger it (null for schedules and webhooks without a form). */
  form_id: string | null;
  name: string;
  enabled: number;
  trigger_type: string;
  hook_id: string | null;
  /** JSON: the automation document (server/automations/automations.schema.ts). */
  definition: string;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface AutomationVersionsTable {
  automation_id: string;
  version: number;
  definition: string;
  created_by: string | null;
  created_at: string;
}

export interface AutomationRunsTable {
  id: string;
  automation_id: string;
  automation_version: number;
  /** With automation_id, unique: `outbox:<id>`, `schedule:<due>:<recordId>`, `button:<id>`, … */
  event_key: string;
  event_id: number | null;
  form_id: string | null;
  record_id: string | null;
  status: string; // running | waiting | succeeded | failed | skipped | loop_cut
  condition_result: number | null;
  /** JSON: the trigger event (kind, changes by key, payload). */
  trigger: string;
  depth: number;
  /** Index of the next step of the flattened action program. */
  cursor: number;
  attempts: number;
  /** JSON: per-action log entries. */
  steps: string;
  /** JSON: action results, as `{{steps.…}}` reads them. */
  outputs: string;
  error: string | null;
  resume_at: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface AutomationJobsTable {
  id: string;
  kind: string; // run | schedule
  automation_id: string;
  run_id: string | null;
  due_at: string;
  claimed_until: string | null;
  created_at: string;
}

export interface TemplatesTable {
  id: string;
  name: string;
  version: string;
  category: string | null;
  description: string | null;
  /** JSON: the template document (server/templates/template.schema.ts). */
  document: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface AppTemplatesTable {
  app_id: string;
  template_id: string;
  version: string;
  /** JSON: the definitions as installed, by key (the base of a three-way upgrade). */
  snapshot: string;
  /** JSON: which key became which id (forms, fields, views, automations, dashboards, roles). */
  ids: string;
  installed_at: string;
  updated_at: string;
}

export interface SegmentationsTable {
  form_id: string;
  /** JSON: server/segments/segments.schema.ts */
  definition: string;
  updated_at: string;
}

/** A backup started by the schedule or an admin (server/backup); `slot` leases a scheduled one. */
export interface BackupRunsTable {
  id: string;
  slot: string | null;
  kind: 'scheduled' | 'manual' | 'pre-upgrade';
  name: string;
  status: 'running' | 'complete' | 'failed';
  size: number | null;
  error: string | null;
  started_by: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface Database {
  backup_runs: BackupRunsTable;
  segmentations: SegmentationsTable;
  templates: TemplatesTable;
  app_templates: AppTemplatesTable;
  automations: AutomationsTable;
  automation_versions: AutomationVersionsTable;
  automation_runs: AutomationRunsTable;
  automation_jobs: AutomationJobsTable;
  import_jobs: ImportJobsTable;
  dashboards: DashboardsTable;
  public_links: PublicLinksTable;
  used_fill_tokens: UsedFillTokensTable;
  workflows: WorkflowsTable;
  workflow_versions: WorkflowVersionsTable;
  sla_escalations: SlaEscalationsTable;
  views: ViewsTable;
  notifications: NotificationsTable;
  mail_queue: MailQueueTable;
  server_secrets: ServerSecretsTable;
  roles: RolesTable;
  user_roles: UserRolesTable;
  department_roles: DepartmentRolesTable;
  audit_log: AuditLogTable;
  rate_limits: RateLimitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  departments: DepartmentsTable;
  user_departments: UserDepartmentsTable;
  apps: AppsTable;
  forms: FormsTable;
  form_versions: FormVersionsTable;
  record_history: RecordHistoryTable;
  outbox: OutboxTable;
  counters: CountersTable;
  record_links: RecordLinksTable;
  files: FilesTable;
  file_links: FileLinksTable;
  job_leases: JobLeasesTable;
}

export type Engine = 'sqlite' | 'postgres';

/** A database handle or an open transaction: repositories accept either. */
export type Db = Kysely<Database> | Transaction<Database>;
