import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { keys } from './keys';
import type { DataRecord, HistoryEntry, Page, RecordsQuery } from './types';

const recordsPath = (formId: string) => `/api/forms/${encodeURIComponent(formId)}/records`;
const recordPath = (formId: string, id: string) => `${recordsPath(formId)}/${encodeURIComponent(id)}`;

/** Pages of a form's records, 100 at a time, with the total; `fetchNextPage` follows the cursor. */
export function useRecords(formId: string, query: RecordsQuery) {
  return useInfiniteQuery({
    queryKey: keys.records(formId, query),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<Page<DataRecord>>('GET', recordsPath(formId), undefined, {
        limit: 100,
        cursor: pageParam,
        count: pageParam ? undefined : true,
        sort: query.sort,
        q: query.q,
        view: query.view,
        filter: query.filter ? JSON.stringify(query.filter) : undefined,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** One record, fresh (its `version` is what a PATCH must send). */
export function useRecord(formId: string, recordId: string | undefined) {
  return useQuery({
    queryKey: keys.record(formId, recordId ?? ''),
    queryFn: () => api<DataRecord>('GET', recordPath(formId, recordId!)),
    enabled: !!recordId,
  });
}

/** Who changed what, when. */
export function useRecordHistory(formId: string, recordId: string | undefined) {
  return useQuery({
    queryKey: keys.history(formId, recordId ?? ''),
    queryFn: async () => {
      const data = await api<Page<HistoryEntry> | HistoryEntry[]>('GET', `${recordPath(formId, recordId!)}/history`, undefined, { limit: 200 });
      return Array.isArray(data) ? data : data.items;
    },
    enabled: !!recordId,
  });
}

export function useCreateRecord(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (fields: Record<string, unknown>) => api<DataRecord>('POST', recordsPath(formId), { fields }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.records(formId) }),
  });
}

/** PATCH `{fields, version}`; a 409 means someone else saved first. */
export function useUpdateRecord(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, fields, version }: { id: string; fields: Record<string, unknown>; version: number }) =>
      api<DataRecord>('PATCH', recordPath(formId, id), { fields, version }),
    onSuccess: (record) => {
      qc.setQueryData(keys.record(formId, record.id), record);
      qc.invalidateQueries({ queryKey: keys.history(formId, record.id) });
      qc.invalidateQueries({ queryKey: keys.records(formId) });
    },
  });
}

export function useDeleteRecord(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('DELETE', recordPath(formId, id)),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.records(formId) }),
  });
}
