import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Answer, api, call } from './client';
import { keys } from './keys';

/** The caller's inbox: the newest notifications and how many are unread. */
export type Inbox = Answer<typeof api.notifications.$get>;
export type Notification = Inbox['items'][number];

/** The caller's inbox with its unread count, polled every 30 seconds. */
export function useNotifications(enabled = true) {
  return useQuery({
    queryKey: keys.notifications,
    queryFn: () => call(api.notifications.$get, { query: { limit: '30' } }),
    refetchInterval: 30_000,
    refetchIntervalInBackground: false,
    staleTime: 10_000,
    enabled,
  });
}

/** Marks one notification read (the list shows it at once). */
export function useMarkNotificationRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.notifications[':id'].read.$post, { param: { id } }),
    onMutate: (id) => {
      qc.setQueryData<Inbox>(keys.notifications, (old) => {
        if (!old) return old;
        const was = old.items.find((n) => n.id === id);
        if (!was || was.readAt) return old;
        return {
          ...old,
          unread: Math.max(0, old.unread - 1),
          items: old.items.map((n) => (n.id === id ? { ...n, readAt: new Date().toISOString() } : n)),
        };
      });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.notifications }),
  });
}

export function useMarkAllNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.notifications['read-all'].$post),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.notifications }),
  });
}
