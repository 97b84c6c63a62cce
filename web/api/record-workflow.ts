import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Workflow } from '../../server/workflows/workflow.schema';
import { type Answer, ApiError, answerAs, api, call, type Input } from './client';
import { keys } from './keys';

export type FormWorkflow = Workflow & { version: number };
export type WorkflowState = Workflow['states'][number];

const record = api.forms[':formId'].records[':recordId'];

/** Where a record stands in its workflow: state, time in state, deadline, the caller's moves. */
export type RecordWorkflow = Answer<typeof record.workflow.$get>;
/** One move the caller could make from a record's state (`GET …/records/:id/workflow`). */
export type AvailableTransition = RecordWorkflow['transitions'][number];

/** The form's workflow, or `null` when it has none (a 404 is an answer here, not an error). */
export function useFormWorkflow(formId: string | undefined) {
  return useQuery({
    queryKey: ['workflow', formId ?? ''],
    queryFn: async () => {
      try {
        return await answerAs<FormWorkflow>(
          call(api.forms[':formId'].workflow.$get, { param: { formId: formId! } }),
        );
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    enabled: !!formId,
    staleTime: 60_000,
  });
}

const recordWorkflowKey = (formId: string, recordId: string) =>
  ['record', formId, recordId, 'workflow'] as const;

/** A record's state, time in state, deadline and the caller's transitions; `enabled` defers it (kanban cards ask lazily). */
export function useRecordWorkflow(formId: string, recordId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: recordWorkflowKey(formId, recordId ?? ''),
    queryFn: () => call(record.workflow.$get, { param: { formId, recordId: recordId! } }),
    enabled: !!recordId && enabled,
  });
}

/** A move: the record, the state to go to, and what the transition may need (comment, fields). */
export type TransitionInput = { id: string } & Input<typeof record.transition.$post>['json'];

/** `POST …/records/:id/transition`: 403 not permitted, 409 not from this state, 422 fields or a comment needed. */
export function useTransition(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: TransitionInput) =>
      call(record.transition.$post, { param: { formId, recordId: id }, json: body }),
    onSuccess: (saved) => {
      qc.setQueryData(keys.record(formId, saved.id), saved);
      qc.invalidateQueries({ queryKey: ['record', formId, saved.id] });
      qc.invalidateQueries({ queryKey: keys.records(formId) });
    },
  });
}
