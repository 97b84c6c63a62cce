import { Alert, Form, Input, InputNumber, Radio, Select, Space, TimePicker, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Trigger } from '../api/automations';
import type { FieldDef, FormSummary } from '../api/types';
import { useWorkflow } from '../api/workflows';
import { type CronPreset, cronToPreset, presetToCron } from './cron';
import { TRIGGER_TYPES, changeTriggerType, triggerFormId, typeKey } from './draft';

interface Props {
  trigger: Trigger;
  onChange: (t: Trigger) => void;
  forms: FormSummary[];
  fields: readonly FieldDef[];
}

const TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'UTC',
];

/** The "when" part: the trigger type as cards, then what that type needs. */
export function TriggerEditor({ trigger, onChange, forms, fields }: Props) {
  const { t } = useTranslation();
  const formId = triggerFormId(trigger);
  const needsForm = !['schedule', 'webhook'].includes(trigger.type);
  return (
    <div>
      <div className="trigger-types" role="radiogroup">
        {TRIGGER_TYPES.map((type) => (
          <button
            type="button"
            role="radio"
            aria-checked={trigger.type === type}
            key={type}
            className={`trigger-type${trigger.type === type ? ' active' : ''}`}
            onClick={() => trigger.type !== type && onChange(changeTriggerType(trigger, type))}
          >
            <span className="trigger-type-name">{t(`automations.triggerType.${typeKey(type)}`)}</span>
            <span className="trigger-type-help">{t(`automations.triggerHelp.${typeKey(type)}`)}</span>
          </button>
        ))}
      </div>
      <Form layout="vertical" component="div" className="trigger-form">
        <Form.Item
          label={trigger.type === 'schedule' ? t('automations.scheduleForm') : t('automations.form')}
          required={needsForm}
        >
          <Select
            allowClear={!needsForm}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={
              trigger.type === 'schedule' ? t('automations.scheduleNoForm') : t('automations.pickForm')
            }
            value={formId}
            onChange={(id?: string) => onChange(withForm(trigger, id))}
            options={forms.map((f) => ({ value: f.id, label: f.name }))}
            aria-label={t('automations.form')}
          />
        </Form.Item>
        <TypeSettings trigger={trigger} onChange={onChange} fields={fields} formId={formId} />
      </Form>
    </div>
  );
}

/** The trigger on another form: settings that name fields of the old form are dropped. */
function withForm(t: Trigger, formId: string | undefined): Trigger {
  if (t.type === 'schedule' || t.type === 'webhook') return { ...t, formId: formId || undefined };
  if (t.type === 'date') return { ...t, formId: formId ?? '', field: '' };
  if (t.type === 'record.updated') return { type: t.type, formId: formId ?? '' };
  return { ...t, formId: formId ?? '' };
}

