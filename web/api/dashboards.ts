import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dashboard, Widget } from '../../server/dashboards/dashboards.schema';
import type { Kpi } from '../../server/dashboards/widget-data';
import { type Answer, answerAs, api, call, type Input } from './client';
import { keys } from './keys';
import type { Page } from './types';

export type { Dashboard, Kpi, Widget };
/** The body of POST/PUT: a dashboard document. */
export type DashboardInput = Input<(typeof api.dashboards)[':id']['$put']>['json'];

const one = api.dashboards[':id'];

/** Every widget's data, computed with the viewer's permissions, and when. */
export type DashboardData = Answer<typeof one.data.$post>;
export type WidgetData = DashboardData['widgets'][number];

/** The dashboards of an app. */
export function useDashboards(appId: string | undefined) {
  return useQuery({
    queryKey: keys.dashboards(appId ?? ''),
    queryFn: async () =>
      (
        await answerAs<Page<Dashboard>>(
          call(api.apps[':appId'].dashboards.$get, { param: { appId: appId! } }),
        )
      ).items,
    enabled: !!appId,
  });
}

export function useDashboard(id: string | undefined) {
  return useQuery({
    queryKey: keys.dashboard(id ?? ''),
    queryFn: () => answerAs<Dashboard>(call(one.$get, { param: { id: id! } })),
    enabled: !!id,
  });
}

/** Every widget's data, computed with the viewer's permissions; refetched when the dashboard changes. */
export function useDashboardData(id: string | undefined, version: number | undefined) {
  return useQuery({
    queryKey: [...keys.dashboardData(id ?? ''), version],
    queryFn: () => call(one.data.$post, { param: { id: id! }, json: {} }),
    enabled: !!id && version !== undefined,
    staleTime: 15_000,
  });
}

export function useSaveDashboard(appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, doc }: { id?: string; doc: DashboardInput }) =>
      answerAs<Dashboard>(
        id
          ? call(one.$put, { param: { id }, json: doc })
          : call(api.apps[':appId'].dashboards.$post, { param: { appId }, json: doc }),
      ),
    onSuccess: (saved) => {
      qc.setQueryData(keys.dashboard(saved.id), saved);
      qc.invalidateQueries({ queryKey: keys.dashboards(appId) });
      qc.invalidateQueries({ queryKey: keys.dashboardData(saved.id) });
    },
  });
}

export function useDeleteDashboard(appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(one.$delete, { param: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.dashboards(appId) }),
  });
}
