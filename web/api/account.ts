import { useMutation } from '@tanstack/react-query';
import { api, call, type Input } from './client';

/** Changes the caller's own password; other sessions end, this one stays. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (input: Input<typeof api.auth.password.$post>['json']) =>
      call(api.auth.password.$post, { json: input }),
  });
}
