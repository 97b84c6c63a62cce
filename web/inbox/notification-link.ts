import type { Notification } from '../api/notifications';

/** Where a notification leads: its record in the data page's drawer, when it names one. */
export const notificationLink = (n: Pick<Notification, 'formId' | 'recordId'>) =>
  n.formId
    ? `/forms/${encodeURIComponent(n.formId)}${n.recordId ? `?record=${encodeURIComponent(n.recordId)}` : ''}`
    : null;
