import type { TFunction } from 'i18next';
import { valueKindOf } from '../../server/fields/facts';
import type { Action, Automation, AutomationInput, Trigger } from '../api/automations';
import type { FieldDef, FormSummary } from '../api/types';
import type { Filter } from '../../server/filter/filter.schema';

export const TRIGGER_TYPES = [
  'record.created',
  'record.updated',
  'record.deleted',
  'state.changed',
  'schedule',
  'date',
  'sla.breached',
  'webhook',
  'button',
] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const ACTION_TYPES = [
  'createRecord',
  'updateRecord',
  'upsert',
  'setState',
  'assign',
  'notify',
  'webhook',
  'wait',
  'branch',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** The editor's working copy: the document without server-kept properties. */
export type Draft = Pick<AutomationInput, 'name' | 'description' | 'enabled' | 'options'> & {
  trigger: Trigger;
  condition?: Filter;
  actions: Action[];
};

/** i18n keys cannot hold dots: `record.created` → `record_created`. */
export const typeKey = (type: string) => type.replace('.', '_');

/** A new automation on a form: "when a record is created, notify its owner". */
export function newDraft(formId: string | undefined): Draft {
  return { name: '', enabled: true, trigger: { type: 'record.created', formId: formId ?? '' }, actions: [] };
}

/** The draft of a stored automation. */
export function draftOf(a: Automation): Draft {
  return {
    name: a.name,
    description: a.description,
    enabled: a.enabled,
    trigger: a.trigger,
    condition: a.condition,
    actions: a.actions,
    options: a.options,
  };
}

/** Switches the trigger type, keeping the form where the new type has one. */
export function changeTriggerType(t: Trigger, type: TriggerType): Trigger {
  const formId = 'formId' in t && t.formId ? t.formId : '';
  switch (type) {
    case 'schedule':
      return { type, cron: '0 8 * * *', timeZone: 'Asia/Shanghai', ...(formId ? { formId } : {}) };
    case 'date':
      return { type, formId, field: '', offset: '0d', time: '08:00' };
    case 'webhook':
      return { type, ...(formId ? { formId } : {}) };
    case 'button':
      return { type, formId };
    default:
      return { type, formId } as Trigger;
  }
}

/** The form the trigger is about (its record is `{{record.…}}`), if any. */
export const triggerFormId = (t: Trigger): string | undefined =>
  'formId' in t && t.formId ? t.formId : undefined;

/** A fresh action of a type, with the defaults the server would fill in. */
export function newAction(type: ActionType, formId: string | undefined): Action {
  switch (type) {
    case 'createRecord':
      return { type, formId: '', fields: {} };
    case 'updateRecord':
      return { type, fields: {} };
    case 'upsert':
      return { type, formId: formId ?? '', key: '', fields: {} };
    case 'setState':
      return { type, to: '' };
    case 'assign':
      return { type, strategy: 'fixed', userId: '' };
    case 'notify':
      return { type, to: { owner: true }, title: '' };
    case 'webhook':
      return { type, url: 'https://', method: 'POST', timeoutMs: 10_000 };
    case 'wait':
      return { type, for: '1d' };
    case 'branch':
      return { type, if: { and: [] }, then: [], else: [] };
  }
}

/** One line saying what an action does, for its collapsed card. */
export function actionSummary(a: Action, forms: FormSummary[], t: TFunction): string {
  const formName = (id: string) => forms.find((f) => f.id === id)?.name ?? id;
  switch (a.type) {
    case 'createRecord':
      return t('automations.summary.createRecord', { form: formName(a.formId) });
    case 'updateRecord':
      return a.where
        ? t('automations.summary.updateWhere', { form: formName(a.where.formId) })
        : t('automations.summary.updateRecord');
    case 'upsert':
      return t('automations.summary.upsert', { form: formName(a.formId) });
    case 'setState':
      return t('automations.summary.setState', { to: a.to });
    case 'assign':
      return t('automations.summary.assign');
    case 'notify':
      return t('automations.summary.notify', { title: a.title });
    case 'webhook':
      return t('automations.summary.webhook', { method: a.method, url: a.url });
    case 'wait':
      return t('automations.summary.wait', { what: a.for ?? a.until ?? '' });
    case 'branch':
      return t('automations.summary.branch');
  }
}

/** The `{{record.key}}` expressions a value can draw from the trigger form's fields. */
export function recordExpressions(fields: readonly FieldDef[]): Array<{ label: string; value: string }> {
  return fields.map((f) => ({ label: f.label, value: `{{record.${f.key}}}` }));
}

/** Types a user-typed value for a field: numbers for numeric fields, booleans for checkboxes; expressions stay text. */
export function typedValue(text: string, field: Pick<FieldDef, 'type'> | undefined): unknown {
  if (!field || /\{\{/.test(text)) return text;
  if (valueKindOf(field) === 'number' && text.trim() !== '' && Number.isFinite(Number(text)))
    return Number(text);
  if (field.type === 'checkbox' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}
