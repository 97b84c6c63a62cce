import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { type Answer, api, call, type Input } from './client';
import { keys } from './keys';

/** One audit log entry, newest first. */
export type AuditEntry = Answer<typeof api.audit.$get>['items'][number];

/** `action` is exact, or a prefix when it ends with a dot (`user.`); `from`/`to` are ISO instants. */
export type AuditQuery = Omit<Input<typeof api.audit.$get>['query'], 'limit' | 'cursor'>;

/** The audit log, 50 entries a page, following the cursor (admins only). */
export function useAuditLog(query: AuditQuery) {
  return useInfiniteQuery({
    queryKey: keys.audit(query),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      call(api.audit.$get, { query: { ...query, limit: '50', cursor: pageParam ?? undefined } }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Another filter keeps the rows shown until its answer is here: no "没有匹配的日志" flashing meanwhile.
    placeholderData: keepPreviousData,
  });
}
