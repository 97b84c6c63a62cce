import type { TFunction } from 'i18next';
import type { ErrorDetail } from '../api/types';
import type { Draft, FieldInfo, Issue, NotifyTarget, Transition } from './model';

/** Names for ids, as the designer shows them. */
export interface Lookups {
  fields: FieldInfo[];
  roles: Map<string, string>;
  departments: Map<string, string>;
  users: Map<string, string>;
}

/** A state's label by key, or "已删除的状态（key）". */
export function stateLabel(d: Draft, key: string, t: TFunction): string {
  return d.states.find((s) => s.key === key)?.label ?? t('workflow.deletedState', { key });
}

/** A field's label by key, or "已删除的字段（key）". */
export function fieldLabel(fields: FieldInfo[], key: string, t: TFunction): string {
  return fields.find((f) => f.key === key)?.label ?? t('workflow.deletedField', { key });
}

/** "开始处理" or "待处理 → 处理中" for a transition. */
export function transitionName(d: Draft, tr: Transition, t: TFunction): string {
  if (tr.label?.trim()) return tr.label.trim();
  const from =
    tr.from === '*'
      ? t('workflow.any')
      : (Array.isArray(tr.from) ? tr.from : [tr.from]).map((k) => stateLabel(d, k, t)).join('、');
  return `${from} → ${stateLabel(d, tr.to, t)}`;
}

/** Who an escalation notifies, in words. */
export function notifyTargetLabel(n: NotifyTarget, lk: Lookups, t: TFunction): string {
  if (n === 'owner' || n === 'departmentHead') return t(`workflow.notifyTargets.${n}`);
  if ('role' in n) return t('workflow.notifyTargets.role', { name: lk.roles.get(n.role) ?? n.role });
  if ('userField' in n)
    return t('workflow.notifyTargets.userField', { name: fieldLabel(lk.fields, n.userField, t) });
  return t('workflow.notifyTargets.user', { name: lk.users.get(n.user) ?? n.user });
}

/** Where a path points, in words: `/variants/0/transitions/2/to` → 部门差异“销售部” · 流转 3（提交）. */
export function describePath(path: string, d: Draft, lk: Lookups, t: TFunction): string {
  const parts = path.split('/').filter(Boolean);
  const out: string[] = [];
  let transitions = d.transitions;
  let sla = d.sla;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const n = Number(parts[i + 1]);
    if (p === 'variants' && Number.isInteger(n)) {
      const v = d.variants[n];
      out.push(
        t('workflow.where.variant', {
          name: v?.name || (v ? (lk.departments.get(v.departmentId) ?? v.departmentId) : n + 1),
        }),
      );
      transitions = v?.transitions ?? [];
      sla = v?.sla ?? [];
      i++;
    } else if (p === 'states' && Number.isInteger(n)) {
      out.push(t('workflow.where.state', { name: d.states[n]?.label ?? n + 1 }));
      i++;
    } else if (p === 'transitions' && Number.isInteger(n)) {
      out.push(
        t('workflow.where.transition', {
          n: n + 1,
          name: transitions[n] ? transitionName(d, transitions[n], t) : '',
        }),
      );
      i++;
    } else if (p === 'sla' && Number.isInteger(n)) {
      out.push(t('workflow.where.sla', { n: n + 1, name: sla[n] ? stateLabel(d, sla[n].state, t) : '' }));
      i++;
    } else if (p === 'initial') out.push(t('workflow.where.initial'));
  }
  return out.join(' · ') || t('workflow.where.workflow');
}

/** A local issue's message. */
export const issueMessage = (i: Issue, t: TFunction) => t(`workflow.issue.${i.code}`, { name: i.name ?? '' });

/** Local issues and the server's details as one list of `{path, message}`. */
export function asDetails(issues: readonly Issue[], t: TFunction): ErrorDetail[] {
  return issues.map((i) => ({ path: i.path, message: issueMessage(i, t) }));
}

/** The server's English detail messages in the user's language, for the cases the designer knows. */
export function localizeServerDetail(detail: ErrorDetail, t: TFunction): ErrorDetail {
  const m = detail.message;
  const name = /"([^"]*)"/.exec(m)?.[1] ?? '';
  const known: Array<[RegExp, Issue['code']]> = [
    [/is not a state/, 'unknownState'],
    [/unknown field/, 'unknownField'],
    [/is not a member field/, 'notMemberField'],
    [/is not a date field/, 'notDateField'],
    [/duplicate state/, 'duplicateKey'],
    [/no transition reaches/, 'unreachable'],
  ];
  for (const [re, code] of known)
    if (re.test(m)) return { path: detail.path, message: t(`workflow.issue.${code}`, { name }) };
  return detail;
}
