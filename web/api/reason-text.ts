import type { TFunction } from 'i18next';
import type { ErrorDetail, ReasonParams } from '../../server/errors';
import { ApiError } from './client';

const list = (v: unknown, t: TFunction) => (Array.isArray(v) ? v.map(String).join(t('reason.who.list')) : v);

/** "只有「管理层」部门的成员或记录的所有者": who may make a workflow move, from its params. */
function whoMay(p: ReasonParams, t: TFunction): string {
  const names = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  const parts: string[] = [];
  for (const kind of ['departments', 'roles', 'fields'] as const)
    if (names(p[kind]).length)
      parts.push(t(`reason.who.${kind}`, { names: names(p[kind]).join(t('reason.who.list')) }));
  if (p.owner === true) parts.push(t('reason.who.owner'));
  return parts.join(t('reason.who.or'));
}

/**
 * One refused part of a request in the user's language, worded from its reason code and params
 * (never from the server's English); undefined for a detail without a code. Under its own field
 * (`withLabel: false`) the field's label is left out.
 */
export function reasonText(
  d: ErrorDetail,
  t: TFunction,
  opts: { withLabel?: boolean } = {},
): string | undefined {
  if (!d.code) return undefined;
  const p: ReasonParams = d.params ?? {};
  const values = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, list(v, t)]));
  let text: string;
  if (d.code === 'pattern_mismatch' && typeof p.hint === 'string') text = p.hint;
  else if (d.code === 'not_an_option' && p.value !== undefined)
    text = t('reason.not_an_option_value', values);
  else if (d.code === 'may_not_move') {
    const who = whoMay(p, t);
    text = who ? t('reason.may_not_move', { ...values, who }) : t('reason.may_not_move_anyone', values);
  } else text = t(`reason.${d.code}`, values);
  return typeof p.label === 'string' && opts.withLabel !== false
    ? t('reason.labelled', { label: p.label, text })
    : text;
}

/**
 * What went wrong with a refused request, in the user's language: the worded reasons of its
 * details when the server gave codes (up to three), else undefined (the caller falls back).
 */
export function problemText(e: unknown, t: TFunction): string | undefined {
  if (!(e instanceof ApiError)) return undefined;
  const texts = e.details.map((d) => reasonText(d, t)).filter((s): s is string => !!s);
  if (!texts.length || texts.length < e.details.length) return undefined;
  const shown = [...new Set(texts)].slice(0, 3);
  return shown.join(t('reason.joined')) + (texts.length > shown.length ? '…' : '');
}
