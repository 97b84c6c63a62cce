import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Answer, api, call, type Input } from './client';
import { keys } from './keys';
import type { DataRecord } from './types';

const records = api.forms[':formId'].records;
const record = records[':recordId'];

/** What a records page is asked for: the API's list parameters. */
export interface RecordsParams {
  filter?: unknown;
  sort?: string;
  q?: string;
  view?: string;
  deleted?: boolean;
}

/** One page of records by cursor; with `count`, the answer also carries the list's total. */
export function fetchRecordsPage(
  formId: string,
  params: RecordsParams,
  cursor: string | null,
  limit: number,
  count = false,
) {
  return call(records.$get, {
    param: { formId },
    query: {
      limit: String(limit),
      cursor: cursor ?? undefined,
      count: count ? 'true' : undefined,
      sort: params.sort || undefined,
      q: params.q || undefined,
      view: params.view || undefined,
      deleted: params.deleted ? 'true' : undefined,
      filter: params.filter ? JSON.stringify(params.filter) : undefined,
    },
  });
}

/**
 * Pages of records following the cursor, `pageSize` at a time; the first page carries the total
 * unless `count: false` (a list that shows its rows before its total, see `useRecordCount`).
 * Cached under `['records', formId, …]` so every write that invalidates a form's records refreshes
 * these too.
 */
export function useRecordPages(
  formId: string,
  params: RecordsParams,
  pageSize = 100,
  enabled = true,
  { count = true }: { count?: boolean } = {},
) {
  return useInfiniteQuery({
    queryKey: [...keys.records(formId), 'pages', params, pageSize, ...(count ? [] : ['uncounted'])],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => fetchRecordsPage(formId, params, pageParam, pageSize, count && !pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!formId && enabled,
  });
}

/**
 * The number of records in a list, asked for on its own: counting a large table takes longer
 * than reading its first rows (a third of a second at a million on SQLite), so a list asks for its
 * first page, shows it, and asks for this once the page is here.
 */
export function useRecordCount(formId: string, params: RecordsParams, enabled = true) {
  return useQuery({
    queryKey: [...keys.records(formId), 'count', params],
    queryFn: async () => (await fetchRecordsPage(formId, params, null, 1, true)).total ?? 0,
    enabled: !!formId && enabled,
  });
}

const aggregatePath = api.forms[':formId'].aggregate;
type AggregateBody = Input<typeof aggregatePath.$post>['json'];
type NumericMetric = AggregateBody['metrics'][number] & { op: 'count' | 'sum' | 'avg' | 'nps' | 'csat' };

/** One group of `POST …/aggregate` with numeric metrics: the group's values and each metric's number. */
export type AggregateRow = Omit<Answer<typeof aggregatePath.$post>['rows'][number], 'values'> & {
  values: Record<string, number | null>;
};

/**
 * `POST …/aggregate`: counts (or sums, averages) grouped by fields, e.g. records per kanban column.
 * Only metrics whose values are numbers: min and max may be dates, which these callers never show.
 */
export function useAggregate(
  formId: string,
  body: Omit<AggregateBody, 'metrics'> & { metrics?: NumericMetric[] },
  enabled = true,
) {
  return useQuery({
    queryKey: [...keys.records(formId), 'aggregate', body],
    queryFn: async () =>
      (await call(aggregatePath.$post, { param: { formId }, json: { metrics: [{ op: 'count' }], ...body } }))
        .rows as AggregateRow[],
    enabled: !!formId && enabled,
  });
}

/** Back from the recycle bin. */
export function useRestoreRecord(formId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(record.restore.$post, { param: { formId, recordId: id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.records(formId) }),
  });
}

/** PATCH without touching caches: bulk edits and drags invalidate once when they are done. */
export function patchRecord(formId: string, id: string, fields: Record<string, unknown>, version: number) {
  return call(record.$patch, { param: { formId, recordId: id }, json: { fields, version } });
}

export function deleteRecord(formId: string, id: string) {
  return call(record.$delete, { param: { formId, recordId: id } });
}

// ---- records by id, batched: relation names in cells and pickers ask for a few ids each ----

type Pending = { ids: Set<string>; waiters: Array<() => void>; result?: Map<string, DataRecord> };
const pending = new Map<string, Pending>();

async function flush(formId: string, batch: Pending) {
  pending.delete(formId);
  const ids = [...batch.ids];
  const found = new Map<string, DataRecord>();
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    try {
      const page = await fetchRecordsPage(
        formId,
        { filter: { field: 'id', op: 'in', value: slice } },
        null,
        500,
      );
      for (const r of page.items) found.set(r.id, r);
    } catch {
      /* a form the caller may not read: the ids stay unnamed */
    }
  }
  batch.result = found;
  batch.waiters.forEach((w) => w());
}

/** One record by id, fetched together with every other id asked for in the same tick. */
export function loadRecordRef(formId: string, id: string): Promise<DataRecord | null> {
  let batch = pending.get(formId);
  if (!batch) {
    const b: Pending = { ids: new Set(), waiters: [] };
    pending.set(formId, b);
    setTimeout(() => void flush(formId, b), 0);
    batch = b;
  }
  batch.ids.add(id);
  const b = batch;
  return new Promise((resolve) => b.waiters.push(() => resolve(b.result?.get(id) ?? null)));
}

const refKey = (formId: string, id: string) => ['recordRef', formId, id] as const;

/** Records of a form by id, each cached on its own (batched into one list request per tick). */
export function useRecordRefs(formId: string | undefined, ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: refKey(formId ?? '', id),
      queryFn: () => loadRecordRef(formId!, id),
      enabled: !!formId,
      staleTime: 60_000,
    })),
  });
}
