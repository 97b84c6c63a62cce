import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import { keys } from './keys';
import type { RecordsQuery } from './types';

const records = api.forms[':formId'].records;
const record = records[':recordId'];

/** Pages of a form's records, 100 at a time, with the total; `fetchNextPage` follows the cursor. */
export function useRecords(formId: string, query: RecordsQuery) {
  return useInfiniteQuery({
    queryKey: keys.records(formId, query),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(records.$get, {
        param: { formId },
        query: {
          limit: '100',
          cursor: pageParam ?? undefined,
          count: pageParam ? undefined : 'true',
          sort: query.sort || undefined,
          q: query.q || undefined,
          view: query.view || undefined,
          filter: query.filter ? JSON.stringify(query.filter) : undefined,
        },
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** One record, fresh (its `version` is what a PATCH must send). */
export function useRecord(formId: string, recordId: string | undefined) {
  return useQuery({
    queryKey: keys.record(formId, recordId ?? ''),
    queryFn: () => call(record.$get, { param: { formId, recordId: recordId! } }),
    enabled: !!recordId,
  });
}

/** Who changed what, when. */
export function useRecordHistory(formId: string, recordId: string | undefined) {
  return useQuery({
    queryKey: keys.history(formId, recordId ?? ''),
    queryFn: async () => (await call(record.history.$get, { param: { formId, recordId: recordId! } })).items,
    enabled: !!recordId,
  });
}

export function useCreateRecord(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (fields: Record<string, unknown>) =>
      call(records.$post, { param: { formId }, json: { fields } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.records(formId) }),
  });
}

/** PATCH `{fields, version}`; a 409 means someone else saved first. */
export function useUpdateRecord(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, fields, version }: { id: string; fields: Record<string, unknown>; version: number }) =>
      call(record.$patch, { param: { formId, recordId: id }, json: { fields, version } }),
    onSuccess: (saved) => {
      qc.setQueryData(keys.record(formId, saved.id), saved);
      qc.invalidateQueries({ queryKey: keys.history(formId, saved.id) });
      qc.invalidateQueries({ queryKey: keys.records(formId) });
    },
  });
}

export function useDeleteRecord(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(record.$delete, { param: { formId, recordId: id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.records(formId) }),
  });
}