function TypeSettings({
  trigger,
  onChange,
  fields,
  formId,
}: {
  trigger: Trigger;
  onChange: (t: Trigger) => void;
  fields: readonly FieldDef[];
  formId: string | undefined;
}) {
  const { t } = useTranslation();
  const wf = useWorkflow(formId ?? '');
  const states = (wf.data?.states ?? []).map((s) => ({ value: s.key, label: s.label }));
  switch (trigger.type) {
    case 'record.updated':
      return (
        <Form.Item label={t('automations.onlyFields')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('automations.anyField')}
            value={trigger.fields ?? []}
            onChange={(keys: string[]) => onChange({ ...trigger, fields: keys.length ? keys : undefined })}
            options={fields.map((f) => ({ value: f.key, label: f.label }))}
            aria-label={t('automations.onlyFields')}
          />
        </Form.Item>
      );
    case 'state.changed':
      return (
        <Space size={16} wrap>
          <Form.Item label={t('automations.fromState')}>
            <StateSelect
              states={states}
              value={trigger.from}
              onChange={(from) => onChange({ ...trigger, from })}
            />
          </Form.Item>
          <Form.Item label={t('automations.toState')}>
            <StateSelect states={states} value={trigger.to} onChange={(to) => onChange({ ...trigger, to })} />
          </Form.Item>
        </Space>
      );
    case 'sla.breached':
      return (
        <Form.Item label={t('automations.slaState')}>
          <StateSelect
            states={states}
            value={trigger.state}
            onChange={(state) => onChange({ ...trigger, state })}
          />
        </Form.Item>
      );
    case 'schedule':
      return <ScheduleSettings trigger={trigger} onChange={onChange} />;
    case 'date':
      return <DateSettings trigger={trigger} onChange={onChange} fields={fields} />;
    case 'webhook':
      return (
        <>
          {trigger.hookId ? (
            <Form.Item label={t('automations.hookUrl')}>
              <Typography.Text
                copyable
                className="mono"
              >{`${location.origin}/api/hooks/${trigger.hookId}`}</Typography.Text>
              {trigger.secret && (
                <div>
                  <Typography.Text type="secondary">{t('automations.hookSecret')}: </Typography.Text>
                  <Typography.Text copyable className="mono">
                    {trigger.secret}
                  </Typography.Text>
                </div>
              )}
            </Form.Item>
          ) : (
            <Alert type="info" showIcon title={t('automations.hookAfterSave')} style={{ marginBottom: 16 }} />
          )}
          <Form.Item label={t('automations.requiredKeys')}>
            <Select
              mode="tags"
              value={trigger.required ?? []}
              onChange={(required: string[]) =>
                onChange({ ...trigger, required: required.length ? required : undefined })
              }
            />
          </Form.Item>
        </>
      );
    case 'button':
      return (
        <Form.Item label={t('automations.buttonLabel')}>
          <Input
            value={trigger.label ?? ''}
            onChange={(e) => onChange({ ...trigger, label: e.target.value || undefined })}
          />
        </Form.Item>
      );
    default:
      return null;
  }
}

