import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Empty, Radio, Segmented, Select, Table, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { App, FormSummary } from '../api/types';
import { useForm } from '../api/forms';
import { ConditionEditor } from './condition-editor';
import { GRANT_ACTIONS, type GrantDraft, SCOPE_KINDS, type ScopeKind } from './grants';

interface Props {
  index: number;
  draft: GrantDraft;
  onChange: (d: GrantDraft) => void;
  onRemove: () => void;
  apps: App[];
  formsByApp: Map<string, FormSummary[]>;
  problem?: string;
}

type FieldMode = 'visible' | 'readonly' | 'hidden';

/** One grant: what it applies to, the actions, the data scope, field modes and sensitive fields. */
export function GrantCard({ index, draft, onChange, onRemove, apps, formsByApp, problem }: Props) {
  const { t } = useTranslation();
  const formId = draft.target.kind === 'form' ? draft.target.formId : undefined;
  const form = useForm(formId);
  const fields = useMemo(
    () => (form.data?.fields ?? []).map((f) => ({ key: f.key, label: f.label, sensitive: !!f.sensitive })),
    [form.data],
  );
  const formOptions = apps.map((a) => ({
    label: a.name,
    title: a.name,
    options: (formsByApp.get(a.id) ?? []).map((f) => ({ value: f.id, label: f.name })),
  }));
  const knownForm = formId
    ? apps.some((a) => (formsByApp.get(a.id) ?? []).some((f) => f.id === formId))
    : true;
  const knownApp =
    draft.target.kind === 'app' ? apps.some((a) => a.id === (draft.target as { appId: string }).appId) : true;
  const setMode = (key: string, mode: FieldMode) => {
    const next = { ...draft.fields };
    if (mode === 'visible') delete next[key];
    else next[key] = mode;
    onChange({ ...draft, fields: next });
  };

  return (
    <Card
      size="small"
      className={`grant-card${problem ? ' has-problems' : ''}`}
      title={t('admin.roles.grantN', { n: index + 1 })}
      extra={
        <Tooltip title={t('admin.roles.removeGrant')}>
          <Button
            type="text"
            danger
            size="small"
            icon={<DeleteOutlined />}
            aria-label={t('admin.roles.removeGrant')}
            onClick={onRemove}
          />
        </Tooltip>
      }
    >
      {problem && (
        <Typography.Text type="danger" className="panel-hint">
          {problem}
        </Typography.Text>
      )}
      <div className="grant-row">
        <div className="grant-label">{t('admin.roles.target')}</div>
        <div className="grant-control grant-target">
          <Segmented
            value={draft.target.kind}
            onChange={(kind) =>
              onChange({
                ...draft,
                target:
                  kind === 'all'
                    ? { kind }
                    : kind === 'app'
                      ? { kind, appId: '' }
                      : { kind: 'form', formId: '' },
                fields: {},
              })
            }
            options={[
              { value: 'all', label: t('admin.roles.targetAll') },
              { value: 'app', label: t('admin.roles.targetApp') },
              { value: 'form', label: t('admin.roles.targetForm') },
            ]}
          />
          {draft.target.kind === 'app' && (
            <Select
              style={{ minWidth: 220 }}
              placeholder={t('admin.roles.pickApp')}
              value={draft.target.appId || undefined}
              onChange={(appId) => onChange({ ...draft, target: { kind: 'app', appId } })}
              options={[
                ...apps.map((a) => ({ value: a.id, label: a.name })),
                ...(knownApp
                  ? []
                  : [
                      {
                        value: draft.target.appId,
                        label: t('admin.roles.unknownTarget', { id: draft.target.appId }),
                      },
                    ]),
              ]}
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={t('admin.roles.pickApp')}
            />
          )}
          {draft.target.kind === 'form' && (
            <Select
              style={{ minWidth: 240 }}
              placeholder={t('admin.roles.pickForm')}
              value={draft.target.formId || undefined}
              onChange={(id) => onChange({ ...draft, target: { kind: 'form', formId: id }, fields: {} })}
              options={[
                ...formOptions,
                ...(knownForm
                  ? []
                  : [
                      {
                        label: '—',
                        title: '—',
                        options: [{ value: formId!, label: t('admin.roles.unknownTarget', { id: formId }) }],
                      },
                    ]),
              ]}
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={t('admin.roles.pickForm')}
            />
          )}
        </div>
      </div>
      <div className="grant-row">
        <div className="grant-label">{t('admin.roles.actions')}</div>
        <div className="grant-control">
          <Checkbox.Group
            value={draft.actions}
            onChange={(v) => onChange({ ...draft, actions: v as GrantDraft['actions'] })}
            options={GRANT_ACTIONS.map((a) => ({ value: a, label: t(`admin.roles.action.${a}`) }))}
          />
          <Typography.Text type="secondary" className="grant-help">
            {t('admin.roles.manageHelp')}
          </Typography.Text>
        </div>
      </div>
      <div className="grant-row">
        <div className="grant-label">{t('admin.roles.scope')}</div>
        <div className="grant-control">
          <Radio.Group
            optionType="button"
            value={draft.scope}
            onChange={(e) => onChange({ ...draft, scope: e.target.value as ScopeKind })}
            options={SCOPE_KINDS.map((s) => ({ value: s, label: t(`admin.roles.scopes.${s}`) }))}
          />
          <Typography.Text type="secondary" className="grant-help">
            {t(`admin.roles.scopeHelp.${draft.scope}`)}
          </Typography.Text>
          {draft.scope === 'filter' && <ConditionEditor draft={draft} onChange={onChange} fields={fields} />}
        </div>
      </div>
      <div className="grant-row">
        <div className="grant-label">{t('admin.roles.fields')}</div>
        <div className="grant-control">
          {draft.target.kind !== 'form' || !formId ? (
            <Typography.Text type="secondary">{t('admin.roles.fieldsHint')}</Typography.Text>
          ) : (
            <Table
              size="small"
              rowKey="key"
              className="grant-fields"
              loading={form.isLoading}
              pagination={false}
              dataSource={fields}
              locale={{
                emptyText: (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.roles.noFields')} />
                ),
              }}
              columns={[
                {
                  title: t('admin.condition.field'),
                  dataIndex: 'label',
                  render: (label: string, f) => (
                    <span>
                      {label}{' '}
                      <Typography.Text type="secondary" className="mono">
                        {f.key}
                      </Typography.Text>
                    </span>
                  ),
                },
                {
                  title: t('admin.roles.fields'),
                  key: 'mode',
                  width: 240,
                  render: (_v, f) => (
                    <Radio.Group
                      size="small"
                      optionType="button"
                      buttonStyle="solid"
                      aria-label={f.label}
                      value={draft.fields[f.key] ?? 'visible'}
                      onChange={(e) => setMode(f.key, e.target.value as FieldMode)}
                      options={(['visible', 'readonly', 'hidden'] as const).map((m) => ({
                        value: m,
                        label: t(`admin.roles.fieldMode.${m}`),
                      }))}
                    />
                  ),
                },
              ]}
            />
          )}
        </div>
      </div>
      <div className="grant-row">
        <div className="grant-label">{t('admin.roles.sensitive')}</div>
        <div className="grant-control">
          <Radio.Group
            value={draft.sensitive}
            onChange={(e) => onChange({ ...draft, sensitive: e.target.value })}
            options={(['masked', 'full'] as const).map((m) => ({
              value: m,
              label: t(`admin.roles.sensitiveModes.${m}`),
            }))}
          />
          <Typography.Text type="secondary" className="grant-help">
            {t('admin.roles.sensitiveHelp')}
          </Typography.Text>
        </div>
      </div>
    </Card>
  );
}
