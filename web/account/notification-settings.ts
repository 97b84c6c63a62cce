import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Answer, api, call } from '../api/client';
import { keys } from '../api/keys';

/** How the caller receives notifications: `email` their choice, `emailAvailable` whether the server can send mail at all. */
export type NotificationSettings = Answer<typeof api.notifications.settings.$get>;

/** The caller's notification settings. */
export function useNotificationSettings(enabled = true) {
  return useQuery({
    queryKey: keys.notificationSettings,
    queryFn: () => call(api.notifications.settings.$get),
    enabled,
  });
}

/** Turns notification e-mails on or off for the caller. */
export function useSetNotificationSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: boolean }) => call(api.notifications.settings.$put, { json: input }),
    onSuccess: (data) => qc.setQueryData(keys.notificationSettings, data),
  });
}
