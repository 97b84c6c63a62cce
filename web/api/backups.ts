import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Answer, api, call } from './client';
import { keys } from './keys';

/** One backup as listed: a finished archive, or a run in progress or failed. */
export type Backup = Answer<typeof api.backups.$get>['items'][number];

/** The backups, newest first (admins only); asked again every 2 s while one is running. */
export function useBackups() {
  return useQuery({
    queryKey: keys.backups,
    queryFn: () => call(api.backups.$get),
    refetchInterval: (q) => (q.state.data?.items.some((b) => b.status === 'running') ? 2000 : false),
  });
}

/** Starts a backup now (202); the list then follows it until it is complete. */
export function useStartBackup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.backups.$post),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.backups }),
  });
}

/** Where the browser downloads a backup (a plain link: the session cookie authorizes it). */
export const backupDownloadUrl = (name: string) => `/api/backups/${encodeURIComponent(name)}/download`;
