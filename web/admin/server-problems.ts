import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { errorMessage } from '../records/errors';

/**
 * Server errors on the directory forms, in the user's language where we know the case:
 * the e-mail taken, the password rules, a wrong current password, deactivating oneself.
 * Answers the form field the message belongs to (if any) and the message.
 */
export function directoryProblem(e: unknown, t: TFunction): { field?: string; message: string } {
  if (!(e instanceof ApiError)) return { message: errorMessage(e, t) };
  const d = e.details[0];
  const field = d?.path.replace(/^\//, '').split('/')[0] || undefined;
  if (e.status === 409 && field === 'email') return { field, message: t('admin.users.emailTaken') };
  if (field === 'password' || field === 'newPassword') return { field, message: t('account.rule') };
  if (field === 'currentPassword') return { field, message: t('account.wrongCurrent') };
  if (field === 'email') return { field, message: t('admin.users.emailInvalid') };
  if ((field === 'active' || field === 'isAdmin') && /yourself/.test(d?.message ?? '')) return { message: t('admin.users.notForYourself') };
  if (field === 'parentId' && /cycle/.test(d?.message ?? '')) return { field, message: t('admin.departments.cycle') };
  if (/sub-departments|members/.test(d?.message ?? '') && d?.path === '/') return { message: t('admin.departments.notEmpty') };
  return { field, message: errorMessage(e, t) };
}

/** Password rule as the server checks it: 8+ characters with a letter and a digit. */
export const passwordOk = (pw: string) => pw.length >= 8 && pw.length <= 200 && /[A-Za-z]/.test(pw) && /[0-9]/.test(pw);
