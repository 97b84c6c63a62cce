import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Input } from './client';
import { keys } from './keys';

const fetchMe = async () => (await call(api.auth.me.$get)).user;

/** The signed-in user; an ApiError with status 401 when nobody is. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: fetchMe,
    retry: false,
    staleTime: 5 * 60_000,
  });
}

/** Signs in, then reads `/api/auth/me` so the shell has the user. */
export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: Input<typeof api.auth.login.$post>['json']) => {
      await call(api.auth.login.$post, { json: input });
      return fetchMe();
    },
    onSuccess: (user) => qc.setQueryData(keys.me, user),
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.auth.logout.$post),
    onSettled: () => qc.clear(),
  });
}