function StateSelect({
  states,
  value,
  onChange,
}: {
  states: Array<{ value: string; label: string }>;
  value?: string;
  onChange: (v?: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      allowClear
      style={{ minWidth: 180 }}
      placeholder={t('automations.anyState')}
      value={value}
      onChange={onChange}
      options={states}
    />
  );
}

function ScheduleSettings({
  trigger,
  onChange,
}: {
  trigger: Extract<Trigger, { type: 'schedule' }>;
  onChange: (t: Trigger) => void;
}) {
  const { t } = useTranslation();
  const preset = cronToPreset(trigger.cron);
  const set = (p: CronPreset) => onChange({ ...trigger, cron: presetToCron(p) });
  const time = 'time' in preset ? preset.time : '08:00';
  return (
    <>
      <Form.Item label={t('automations.preset')}>
        <Radio.Group
          optionType="button"
          value={preset.kind}
          onChange={(e) => {
            const kind = e.target.value as CronPreset['kind'];
            if (kind === 'daily') set({ kind, time });
            else if (kind === 'weekly') set({ kind, time, weekday: 1 });
            else if (kind === 'monthly') set({ kind, time, day: 1 });
            else set({ kind: 'custom', cron: trigger.cron });
          }}
          options={(['daily', 'weekly', 'monthly', 'custom'] as const).map((k) => ({
            value: k,
            label: t(`automations.presets.${k}`),
          }))}
        />
      </Form.Item>
      <Space size={16} wrap align="start">
        {preset.kind === 'weekly' && (
          <Form.Item label={t('automations.weekday')}>
            <Select
              style={{ width: 120 }}
              value={preset.weekday}
              onChange={(weekday: number) => set({ ...preset, weekday })}
              options={[1, 2, 3, 4, 5, 6, 0].map((d) => ({
                value: d,
                label: t(`automations.weekdays.${d}`),
              }))}
            />
          </Form.Item>
        )}
        {preset.kind === 'monthly' && (
          <Form.Item label={t('automations.dayOfMonth')}>
            <Select
              style={{ width: 120 }}
              value={preset.day}
              onChange={(day: number) => set({ ...preset, day })}
              options={Array.from({ length: 28 }, (_, i) => ({
                value: i + 1,
                label: t('automations.dayN', { n: i + 1 }),
              }))}
            />
          </Form.Item>
        )}
        {preset.kind !== 'custom' && (
          <Form.Item label={t('automations.at')}>
            <TimePicker
              format="HH:mm"
              allowClear={false}
              value={dayjs(`2000-01-01T${time}`)}
              onChange={(d) => d && set({ ...preset, time: d.format('HH:mm') })}
            />
          </Form.Item>
        )}
        {preset.kind === 'custom' && (
          <Form.Item label={t('automations.cron')} extra={t('automations.cronHelp')}>
            <Input
              className="mono"
              style={{ width: 220 }}
              value={trigger.cron}
              onChange={(e) => onChange({ ...trigger, cron: e.target.value })}
            />
          </Form.Item>
        )}
        <Form.Item label={t('automations.timeZone')}>
          <Select
            style={{ width: 200 }}
            showSearch
            value={trigger.timeZone ?? 'Asia/Shanghai'}
            onChange={(timeZone: string) => onChange({ ...trigger, timeZone })}
            options={TIME_ZONES.map((z) => ({ value: z, label: z }))}
          />
        </Form.Item>
      </Space>
      <Typography.Text type="secondary" className="mono">
        cron: {trigger.cron}
      </Typography.Text>
    </>
  );
}

function DateSettings({
  trigger,
  onChange,
  fields,
}: {
  trigger: Extract<Trigger, { type: 'date' }>;
  onChange: (t: Trigger) => void;
  fields: readonly FieldDef[];
}) {
  const { t } = useTranslation();
  const m = /^([+-]?)(\d+)d$/.exec(trigger.offset ?? '0d');
  const n = m ? Number(m[2]) : 0;
  const dir = !n ? 'on' : m?.[1] === '-' ? 'before' : 'after';
  const setOffset = (d: string, days: number) =>
    onChange({ ...trigger, offset: d === 'on' || !days ? '0d' : `${d === 'before' ? '-' : '+'}${days}d` });
  return (
    <Space size={16} wrap align="start">
      <Form.Item label={t('automations.dateField')} required>
        <Select
          style={{ minWidth: 180 }}
          value={trigger.field || undefined}
          onChange={(field: string) => onChange({ ...trigger, field })}
          options={fields
            .filter((f) => f.type === 'date' || f.type === 'datetime')
            .map((f) => ({ value: f.key, label: f.label }))}
        />
      </Form.Item>
      <Form.Item label={t('automations.offset')}>
        <Space.Compact>
          <Select
            style={{ width: 100 }}
            value={dir}
            onChange={(d: string) => setOffset(d, n || 1)}
            options={[
              { value: 'before', label: t('automations.before') },
              { value: 'on', label: t('automations.onTheDay') },
              { value: 'after', label: t('automations.after') },
            ]}
          />
          {dir !== 'on' && (
            <InputNumber
              min={1}
              max={3650}
              value={n}
              onChange={(v) => setOffset(dir, v ?? 1)}
              suffix={t('automations.days')}
              style={{ width: 110 }}
            />
          )}
        </Space.Compact>
      </Form.Item>
      <Form.Item label={t('automations.at')}>
        <TimePicker
          format="HH:mm"
          allowClear={false}
          value={dayjs(`2000-01-01T${trigger.time ?? '08:00'}`)}
          onChange={(d) => d && onChange({ ...trigger, time: d.format('HH:mm') })}
        />
      </Form.Item>
      <Form.Item label=" ">
        <Radio
          checked={trigger.repeat === 'yearly'}
          onClick={() => onChange({ ...trigger, repeat: trigger.repeat === 'yearly' ? undefined : 'yearly' })}
        >
          {t('automations.yearly')}
        </Radio>
      </Form.Item>
    </Space>
  );
}
