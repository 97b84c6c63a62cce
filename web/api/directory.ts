import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../server/directory/roles.routes';
import type { Grant } from '../../server/permissions/permissions.schema';
import { type Answer, answerAs, api, call, type Input } from './client';
import { keys } from './keys';
import type { Page } from './types';

/** One grant of a role, the server's own type (`server/permissions/permissions.schema.ts`). */
export type { Grant };

/** A user as `GET /api/users` lists it: admins also get phone, roles, admin and active flags. */
export type DirectoryUser = Answer<typeof api.users.$get>['items'][number];
/** The body of `PATCH /api/users/:userId` (`POST` also needs email, name and password). */
export type UserInput = Input<(typeof api.users)[':userId']['$patch']>['json'];

/** A department in the tree (by `parentId`); `roleIds` are roles its members inherit. */
export type OrgDepartment = Answer<typeof api.departments.$get>['items'][number];
export type DepartmentInput = Input<(typeof api.departments)[':id']['$patch']>['json'];

/** A role and its grants (`grants` holds filters, which hono's answer typing cannot follow: see `answerAs`). */
export type { Role };
export type RoleInput = Input<typeof api.roles.$post>['json'];

// Pickers keep their own lists of people and departments (web/api/people.ts): refresh those too.
const refreshPeople = (qc: QueryClient) => qc.invalidateQueries({ queryKey: keys.users });
const refreshDepartments = (qc: QueryClient) => qc.invalidateQueries({ queryKey: keys.departments });

/** Everyone in the directory (admins also get phone, roles, admin and active flags). */
export function useUsers() {
  return useQuery({ queryKey: keys.users, queryFn: async () => (await call(api.users.$get)).items });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    // The modal sends what the admin typed; the server names what is missing (422, per field).
    mutationFn: (input: UserInput) =>
      call(api.users.$post, { json: input as Input<typeof api.users.$post>['json'] }),
    onSuccess: () => refreshPeople(qc),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: UserInput & { id: string }) =>
      call(api.users[':userId'].$patch, { param: { userId: id }, json: patch }),
    onSuccess: () => refreshPeople(qc),
  });
}

/** The department tree as a flat list (children point at `parentId`). */
export function useDepartments() {
  return useQuery({
    queryKey: keys.departments,
    queryFn: async () => (await call(api.departments.$get)).items,
  });
}

export function useCreateDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Input<typeof api.departments.$post>['json']) =>
      call(api.departments.$post, { json: input }),
    onSuccess: () => refreshDepartments(qc),
  });
}

export function useUpdateDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: DepartmentInput & { id: string }) =>
      call(api.departments[':id'].$patch, { param: { id }, json: patch }),
    onSuccess: () => refreshDepartments(qc),
  });
}

export function useDeleteDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.departments[':id'].$delete, { param: { id } }),
    onSuccess: () => refreshDepartments(qc),
  });
}

/** Roles and their grants (admins only). */
export function useRoles(enabled = true) {
  return useQuery({
    queryKey: keys.roles,
    queryFn: async () => (await answerAs<Page<Role>>(call(api.roles.$get))).items,
    enabled,
  });
}

export function useCreateRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RoleInput) => call(api.roles.$post, { json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.roles }),
  });
}

export function useUpdateRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: Partial<RoleInput> & { id: string }) =>
      call(api.roles[':id'].$patch, { param: { id }, json: patch }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.roles }),
  });
}

export function useDeleteRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.roles[':id'].$delete, { param: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.roles }),
  });
}
