import type { AuditQuery } from './audit';
import type { RecordsQuery } from './types';

/** Query keys in one place, so invalidations match what the hooks cache. */
export const keys = {
  me: ['me'] as const,
  apps: ['apps'] as const,
  appForms: (appId: string) => ['apps', appId, 'forms'] as const,
  form: (formId: string) => ['forms', formId] as const,
  formSchema: (formId: string) => ['forms', formId, 'schema'] as const,
  records: (formId: string, query?: RecordsQuery) =>
    query ? (['records', formId, query] as const) : (['records', formId] as const),
  record: (formId: string, recordId: string) => ['record', formId, recordId] as const,
  history: (formId: string, recordId: string) => ['record', formId, recordId, 'history'] as const,
  users: ['users'] as const,
  departments: ['departments'] as const,
  roles: ['roles'] as const,
  audit: (query: AuditQuery) => ['audit', query] as const,
  backups: ['backups'] as const,
  notifications: ['notifications'] as const,
  notificationSettings: ['notification-settings'] as const,
  workflow: (formId: string) => ['workflow', formId] as const,
  automations: (appId: string) => ['automations', 'app', appId] as const,
  automation: (id: string) => ['automations', id] as const,
  automationRuns: (id: string) => ['automations', id, 'runs'] as const,
  dashboards: (appId: string) => ['dashboards', 'app', appId] as const,
  dashboard: (id: string) => ['dashboards', id] as const,
  dashboardData: (id: string) => ['dashboards', id, 'data'] as const,
  templates: ['templates'] as const,
  template: (id: string) => ['templates', id] as const,
  importJob: (jobId: string) => ['imports', jobId] as const,
};
