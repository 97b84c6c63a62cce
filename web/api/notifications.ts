import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { keys } from './keys';
import type { Page } from './types';

export interface Notification {
  id: string;
  title: string;
  body: string | null;
  formId: string | null;
  recordId: string | null;
  source: string | null;
  createdAt: string;
  readAt: string | null;
}

export type Inbox = Page<Notification> & { unread: number };

/** The caller's inbox with its unread count, polled every 30 seconds. */
export function useNotifications(enabled = true) {
  return useQuery({
    queryKey: keys.notifications,
    queryFn: () => api<Inbox>('GET', '/api/notifications', undefined, { limit: 30 }),
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
    mutationFn: (id: string) => api('POST', `/api/notifications/${encodeURIComponent(id)}/read`),
    onMutate: (id) => {
      qc.setQueryData<Inbox>(keys.notifications, (old) => {
        if (!old) return old;
        const was = old.items.find((n) => n.id === id);
        if (!was || was.readAt) return old;
        return { ...old, unread: Math.max(0, old.unread - 1), items: old.items.map((n) => (n.id === id ? { ...n, readAt: new Date().toISOString() } : n)) };
      });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.notifications }),
  });
}

export function useMarkAllNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api('POST', '/api/notifications/read-all'),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.notifications }),
  });
}
