import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { keys } from './keys';
import type { User } from './types';

/** The signed-in user; an ApiError with status 401 when nobody is. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => (await api<{ user: User }>('GET', '/api/auth/me')).user,
    retry: false,
    staleTime: 5 * 60_000,
  });
}

/** Signs in, then reads `/api/auth/me` so the shell has the user. */
export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: { email: string; password: string }) => {
      await api('POST', '/api/auth/login', input);
      return (await api<{ user: User }>('GET', '/api/auth/me')).user;
    },
    onSuccess: (user) => qc.setQueryData(keys.me, user),
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api('POST', '/api/auth/logout'),
    onSettled: () => qc.clear(),
  });
}
