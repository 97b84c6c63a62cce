import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Workflow } from '../../server/workflows/workflow.schema';
import { ApiError, api } from './client';
import { keys } from './keys';
import type { DataRecord } from './types';

export type FormWorkflow = Workflow & { version: number };
export type WorkflowState = Workflow['states'][number];

/** One move the caller could make from a record's state (`GET …/records/:id/workflow`). */
export interface AvailableTransition {
  key: string;
  label: string;
  to: string;
  requiredFields: string[];
  requireComment: boolean;
  allowed: boolean;
}

/** Where a record stands in its workflow. */
export interface RecordWorkflow {
  state: string | null;
  stateLabel: string | null;
  enteredAt: string | null;
  timeInStateMs: number | null;
  deadline: string | null;
  overdue: boolean;
  transitions: AvailableTransition[];
}

/** The form's workflow, or `null` when it has none (a 404 is an answer here, not an error). */
export function useFormWorkflow(formId: string | undefined) {
  return useQuery({
    queryKey: ['workflow', formId ?? ''],
    queryFn: async () => {
      try {
        return await api<FormWorkflow>('GET', `/api/forms/${encodeURIComponent(formId!)}/workflow`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    enabled: !!formId,
    staleTime: 60_000,
  });
}

const recordWorkflowKey = (formId: string, recordId: string) => ['record', formId, recordId, 'workflow'] as const;

/** A record's state, time in state, deadline and the caller's transitions; `enabled` defers it (kanban cards ask lazily). */
export function useRecordWorkflow(formId: string, recordId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: recordWorkflowKey(formId, recordId ?? ''),
    queryFn: () => api<RecordWorkflow>('GET', `/api/forms/${encodeURIComponent(formId)}/records/${encodeURIComponent(recordId!)}/workflow`),
    enabled: !!recordId && enabled,
  });
}

export interface TransitionInput {
  id: string;
  to: string;
  comment?: string;
  fields?: Record<string, unknown>;
}

/** `POST …/records/:id/transition`: 403 not permitted, 409 not from this state, 422 fields or a comment needed. */
export function useTransition(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: TransitionInput) =>
      api<DataRecord>('POST', `/api/forms/${encodeURIComponent(formId)}/records/${encodeURIComponent(id)}/transition`, body),
    onSuccess: (record) => {
      qc.setQueryData(keys.record(formId, record.id), record);
      qc.invalidateQueries({ queryKey: ['record', formId, record.id] });
      qc.invalidateQueries({ queryKey: keys.records(formId) });
    },
  });
}
