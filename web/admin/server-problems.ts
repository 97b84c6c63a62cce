import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { errorMessage } from '../records/errors';

/**
 * Server errors on the directory forms, in the user's language where we know the case (by the
 * detail's reason code): the e-mail taken, the password rules, a wrong current password,
 * deactivating oneself, a department cycle or one not empty. Answers the form field the message
 * belongs to (if any) and the message.
 */
export function directoryProblem(e: unknown, t: TFunction): { field?: string; message: string } {
  if (!(e instanceof ApiError)) return { message: errorMessage(e, t) };
  const d = e.details[0];
  const field = d?.path.replace(/^\//, '').split('/')[0] || undefined;
  switch (d?.code) {
    case 'email_taken':
      return { field, message: t('admin.users.emailTaken') };
    case 'weak_password':
      return { field, message: t('account.rule') };
    case 'wrong_password':
      return { field, message: t('account.wrongCurrent') };
    case 'not_for_yourself':
      return { message: t('admin.users.notForYourself') };
    case 'department_cycle':
      return { field, message: t('admin.departments.cycle') };
    case 'department_not_empty':
      return { message: t('admin.departments.notEmpty') };
  }
  if (field === 'email') return { field, message: t('admin.users.emailInvalid') };
  return { field, message: errorMessage(e, t) };
}

/** Password rule as the server checks it: 8+ characters with a letter and a digit. */
export const passwordOk = (pw: string) =>
  pw.length >= 8 && pw.length <= 200 && /[A-Za-z]/.test(pw) && /[0-9]/.test(pw);
