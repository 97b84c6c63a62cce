import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { workflowSchema } from '../../server/workflows/workflow.schema';
import type { ErrorDetail } from './types';
import { ApiError, api } from './client';
import { keys } from './keys';

/** A workflow document as the server parses it (`server/workflows/workflow.schema.ts`). */
export type WorkflowInput = z.input<typeof workflowSchema>;
/** A stored workflow: the document with its version. */
export type Workflow = z.output<typeof workflowSchema> & { version: number };
/** PUT answers the saved workflow and what a designer should look at. */
export type SavedWorkflow = Workflow & { warnings?: ErrorDetail[] };

const path = (formId: string) => `/api/forms/${encodeURIComponent(formId)}/workflow`;

/** The form's workflow, or `null` when it has none yet. */
export function useWorkflow(formId: string) {
  return useQuery({
    queryKey: keys.workflow(formId),
    queryFn: async () => {
      try {
        return await api<Workflow>('GET', path(formId));
      } catch (e) {
        if (e instanceof ApiError && e.status === 404 && e.code === 'not_found' && /workflow/i.test(e.message)) return null;
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
    mutationFn: (wf: WorkflowInput) => api<SavedWorkflow>('PUT', path(formId), wf),
    onSuccess: (saved) => {
      const { warnings: _w, ...stored } = saved;
      qc.setQueryData(keys.workflow(formId), stored);
      qc.invalidateQueries({ queryKey: keys.records(formId) });
    },
  });
}
