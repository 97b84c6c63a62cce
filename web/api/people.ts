import { useQuery } from '@tanstack/react-query';
import { type Answer, api, call } from './client';
import { keys } from './keys';

/** A user as pickers and name lookups need them (admins' lists carry more, e.g. `active`). */
export type Person = Answer<typeof api.users.$get>['items'][number];

/** A department; the tree is built from `parentId`. */
export type Department = Answer<typeof api.departments.$get>['items'][number];

/** Everyone the caller may pick (one cached list: member cells, pickers and history share it). */
export function usePeople() {
  return useQuery({
    // The same cache entry as the admin pages' useUsers: one request, and their edits refresh pickers.
    queryKey: keys.users,
    queryFn: async () => (await call(api.users.$get)).items,
    staleTime: 5 * 60_000,
  });
}

/** The department tree's nodes (flat, with parentId). */
export function useDepartmentList() {
  return useQuery({
    queryKey: keys.departments,
    queryFn: async () => (await call(api.departments.$get)).items,
    staleTime: 5 * 60_000,
  });
}

/** id → name of users, for showing names instead of ids. */
export function usePeopleNames(): Map<string, string> {
  const { data } = usePeople();
  return new Map((data ?? []).map((u) => [u.id, u.name]));
}

/** id → name of departments. */
export function useDepartmentNames(): Map<string, string> {
  const { data } = useDepartmentList();
  return new Map((data ?? []).map((d) => [d.id, d.name]));
}
