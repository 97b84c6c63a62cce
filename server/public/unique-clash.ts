import { AppError, type ErrorDetail } from '../errors.js';
import type { FormModel } from '../forms/form-model.js';

/**
 * Whether a detail says a unique field's value is taken (records/values.ts `checkUnique`). A
 * stranger must not learn that (is this e-mail a customer already?), so public links keep it quiet.
 */
const isTakenDetail = (model: FormModel, d: ErrorDetail) => {
  const key = /^\/fields\/([^/]+)$/.exec(d.path)?.[1];
  return !!key && !!model.byKey.get(key)?.def.unique && /is already used by another record/.test(d.message);
};

/** A unique index refusing the row (a race past `checkUnique`), as the database reports it. */
const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || /UNIQUE constraint failed/.test(String(err?.message ?? ''));
};

/**
 * Sorts a failed public submission: `'taken'` when its only fault is a unique value used by another
 * record; otherwise the error to answer, with every "already used" detail left out.
 */
export function uniqueClashOf(model: FormModel, e: unknown): 'taken' | unknown {
  if (isUniqueViolation(e)) return 'taken';
  if (!(e instanceof AppError) || e.code !== 'validation_failed') return e;
  const rest = e.details.filter((d) => !isTakenDetail(model, d));
  if (rest.length === e.details.length) return e;
  if (!rest.length) return 'taken';
  return new AppError(e.code, rest[0].message, rest);
}
