import { Checkbox, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Action } from '../api/automations';
import { useDepartments } from '../api/directory';
import { useForm } from '../api/forms';
import type { FieldDef, FormSummary } from '../api/types';
import { useWorkflow } from '../api/workflows';
import { recordExpressions } from './draft';
import { ExpressionInput } from './expression-input';
import { FieldMapping } from './field-mapping';
import { FilterEditor } from '../views/filter/filter-editor';
import type { ListPath } from './action-list';

interface Props {
  action: Action;
  onChange: (a: Action) => void;
  forms: FormSummary[];
  triggerFormId: string | undefined;
  triggerFields: readonly FieldDef[];
  /** Renders a nested list of actions (a branch's then / else). */
  renderList: (path: ListPath) => ReactNode;
  path: ListPath;
  index: number;
}

type Of<T extends Action['type']> = Extract<Action, { type: T }>;

/** The settings of one action, by type. */
export function ActionEditor(props: Props) {
  const { action } = props;
  switch (action.type) {
    case 'createRecord':
      return <RecordWrite {...props} action={action} />;
    case 'updateRecord':
      return <UpdateRecord {...props} action={action} />;
    case 'upsert':
      return <RecordWrite {...props} action={action} />;
    case 'setState':
      return <SetState {...props} action={action} />;
    case 'assign':
      return <Assign {...props} action={action} />;
    case 'notify':
      return <Notify {...props} action={action} />;
    case 'webhook':
      return <Webhook {...props} action={action} />;
    case 'wait':
      return <Wait {...props} action={action} />;
    case 'branch':
      return <Branch {...props} action={action} />;
  }
}

function FormSelect({
  value,
  onChange,
  forms,
}: {
  value: string;
  onChange: (id: string) => void;
  forms: FormSummary[];
}) {
  const { t } = useTranslation();
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('automations.pickForm')}
      value={value || undefined}
      onChange={onChange}
      options={forms.map((f) => ({ value: f.id, label: f.name }))}
      aria-label={t('automations.action.targetForm')}
    />
  );
}

function RecordWrite({
  action,
  onChange,
  forms,
  triggerFields,
}: Props & { action: Of<'createRecord'> | Of<'upsert'> }) {
  const { t } = useTranslation();
  const target = useForm(action.formId || undefined);
  const fields = target.data?.fields ?? [];
  return (
    <Form layout="vertical" component="div" className="action-form">
      <Form.Item label={t('automations.action.targetForm')}>
        <FormSelect
          forms={forms}
          value={action.formId}
          onChange={(formId) =>
            onChange({
              ...action,
              formId,
              fields: {},
              ...(action.type === 'upsert' ? { key: '' } : {}),
            } as Action)
          }
        />
      </Form.Item>
      {action.type === 'upsert' && (
        <Form.Item label={t('automations.action.upsertKey')}>
          <Select
            value={action.key || undefined}
            onChange={(key: string) => onChange({ ...action, key })}
            options={fields.map((f) => ({ value: f.key, label: f.label }))}
          />
        </Form.Item>
      )}
      <Form.Item label={t('automations.action.mapping')}>
        <FieldMapping
          targetFields={fields}
          sourceFields={triggerFields}
          value={action.fields}
          onChange={(f) => onChange({ ...action, fields: f })}
        />
      </Form.Item>
      {action.type === 'createRecord' && (
        <Form.Item label={t('automations.action.owner')}>
          <ExpressionInput
            value={action.ownerId ?? ''}
            onChange={(v) => onChange({ ...action, ownerId: v || undefined })}
            sourceFields={triggerFields.filter((f) => f.type === 'member')}
          />
        </Form.Item>
      )}
    </Form>
  );
}

function UpdateRecord({ action, onChange, triggerFields }: Props & { action: Of<'updateRecord'> }) {
  const { t } = useTranslation();
  return (
    <Form layout="vertical" component="div" className="action-form">
      {!action.where && (
        <Typography.Text type="secondary">{t('automations.action.thisRecord')}</Typography.Text>
      )}
      <Form.Item label={t('automations.action.mapping')}>
        <FieldMapping
          targetFields={triggerFields}
          sourceFields={triggerFields}
          value={action.fields ?? {}}
          onChange={(f) => onChange({ ...action, fields: f })}
        />
      </Form.Item>
    </Form>
  );
}

