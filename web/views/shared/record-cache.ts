import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { keys } from '../../api/keys';
import type { DataRecord, Page } from '../../api/types';

/**
 * Puts a saved record into every cached list of its form (in place, no refetch of the pages
 * already scrolled through) and into its own cache; counts and groups are asked again.
 */
export function replaceRecordInCaches(qc: QueryClient, formId: string, record: DataRecord) {
  const inPage = (p: Page<DataRecord>) => ({
    ...p,
    items: p.items.map((r) => (r.id === record.id ? record : r)),
  });
  qc.setQueriesData<InfiniteData<Page<DataRecord>> | Page<DataRecord>>(
    { queryKey: keys.records(formId) },
    (data) => {
      // Lists are pages followed by cursor (InfiniteData) or single pages (the grid's rows by position).
      if (typeof data !== 'object' || data === null) return data;
      if ('pages' in data && Array.isArray(data.pages)) return { ...data, pages: data.pages.map(inPage) };
      if ('items' in data && Array.isArray(data.items)) return inPage(data);
      return data;
    },
  );
  qc.setQueryData(keys.record(formId, record.id), record);
  qc.setQueryData(['recordRef', formId, record.id], record);
  void qc.invalidateQueries({
    queryKey: keys.records(formId),
    predicate: (q) => q.queryKey[2] === 'aggregate',
  });
  void qc.invalidateQueries({ queryKey: keys.history(formId, record.id) });
}

/** Every list of the form is stale (a create, delete or bulk change): refetch them. */
export const refreshRecords = (qc: QueryClient, formId: string) =>
  qc.invalidateQueries({ queryKey: keys.records(formId) });
