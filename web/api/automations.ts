import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Action, Automation, automationSchema, Trigger } from '../../server/automations/automations.schema';
import type { DryRunResult } from '../../server/automations/dry-run';
import type { toRun } from '../../server/automations/runs.repository';
import { api, itemsOf } from './client';
import { keys } from './keys';
import type { Page } from './types';

export type { Action, Automation, DryRunResult, Trigger };
/** The body of POST/PUT (`server/automations/automations.schema.ts`): defaults may be left out. */
export type AutomationInput = z.input<typeof automationSchema>;
/** One run as `GET /api/automations/:id/runs` lists it. */
export type AutomationRun = ReturnType<typeof toRun>;

const one = (id: string) => `/api/automations/${encodeURIComponent(id)}`;

/** The automations of an app. */
export function useAutomations(appId: string | undefined) {
  return useQuery({
    queryKey: keys.automations(appId ?? ''),
    queryFn: async () => itemsOf(await api<Page<Automation>>('GET', `/api/apps/${encodeURIComponent(appId!)}/automations`)),
    enabled: !!appId,
  });
}

/** One automation. */
export function useAutomation(id: string | undefined) {
  return useQuery({ queryKey: keys.automation(id ?? ''), queryFn: () => api<Automation>('GET', one(id!)), enabled: !!id });
}

/** Newest runs of an automation (the run log). */
export function useAutomationRuns(id: string | undefined, limit = 50) {
  return useQuery({
    queryKey: keys.automationRuns(id ?? ''),
    queryFn: async () => itemsOf(await api<Page<AutomationRun>>('GET', `${one(id!)}/runs`, undefined, { limit })),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'running') ? 2000 : false),
  });
}

/** The latest run of each automation, by id (the list's "last run" column). */
export function useLastRuns(ids: string[]) {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: [...keys.automationRuns(id), 'last'],
      queryFn: async () => itemsOf(await api<Page<AutomationRun>>('GET', `${one(id)}/runs`, undefined, { limit: 1 }))[0] ?? null,
    })),
  });
  return new Map(ids.map((id, i) => [id, results[i]?.data ?? null]));
}

/** Creates (no id) or replaces (id) an automation. */
export function useSaveAutomation(appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, doc }: { id?: string; doc: AutomationInput }) =>
      id ? api<Automation>('PUT', one(id), doc) : api<Automation>('POST', `/api/apps/${encodeURIComponent(appId)}/automations`, doc),
    onSuccess: (saved) => {
      qc.setQueryData(keys.automation(saved.id), saved);
      qc.invalidateQueries({ queryKey: keys.automations(appId) });
    },
  });
}

export function useDeleteAutomation(appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('DELETE', one(id)),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.automations(appId) }),
  });
}

/** Dry run: what the automation would do for a record; nothing is kept. */
export function useTestAutomation() {
  return useMutation({
    mutationFn: ({ id, recordId, payload }: { id: string; recordId?: string; payload?: Record<string, unknown> }) =>
      api<DryRunResult>('POST', `${one(id)}/test`, { ...(recordId ? { recordId } : {}), ...(payload ? { payload } : {}) }),
  });
}

/** Runs a failed run again from its failed action. */
export function useRetryRun(automationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => api<AutomationRun>('POST', `${one(automationId)}/runs/${encodeURIComponent(runId)}/retry`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.automationRuns(automationId) }),
  });
}

/** The record button: runs a button automation for one record. */
export function useRunAutomation() {
  return useMutation({
    mutationFn: ({ id, recordId }: { id: string; recordId: string }) => api<AutomationRun>('POST', `${one(id)}/run`, { recordId }),
  });
}