function SetState({ action, onChange, triggerFormId, triggerFields }: Props & { action: Of<'setState'> }) {
  const { t } = useTranslation();
  const wf = useWorkflow(triggerFormId ?? '');
  const states = wf.data?.states ?? [];
  return (
    <Form layout="vertical" component="div" className="action-form">
      <Form.Item label={t('automations.action.to')}>
        {states.length ? (
          <Select
            value={action.to || undefined}
            onChange={(to: string) => onChange({ ...action, to })}
            options={states.map((s) => ({ value: s.key, label: s.label }))}
          />
        ) : (
          <Input value={action.to} onChange={(e) => onChange({ ...action, to: e.target.value })} />
        )}
      </Form.Item>
      <Form.Item label={t('automations.action.comment')}>
        <ExpressionInput
          value={action.comment ?? ''}
          onChange={(v) => onChange({ ...action, comment: v || undefined })}
          sourceFields={triggerFields}
        />
      </Form.Item>
    </Form>
  );
}

function Assign({ action, onChange, triggerFields }: Props & { action: Of<'assign'> }) {
  const { t } = useTranslation();
  const departments = useDepartments();
  return (
    <Form layout="vertical" component="div" className="action-form">
      <Form.Item label={t('automations.action.strategy')}>
        <Radio.Group
          value={action.strategy}
          onChange={(e) =>
            onChange({
              type: 'assign',
              strategy: e.target.value,
              ...(e.target.value === 'fixed'
                ? { userId: action.userId ?? '' }
                : { departmentId: action.departmentId ?? '' }),
            })
          }
          options={(['fixed', 'roundRobin', 'leastLoaded'] as const).map((s) => ({
            value: s,
            label: t(`automations.action.strategies.${s}`),
          }))}
        />
      </Form.Item>
      {action.strategy === 'fixed' ? (
        <Form.Item label={t('automations.action.user')}>
          <ExpressionInput
            value={action.userId ?? ''}
            onChange={(userId) => onChange({ ...action, userId })}
            sourceFields={triggerFields.filter((f) => f.type === 'member')}
          />
        </Form.Item>
      ) : (
        <Form.Item label={t('automations.action.department')}>
          <Select
            value={action.departmentId || undefined}
            onChange={(departmentId: string) => onChange({ ...action, departmentId })}
            options={(departments.data ?? []).map((d: { id: string; name: string }) => ({
              value: d.id,
              label: d.name,
            }))}
          />
        </Form.Item>
      )}
    </Form>
  );
}

function Notify({ action, onChange, triggerFields }: Props & { action: Of<'notify'> }) {
  const { t } = useTranslation();
  const to = action.to;
  const memberFields = triggerFields.filter((f) => f.type === 'member');
  return (
    <Form layout="vertical" component="div" className="action-form">
      <Form.Item label={t('automations.action.recipients')}>
        <Checkbox
          checked={!!to.owner}
          onChange={(e) => onChange({ ...action, to: { ...to, owner: e.target.checked || undefined } })}
        >
          {t('automations.action.toOwner')}
        </Checkbox>
        <Checkbox
          checked={!!to.creator}
          onChange={(e) => onChange({ ...action, to: { ...to, creator: e.target.checked || undefined } })}
        >
          {t('automations.action.toCreator')}
        </Checkbox>
      </Form.Item>
      {memberFields.length > 0 && (
        <Form.Item label={t('automations.action.toField')}>
          <Select
            allowClear
            value={to.field}
            onChange={(field?: string) => onChange({ ...action, to: { ...to, field } })}
            options={memberFields.map((f) => ({ value: f.key, label: f.label }))}
          />
        </Form.Item>
      )}
      <Form.Item label={t('automations.action.toUsers')}>
        <Select
          mode="tags"
          value={to.users ?? []}
          onChange={(users: string[]) =>
            onChange({ ...action, to: { ...to, users: users.length ? users : undefined } })
          }
          options={recordExpressions(memberFields)}
        />
      </Form.Item>
      <Form.Item label={t('automations.action.titleText')} required>
        <ExpressionInput
          value={action.title}
          onChange={(title) => onChange({ ...action, title })}
          sourceFields={triggerFields}
          aria-label={t('automations.action.titleText')}
        />
      </Form.Item>
      <Form.Item label={t('automations.action.bodyText')}>
        <ExpressionInput
          textarea
          value={action.body ?? ''}
          onChange={(body) => onChange({ ...action, body: body || undefined })}
          sourceFields={triggerFields}
        />
      </Form.Item>
    </Form>
  );
}

