import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Quadrant, RfmSegment, Segmentation } from '../../server/segments/segments.schema';
import { api } from './client';
import type { DataRecord } from './types';

export type { Quadrant, RfmSegment, Segmentation };
export type SegmentRules = NonNullable<Segmentation['rules']>;
export type ChurnSettings = NonNullable<Segmentation['churn']>;
/** One cell of the matrix chart: a segment, the value written for it and how many records have it. */
export interface SegmentCount {
  segment: RfmSegment | Quadrant;
  value?: string;
  count: number;
}
/** One customer at risk (`GET /api/forms/:id/churn`). */
export interface ChurnItem {
  id: string;
  lastInteraction: string | null;
  recent: number;
  previous: number;
  reason: string;
  reasonEn: string;
  record?: DataRecord;
}

const base = (formId: string) => `/api/forms/${encodeURIComponent(formId)}`;
const segKey = (formId: string) => ['segmentation', formId] as const;

/** The segmentation rules and churn settings of a form; `null` when none are set (404). */
export function useSegmentation(formId: string | undefined) {
  return useQuery({
    queryKey: segKey(formId ?? ''),
    queryFn: async () => {
      try {
        return await api<Segmentation>('GET', `${base(formId!)}/segmentation`);
      } catch (e) {
        if ((e as { status?: number }).status === 404) return null;
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
    queryFn: () => api<{ model: 'rfm' | 'matrix'; items: SegmentCount[] }>('GET', `${base(formId!)}/segmentation/matrix`),
    enabled: !!formId && enabled,
  });
}

/** Sets the rules (PUT); every record is re-segmented at once. */
export function useSaveSegmentation(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (seg: Segmentation) => api<Segmentation & { counts: SegmentCount[] }>('PUT', `${base(formId)}/segmentation`, seg),
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
    queryFn: () => api<{ items: ChurnItem[] }>('GET', `${base(formId!)}/churn`, undefined, { inactiveDays, limit: 500 }),
    enabled: !!formId && enabled,
  });
}
