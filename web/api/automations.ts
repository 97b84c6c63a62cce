import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Action, Automation, Trigger } from '../../server/automations/automations.schema';
import type { DryRunResult } from '../../server/automations/dry-run';
import type { toRun } from '../../server/automations/runs.repository';
import { answerAs, api, call, type Input } from './client';
import { keys } from './keys';
import type { Page } from './types';

export type { Action, Automation, DryRunResult, Trigger };
/** The body of POST/PUT (`server/automations/automations.schema.ts`): defaults may be left out. */
export type AutomationInput = Input<(typeof api.automations)[':id']['$put']>['json'];
/** One run as `GET /api/automations/:id/runs` lists it. */
export type AutomationRun = ReturnType<typeof toRun>;

const one = api.automations[':id'];

/** The automations of an app. */
export function useAutomations(appId: string | undefined) {
  return useQuery({
    queryKey: keys.automations(appId ?? ''),
    queryFn: async () =>
      (
        await answerAs<Page<Automation>>(
          call(api.apps[':appId'].automations.$get, { param: { appId: appId! } }),
        )
      ).items,
    enabled: !!appId,
  });
}

/** One automation. */
export function useAutomation(id: string | undefined) {
  return useQuery({
    queryKey: keys.automation(id ?? ''),
    queryFn: () => answerAs<Automation>(call(one.$get, { param: { id: id! } })),
    enabled: !!id,
  });
}

const fetchRuns = async (id: string, limit: number) =>
  (
    await answerAs<Page<AutomationRun>>(
      call(one.runs.$get, { param: { id }, query: { limit: String(limit) } }),
    )
  ).items;

/** Newest runs of an automation (the run log). */
export function useAutomationRuns(id: string | undefined, limit = 50) {
  return useQuery({
    queryKey: keys.automationRuns(id ?? ''),
    queryFn: () => fetchRuns(id!, limit),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'running') ? 2000 : false),
  });
}

/** The latest run of each automation, by id (the list's "last run" column). */
export function useLastRuns(ids: string[]) {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: [...keys.automationRuns(id), 'last'],
      queryFn: async () => (await fetchRuns(id, 1))[0] ?? null,
    })),
  });
  return new Map(ids.map((id, i) => [id, results[i]?.data ?? null]));
}

/** Creates (no id) or replaces (id) an automation. */
export function useSaveAutomation(appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, doc }: { id?: string; doc: AutomationInput }) =>
      answerAs<Automation>(
        id
          ? call(one.$put, { param: { id }, json: doc })
          : call(api.apps[':appId'].automations.$post, { param: { appId }, json: doc }),
      ),
    onSuccess: (saved) => {
      qc.setQueryData(keys.automation(saved.id), saved);
      qc.invalidateQueries({ queryKey: keys.automations(appId) });
    },
  });
}

export function useDeleteAutomation(appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(one.$delete, { param: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.automations(appId) }),
  });
}

/** Dry run: what the automation would do for a record; nothing is kept. */
export function useTestAutomation() {
  return useMutation({
    mutationFn: ({
      id,
      recordId,
      payload,
    }: {
      id: string;
      recordId?: string;
      payload?: Record<string, unknown>;
    }) =>
      answerAs<DryRunResult>(
        call(one.test.$post, {
          param: { id },
          json: { ...(recordId ? { recordId } : {}), ...(payload ? { payload } : {}) },
        }),
      ),
  });
}

/** Runs a failed run again from its failed action. */
export function useRetryRun(automationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) =>
      answerAs<AutomationRun>(call(one.runs[':runId'].retry.$post, { param: { id: automationId, runId } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.automationRuns(automationId) }),
  });
}

/** The record button: runs a button automation for one record. */
export function useRunAutomation() {
  return useMutation({
    mutationFn: ({ id, recordId }: { id: string; recordId: string }) =>
      answerAs<AutomationRun>(call(one.run.$post, { param: { id }, json: { recordId } })),
  });
}