function Webhook({ action, onChange, triggerFields }: Props & { action: Of<'webhook'> }) {
  const { t } = useTranslation();
  const bodyText = action.body === undefined ? '' : JSON.stringify(action.body, null, 2);
  return (
    <Form layout="vertical" component="div" className="action-form">
      <Form.Item label={t('automations.action.url')}>
        <Space.Compact style={{ display: 'flex' }}>
          <Select
            style={{ width: 110 }}
            value={action.method}
            onChange={(method) => onChange({ ...action, method })}
            options={['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => ({ value: m, label: m }))}
          />
          <div style={{ flex: 1 }}>
            <ExpressionInput
              value={action.url}
              onChange={(url) => onChange({ ...action, url })}
              sourceFields={triggerFields}
            />
          </div>
        </Space.Compact>
      </Form.Item>
      <Form.Item label={t('automations.action.body')}>
        <Input.TextArea
          className="mono"
          autoSize={{ minRows: 3, maxRows: 12 }}
          defaultValue={bodyText}
          onChange={(e) => {
            try {
              onChange({ ...action, body: e.target.value.trim() ? JSON.parse(e.target.value) : undefined });
            } catch {
              /* keep the last valid body while typing */
            }
          }}
        />
      </Form.Item>
    </Form>
  );
}

function Wait({ action, onChange, triggerFields }: Props & { action: Of<'wait'> }) {
  const { t } = useTranslation();
  const m = /^(\d+)([hdwmy])$/.exec(action.for ?? '');
  return (
    <Form layout="vertical" component="div" className="action-form">
      <Radio.Group
        value={action.for !== undefined ? 'for' : 'until'}
        onChange={(e) =>
          onChange(e.target.value === 'for' ? { type: 'wait', for: '1d' } : { type: 'wait', until: '' })
        }
      >
        <Radio value="for">{t('automations.action.waitFor')}</Radio>
        <Radio value="until">{t('automations.action.waitUntil')}</Radio>
      </Radio.Group>
      <div style={{ marginTop: 12 }}>
        {action.for !== undefined ? (
          <InputNumber
            min={1}
            value={m ? Number(m[1]) : 1}
            onChange={(n) => onChange({ type: 'wait', for: `${n ?? 1}${m?.[2] ?? 'd'}` })}
            addonAfter={
              <Select
                value={m?.[2] ?? 'd'}
                onChange={(u) => onChange({ type: 'wait', for: `${m?.[1] ?? 1}${u}` })}
                options={[
                  { value: 'h', label: 'h' },
                  { value: 'd', label: t('automations.days') },
                  { value: 'w', label: 'w' },
                ]}
              />
            }
          />
        ) : (
          <ExpressionInput
            value={action.until ?? ''}
            onChange={(until) => onChange({ type: 'wait', until })}
            sourceFields={triggerFields.filter((f) => f.type === 'date' || f.type === 'datetime')}
          />
        )}
      </div>
    </Form>
  );
}

function Branch({
  action,
  onChange,
  triggerFields,
  renderList,
  path,
  index,
}: Props & { action: Of<'branch'> }) {
  const { t } = useTranslation();
  return (
    <div className="action-form">
      <Typography.Text strong>{t('automations.action.branchIf')}</Typography.Text>
      <FilterEditor
        fields={triggerFields}
        value={action.if}
        onChange={(f) => onChange({ ...action, if: f ?? { and: [] } })}
      />
      <div className="branch-arm">
        <Typography.Text strong>{t('automations.action.branchThen')}</Typography.Text>
        {renderList([...path, index, 'then'])}
      </div>
      <div className="branch-arm">
        <Typography.Text strong>{t('automations.action.branchElse')}</Typography.Text>
        {renderList([...path, index, 'else'])}
      </div>
    </div>
  );
}
