import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** A message for an error a person can read: the server's message, else a generic one. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) return error.status === 0 ? t('common.networkError') : error.message;
  return t('common.unknownError');
}
