import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Input } from './client';
import { keys } from './keys';
import type { App, FieldInput, FormInput, FormSummary } from './types';

/** All apps the caller can see, each with the forms the caller may read. */
export function useApps() {
  return useQuery({
    queryKey: keys.apps,
    queryFn: async () => (await call(api.apps.$get)).items,
  });
}

const fetchAppForms = async (appId: string): Promise<FormSummary[]> =>
  (await call(api.apps[':appId'].forms.$get, { param: { appId } })).items;

/** The forms of one app. */
export function useAppForms(appId: string | undefined) {
  return useQuery({
    queryKey: keys.appForms(appId ?? ''),
    queryFn: () => fetchAppForms(appId!),
    enabled: !!appId,
  });
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

export type AppInput = Input<typeof api.apps.$post>['json'];

export function useCreateApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AppInput) => call(api.apps.$post, { json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apps }),
  });
}

export function useUpdateApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: Partial<AppInput> & { id: string }) =>
      call(api.apps[':appId'].$patch, { param: { appId: id }, json: patch }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apps }),
  });
}

export function useDeleteApp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.apps[':appId'].$delete, { param: { appId: id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apps }),
  });
}

/**
 * The builder's flat fields as the wire's per-type union: the server validates each against its
 * type, so a property that does not apply is refused there, not here.
 */
export const toWire = (input: FormInput) => ({
  ...input,
  fields: input.fields as FieldInput[],
  removedFields: input.removedFields as FieldInput[] | undefined,
});

/** Creates an empty form in an app. */
export function useCreateForm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ appId, ...input }: { appId: string } & FormInput) =>
      call(api.apps[':appId'].forms.$post, { param: { appId }, json: toWire(input) }),
    onSuccess: (_form, vars) => {
      qc.invalidateQueries({ queryKey: keys.appForms(vars.appId) });
      qc.invalidateQueries({ queryKey: keys.apps, exact: true });
    },
  });
}
