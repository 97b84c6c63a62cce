import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Grant as ServerGrant, roleBody } from '../../server/permissions/permissions.schema';
import { api, itemsOf } from './client';
import { keys } from './keys';
import type { Page } from './types';

/** A user as admins see it in `GET /api/users` (members get id, name, email and departments only). */
export interface DirectoryUser {
  id: string;
  email: string;
  name: string;
  phone?: string | null;
  isAdmin?: boolean;
  active?: boolean;
  mainDepartmentId: string | null;
  departmentIds: string[];
  roleIds?: string[];
  createdAt?: string;
}

export interface UserInput {
  email?: string;
  name?: string;
  phone?: string | null;
  password?: string;
  isAdmin?: boolean;
  active?: boolean;
  mainDepartmentId?: string | null;
  departmentIds?: string[];
  roleIds?: string[];
}

/** A department in the tree (by `parentId`); `roleIds` are roles its members inherit. */
export interface OrgDepartment {
  id: string;
  name: string;
  parentId: string | null;
  headUserId: string | null;
  sort: number;
  roleIds: string[];
}

export type DepartmentInput = Partial<Pick<OrgDepartment, 'name' | 'parentId' | 'headUserId' | 'sort' | 'roleIds'>>;

/** One grant of a role, the server's own type (`server/permissions/permissions.schema.ts`). */
export type Grant = ServerGrant;
export type RoleInput = z.input<typeof roleBody>;

export interface Role {
  id: string;
  name: string;
  description: string | null;
  grants: Grant[];
  createdAt: string;
  updatedAt: string;
}

const enc = encodeURIComponent;

// Pickers keep their own lists of people and departments (web/api/people.ts): refresh those too.
const refreshPeople = (qc: QueryClient) => qc.invalidateQueries({ queryKey: keys.users });
const refreshDepartments = (qc: QueryClient) => qc.invalidateQueries({ queryKey: keys.departments });

/** Everyone in the directory (admins also get phone, roles, admin and active flags). */
export function useUsers() {
  return useQuery({ queryKey: keys.users, queryFn: async () => itemsOf(await api<Page<DirectoryUser>>('GET', '/api/users')) });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UserInput) => api<DirectoryUser>('POST', '/api/users', input),
    onSuccess: () => refreshPeople(qc),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: UserInput & { id: string }) => api<DirectoryUser>('PATCH', `/api/users/${enc(id)}`, patch),
    onSuccess: () => refreshPeople(qc),
  });
}

/** The department tree as a flat list (children point at `parentId`). */
export function useDepartments() {
  return useQuery({ queryKey: keys.departments, queryFn: async () => itemsOf(await api<Page<OrgDepartment>>('GET', '/api/departments')) });
}

export function useCreateDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DepartmentInput & { name: string }) => api<OrgDepartment>('POST', '/api/departments', input),
    onSuccess: () => refreshDepartments(qc),
  });
}

export function useUpdateDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: DepartmentInput & { id: string }) => api<OrgDepartment>('PATCH', `/api/departments/${enc(id)}`, patch),
    onSuccess: () => refreshDepartments(qc),
  });
}

export function useDeleteDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/departments/${enc(id)}`),
    onSuccess: () => refreshDepartments(qc),
  });
}

/** Roles and their grants (admins only). */
export function useRoles(enabled = true) {
  return useQuery({ queryKey: keys.roles, queryFn: async () => itemsOf(await api<Page<Role>>('GET', '/api/roles')), enabled });
}

export function useCreateRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RoleInput) => api<Role>('POST', '/api/roles', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.roles }),
  });
}

export function useUpdateRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: Partial<RoleInput> & { id: string }) => api<Role>('PATCH', `/api/roles/${enc(id)}`, patch),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.roles }),
  });
}

export function useDeleteRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/roles/${enc(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.roles }),
  });
}
