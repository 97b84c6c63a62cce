import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { problemText } from '../api/reason-text';

/**
 * A message for an error a person can read: worded from the server's reason codes in the user's
 * language when every detail has one, else the server's message, else a generic one.
 */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError)
    return error.status === 0 ? t('common.networkError') : (problemText(error, t) ?? error.message);
  return t('common.unknownError');
}
