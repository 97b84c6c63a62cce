import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SavedView } from '../../server/views/views.routes';
import type { ViewDef } from '../../server/views/views.schema';
import { answerAs, api, call } from './client';
import type { Page } from './types';

export type { SavedView };
export type ViewInput = ViewDef;
export type ViewType = ViewDef['type'];

const viewsKey = (formId: string) => ['views', formId] as const;
const formViews = api.forms[':formId'].views;
const view = api.views[':viewId'];

/** The saved views of a form (shared ones and the caller's own), in their order. */
export function useViews(formId: string) {
  return useQuery({
    queryKey: viewsKey(formId),
    queryFn: async () => (await answerAs<Page<SavedView>>(call(formViews.$get, { param: { formId } }))).items,
    enabled: !!formId,
  });
}

export function useCreateView(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ViewInput) =>
      answerAs<SavedView>(call(formViews.$post, { param: { formId }, json: input })),
    onSuccess: () => qc.invalidateQueries({ queryKey: viewsKey(formId) }),
  });
}

export function useUpdateView(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: Partial<ViewInput> & { id: string }) =>
      answerAs<SavedView>(call(view.$patch, { param: { viewId: id }, json: patch })),
    onSuccess: () => qc.invalidateQueries({ queryKey: viewsKey(formId) }),
  });
}

export function useDeleteView(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(view.$delete, { param: { viewId: id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: viewsKey(formId) }),
  });
}
