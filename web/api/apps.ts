import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, itemsOf } from './client';
import { keys } from './keys';
import type { App, FormDefinition, FormInput, FormSummary, Page } from './types';

/** All apps the caller can see. */
export function useApps() {
  return useQuery({
    queryKey: keys.apps,
    queryFn: async () => itemsOf(await api<Page<App> | App[]>('GET', '/api/apps', undefined, { limit: 500 })),
  });
}

const fetchAppForms = async (appId: string) =>
  itemsOf(await api<Page<FormSummary> | FormSummary[]>('GET', `/api/apps/${encodeURIComponent(appId)}/forms`, undefined, { limit: 500 }));

/** The forms of one app. */
export function useAppForms(appId: string | undefined) {
  return useQuery({ queryKey: keys.appForms(appId ?? ''), queryFn: () => fetchAppForms(appId!), enabled: !!appId });
}

/** Forms of every app, by app id (uses `app.forms` when the list already carries them). */
export function useFormsByApp(apps: App[] | undefined): Map<string, FormSummary[]> {
  const results = useQueries({
    queries: (apps ?? []).map((app) => ({
      queryKey: keys.appForms(app.id),
      queryFn: () => fetchAppForms(app.id),
      enabled: !app.forms,
    })),
  });
  const map = new Map<string, FormSummary[]>();
  (apps ?? []).forEach((app, i) => map.set(app.id, app.forms ?? results[i]?.data ?? []));
  return map;
}

export function useCreateApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; description?: string }) => api<App>('POST', '/api/apps', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apps }),
  });
}

export function useUpdateApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: string; name?: string; description?: string }) =>
      api<App>('PATCH', `/api/apps/${encodeURIComponent(id)}`, patch),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apps }),
  });
}

export function useDeleteApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/apps/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apps }),
  });
}

/** Creates an empty form in an app. */
export function useCreateForm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ appId, ...input }: { appId: string } & FormInput) =>
      api<FormDefinition>('POST', `/api/apps/${encodeURIComponent(appId)}/forms`, input),
    onSuccess: (_form, vars) => {
      qc.invalidateQueries({ queryKey: keys.appForms(vars.appId) });
      qc.invalidateQueries({ queryKey: keys.apps, exact: true });
    },
  });
}
