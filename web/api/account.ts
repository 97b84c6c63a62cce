import { useMutation } from '@tanstack/react-query';
import { api } from './client';

/** Changes the caller's own password; other sessions end, this one stays. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api<{ ok: true }>('POST', '/api/auth/password', input),
  });
}
