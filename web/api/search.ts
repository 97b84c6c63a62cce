import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Answer, api, call } from './client';

/** One record the header search found: its form, app, title and the field that matched. */
export type SearchHit = Answer<typeof api.search.$get>['items'][number];

/** Records across the forms the user may read whose text matches `q` (GET /api/search). */
export function useSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: ['search', query],
    queryFn: () => call(api.search.$get, { query: { q: query } }),
    enabled: query.length > 0 && query.length <= 100,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
