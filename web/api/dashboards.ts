import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dashboard, DashboardInput, Widget } from '../../server/dashboards/dashboards.schema';
import type { Kpi, WidgetData } from '../../server/dashboards/widget-data';
import { api, itemsOf } from './client';
import { keys } from './keys';
import type { Page } from './types';

export type { Dashboard, DashboardInput, Kpi, Widget, WidgetData };

const one = (id: string) => `/api/dashboards/${encodeURIComponent(id)}`;

/** The dashboards of an app. */
export function useDashboards(appId: string | undefined) {
  return useQuery({
    queryKey: keys.dashboards(appId ?? ''),
    queryFn: async () => itemsOf(await api<Page<Dashboard>>('GET', `/api/apps/${encodeURIComponent(appId!)}/dashboards`)),
    enabled: !!appId,
  });
}

export function useDashboard(id: string | undefined) {
  return useQuery({ queryKey: keys.dashboard(id ?? ''), queryFn: () => api<Dashboard>('GET', one(id!)), enabled: !!id });
}

/** Every widget's data, computed with the viewer's permissions; refetched when the dashboard changes. */
export function useDashboardData(id: string | undefined, version: number | undefined) {
  return useQuery({
    queryKey: [...keys.dashboardData(id ?? ''), version],
    queryFn: () => api<{ widgets: WidgetData[]; at: string }>('POST', `${one(id!)}/data`, {}),
    enabled: !!id && version !== undefined,
    staleTime: 15_000,
  });
}

export function useSaveDashboard(appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, doc }: { id?: string; doc: DashboardInput }) =>
      id ? api<Dashboard>('PUT', one(id), doc) : api<Dashboard>('POST', `/api/apps/${encodeURIComponent(appId)}/dashboards`, doc),
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
    mutationFn: (id: string) => api('DELETE', one(id)),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.dashboards(appId) }),
  });
}
