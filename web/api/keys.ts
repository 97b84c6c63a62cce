import type { RecordsQuery } from './types';

/** Query keys in one place, so invalidations match what the hooks cache. */
export const keys = {
  me: ['me'] as const,
  apps: ['apps'] as const,
  appForms: (appId: string) => ['apps', appId, 'forms'] as const,
  form: (formId: string) => ['forms', formId] as const,
  formSchema: (formId: string) => ['forms', formId, 'schema'] as const,
  records: (formId: string, query?: RecordsQuery) => (query ? (['records', formId, query] as const) : (['records', formId] as const)),
  record: (formId: string, recordId: string) => ['record', formId, recordId] as const,
  history: (formId: string, recordId: string) => ['record', formId, recordId, 'history'] as const,
};
