import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ViewDef } from '../../server/views/views.schema';
import { api, itemsOf } from './client';
import type { Page } from './types';

/** A saved view as the server answers it (the definition plus its identity). */
export type SavedView = ViewDef & { id: string; formId: string; createdBy: string | null; createdAt?: string; updatedAt?: string };
export type ViewInput = ViewDef;
export type ViewType = ViewDef['type'];

const viewsKey = (formId: string) => ['views', formId] as const;

/** The saved views of a form (shared ones and the caller's own), in their order. */
export function useViews(formId: string) {
  return useQuery({
    queryKey: viewsKey(formId),
    queryFn: async () => itemsOf(await api<Page<SavedView>>('GET', `/api/forms/${encodeURIComponent(formId)}/views`)),
    enabled: !!formId,
  });
}

export function useCreateView(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (view: ViewInput) => api<SavedView>('POST', `/api/forms/${encodeURIComponent(formId)}/views`, view),
    onSuccess: () => qc.invalidateQueries({ queryKey: viewsKey(formId) }),
  });
}

export function useUpdateView(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: Partial<ViewInput> & { id: string }) => api<SavedView>('PATCH', `/api/views/${encodeURIComponent(id)}`, patch),
    onSuccess: () => qc.invalidateQueries({ queryKey: viewsKey(formId) }),
  });
}

export function useDeleteView(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/views/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: viewsKey(formId) }),
  });
}
