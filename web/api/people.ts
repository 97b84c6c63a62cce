import { useQuery } from '@tanstack/react-query';
import { api, itemsOf } from './client';
import { keys } from './keys';
import type { Page } from './types';

/** A user as pickers and name lookups need them. */
export interface Person {
  id: string;
  name: string;
  email: string;
  departmentIds?: string[];
  active?: boolean;
}

/** A department; the tree is built from `parentId`. */
export interface Department {
  id: string;
  name: string;
  parentId: string | null;
  sort?: number;
}

/** Everyone the caller may pick (one cached list: member cells, pickers and history share it). */
export function usePeople() {
  return useQuery({
    // The same cache entry as the admin pages' useUsers: one request, and their edits refresh pickers.
    queryKey: keys.users,
    queryFn: async () => itemsOf(await api<Page<Person>>('GET', '/api/users')),
    staleTime: 5 * 60_000,
  });
}

/** The department tree's nodes (flat, with parentId). */
export function useDepartmentList() {
  return useQuery({
    queryKey: keys.departments,
    queryFn: async () => itemsOf(await api<Page<Department>>('GET', '/api/departments')),
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
