import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { api, call } from '../../api/client';
import { keys } from '../../api/keys';
import type { RecordsParams } from '../../api/record-pages';
import type { DataRecord } from '../../api/types';
import { type PageAsk, type PageLike, pageRequest, pagesFor, pagesToDrop } from './row-pages';
import { reversedSort } from './sort';

/** Pages beside the ones in view fetched ahead, so a steady scroll finds them there. */
const MARGIN = 1;
/** Pages kept in memory at most (besides the ones in view): a long scroll forgets the oldest. */
const KEEP = 12;
/**
 * While the scrollbar is dragged the rows in view jump every frame: fetch once they rest this long.
 * Short enough that a steady scroll (a page every 200 ms at 500 rows/s) finds the next page there.
 */
const SETTLE_MS = 100;

type RecordPage = PageLike<DataRecord>;

const windowKey = (formId: string, params: RecordsParams, pageSize: number) =>
  [...keys.records(formId), 'window', params, pageSize] as const;

/** One page of the list as `ask` says; a page read backwards is turned round, and keeps its cursor to the page before it. */
async function fetchPage(
  formId: string,
  params: RecordsParams,
  ask: PageAsk,
  signal: AbortSignal,
): Promise<RecordPage> {
  const page = (await call(
    api.forms[':formId'].records.$get,
    {
      param: { formId },
      query: {
        limit: String(ask.limit),
        ...('cursor' in ask ? { cursor: ask.cursor } : { offset: String(ask.offset) }),
        sort: ask.backwards ? reversedSort(params.sort) : params.sort || undefined,
        q: params.q || undefined,
        view: params.view || undefined,
        filter: params.filter ? JSON.stringify(params.filter) : undefined,
      },
    },
    { init: { signal } },
  )) as RecordPage;
  return ask.backwards
    ? { items: [...page.items].reverse(), nextCursor: null, prevCursor: page.nextCursor }
    : { items: page.items, nextCursor: page.nextCursor };
}

/** A value that follows `value` once it has stayed the same for `ms`. */
function useSettled<T>(value: T, key: string, ms: number): T {
  const [settled, setSettled] = useState({ key, value });
  useEffect(() => {
    if (settled.key === key) return;
    const t = setTimeout(() => setSettled({ key, value }), ms);
    return () => clearTimeout(t);
  }, [key, value, ms, settled.key]);
  return settled.value;
}

interface Options {
  /** Page 0 (from `useGridPages`, which serves the first rows early). */
  head: RecordPage | undefined;
  /** Rows in the list; undefined until counted (then only page 0 is read). */
  total: number | undefined;
  pageSize: number;
  /** The rows in view (inclusive). */
  first: number;
  last: number;
  enabled: boolean;
}

/**
 * A list read by position: the pages under the rows in view (and one each side) are fetched once
 * scrolling rests, by cursor next to a page at hand, else by `?offset=` from the nearer end (see
 * `pageRequest`); pages far away are forgotten. `recordAt(i)` is the record at row i, or
 * undefined while its page is on its way.
 */
export function useRecordWindow(
  formId: string,
  params: RecordsParams,
  { head, total, pageSize, first, last, enabled }: Options,
) {
  const qc = useQueryClient();
  const base = useMemo(() => windowKey(formId, params, pageSize), [formId, params, pageSize]);
  const inView = useMemo(
    () => (enabled && total !== undefined ? pagesFor(first, last, pageSize, total) : []),
    [enabled, total, first, last, pageSize],
  );
  const near = useMemo(
    () => (enabled && total !== undefined ? pagesFor(first, last, pageSize, total, MARGIN) : []),
    [enabled, total, first, last, pageSize],
  );
  const wanted = useSettled(near, `${near.join(',')}|${JSON.stringify(base)}`, SETTLE_MS);
  // Pages in view show what is cached at once; only the settled ones are fetched.
  const observed = useMemo(
    () => [...new Set([...inView, ...wanted])].filter((p) => p > 0).sort((a, b) => a - b),
    [inView, wanted],
  );
  const fetchable = useMemo(() => new Set(wanted), [wanted]);

  const results = useQueries({
    queries: observed.map((p) => ({
      queryKey: [...base, p],
      // A page scrolled past before it arrived is no longer observed: its request is cancelled.
      queryFn: ({ signal }: { signal: AbortSignal }) => {
        const before = p === 1 ? head : qc.getQueryData<RecordPage>([...base, p - 1]);
        const after = qc.getQueryData<RecordPage>([...base, p + 1]);
        return fetchPage(formId, params, pageRequest(p, pageSize, total, { before, after }), signal);
      },
      enabled: enabled && fetchable.has(p),
      gcTime: 60_000,
    })),
  });

  const observedKey = observed.join(',');
  useEffect(() => {
    const cached = qc
      .getQueryCache()
      .findAll({ queryKey: base })
      .map((q) => q.queryKey[base.length] as number);
    for (const p of pagesToDrop(cached, observed, KEEP))
      qc.removeQueries({ queryKey: [...base, p], exact: true });
  }, [observedKey, base, qc]); // eslint-disable-line react-hooks/exhaustive-deps

  const dataKey = results.map((r) => r.dataUpdatedAt).join(',');
  const pages = useMemo(() => {
    const m = new Map<number, DataRecord[]>();
    if (head) m.set(0, head.items);
    observed.forEach((p, i) => {
      const items = results[i]?.data?.items;
      if (items) m.set(p, items);
    });
    return m;
  }, [head, observedKey, dataKey]); // eslint-disable-line react-hooks/exhaustive-deps

  return useMemo(
    () => ({
      total,
      /** Every record at hand (for selecting all and keeping the selection current). */
      loaded: [...pages.values()].flat(),
      /** The record at row `i`, or undefined while its page is on its way. */
      recordAt: (i: number): DataRecord | undefined => pages.get(Math.floor(i / pageSize))?.[i % pageSize],
    }),
    [pages, total, pageSize],
  );
}
