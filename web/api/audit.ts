import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from './client';
import { keys } from './keys';
import type { Page } from './types';

/** One audit log entry, newest first. */
export interface AuditEntry {
  id: string;
  at: string;
  userId: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: string | null;
  details: unknown;
}

/** `action` is exact, or a prefix when it ends with a dot (`user.`); `from`/`to` are ISO instants. */
export interface AuditQuery {
  action?: string;
  userId?: string;
  q?: string;
  from?: string;
  to?: string;
}

/** The audit log, 50 entries a page, following the cursor (admins only). */
export function useAuditLog(query: AuditQuery) {
  return useInfiniteQuery({
    queryKey: keys.audit(query),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<Page<AuditEntry>>('GET', '/api/audit', undefined, { ...query, limit: 50, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
