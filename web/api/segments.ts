import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Quadrant, RfmSegment, Segmentation } from '../../server/segments/segments.schema';
import type { SegmentCount } from '../../server/segments/segments.service';
import { type Answer, ApiError, api, call } from './client';

export type { Quadrant, RfmSegment, Segmentation, SegmentCount };
export type SegmentRules = NonNullable<Segmentation['rules']>;
export type ChurnSettings = NonNullable<Segmentation['churn']>;

const form = api.forms[':formId'];

/** One customer at risk (`GET /api/forms/:id/churn`), with the reason and the record. */
export type ChurnItem = Answer<typeof form.churn.$get>['items'][number];

const segKey = (formId: string) => ['segmentation', formId] as const;

/** The segmentation rules and churn settings of a form; `null` when none are set (404). */
export function useSegmentation(formId: string | undefined) {
  return useQuery({
    queryKey: segKey(formId ?? ''),
    queryFn: async () => {
      try {
        return await call(form.segmentation.$get, { param: { formId: formId! } });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    enabled: !!formId,
  });
}

/** Records per segment (within what the user may see), for the matrix chart. */
export function useSegmentMatrix(formId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...segKey(formId ?? ''), 'matrix'],
    queryFn: () => call(form.segmentation.matrix.$get, { param: { formId: formId! } }),
    enabled: !!formId && enabled,
  });
}

/** Sets the rules (PUT); every record is re-segmented at once. */
export function useSaveSegmentation(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (seg: Segmentation) => call(form.segmentation.$put, { param: { formId }, json: seg }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: segKey(formId) });
      qc.invalidateQueries({ queryKey: ['churn', formId] });
      qc.invalidateQueries({ queryKey: ['records', formId] });
    },
  });
}

/** Customers at risk of churning, with the reason; `inactiveDays` overrides the setting. */
export function useChurn(formId: string | undefined, inactiveDays?: number, enabled = true) {
  return useQuery({
    queryKey: ['churn', formId ?? '', inactiveDays ?? null],
    queryFn: () =>
      call(form.churn.$get, {
        param: { formId: formId! },
        query: { inactiveDays: inactiveDays === undefined ? undefined : String(inactiveDays), limit: '500' },
      }),
    enabled: !!formId && enabled,
  });
}
