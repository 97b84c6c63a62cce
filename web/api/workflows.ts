import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Workflow as WorkflowDoc } from '../../server/workflows/workflow.schema';
import type { ErrorDetail } from './types';
import { ApiError, answerAs, api, call, type Input } from './client';
import { keys } from './keys';

const workflow = api.forms[':formId'].workflow;

/** A workflow document as the server parses it (`server/workflows/workflow.schema.ts`). */
export type WorkflowInput = Input<typeof workflow.$put>['json'];
/** A stored workflow: the document with its version. */
export type Workflow = WorkflowDoc & { version: number };
/** PUT answers the saved workflow and what a designer should look at. */
export type SavedWorkflow = Workflow & { warnings?: ErrorDetail[] };

/** The form's workflow, or `null` when it has none yet. */
export function useWorkflow(formId: string) {
  return useQuery({
    queryKey: keys.workflow(formId),
    queryFn: async () => {
      try {
        return await answerAs<Workflow>(call(workflow.$get, { param: { formId } }));
      } catch (e) {
        if (
          e instanceof ApiError &&
          e.status === 404 &&
          e.code === 'not_found' &&
          /workflow/i.test(e.message)
        )
          return null;
        throw e;
      }
    },
    enabled: !!formId,
    staleTime: 0,
  });
}

/** PUT with `version`: 409 when someone saved first, 422 with details naming each problem. */
export function useSaveWorkflow(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (wf: WorkflowInput) =>
      answerAs<SavedWorkflow>(call(workflow.$put, { param: { formId }, json: wf })),
    onSuccess: (saved) => {
      const { warnings: _w, ...stored } = saved;
      qc.setQueryData(keys.workflow(formId), stored);
      qc.invalidateQueries({ queryKey: keys.records(formId) });
    },
  });
}
