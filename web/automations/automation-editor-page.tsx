import { ArrowLeftOutlined, ExperimentOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Input,
  Skeleton,
  Space,
  Switch,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useAppForms } from '../api/apps';
import { type Automation, useAutomation, useSaveAutomation } from '../api/automations';
import { ApiError } from '../api/client';
import { useForm } from '../api/forms';
import { errorMessage } from '../records/errors';
import { ActionListView } from './action-list-view';
import { type Draft, draftOf, newDraft, triggerFormId } from './draft';
import { FilterEditor } from '../views/filter/filter-editor';
import { RunLog } from './run-log';
import { TestRunDialog } from './test-run-dialog';
import { TriggerEditor } from './trigger-editor';
import './automations.css';

/** `/apps/:appId/automations/:automationId` (`new` for a new one): when → if → then, test runs and the run log. */
export default function AutomationEditorPage() {
  const { appId = '', automationId = 'new' } = useParams();
  const isNew = automationId === 'new';
  const stored = useAutomation(isNew ? undefined : automationId);
  if (!isNew && stored.isLoading)
    return (
      <div className="page">
        <Skeleton active />
      </div>
    );
  if (!isNew && stored.error)
    return (
      <div className="page">
        <Alert type="warning" showIcon title={String(stored.error.message)} />
      </div>
    );
  return <Editor key={automationId} appId={appId} stored={isNew ? undefined : stored.data} />;
}

function Editor({ appId, stored }: { appId: string; stored: Automation | undefined }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const forms = useAppForms(appId);
  const [draft, setDraft] = useState<Draft>(() => (stored ? draftOf(stored) : newDraft(undefined)));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [tab, setTab] = useState('design');
  const [testing, setTesting] = useState(false);
  const save = useSaveAutomation(appId);
  const formId = triggerFormId(draft.trigger);
  const triggerForm = useForm(formId);
  const fields = useMemo(() => triggerForm.data?.fields ?? [], [triggerForm.data]);

  useEffect(() => {
    // A new automation starts on the app's first form.
    if (!stored && !formId && forms.data?.[0] && draft.trigger.type === 'record.created')
      setDraft((d) => ({ ...d, trigger: { type: 'record.created', formId: forms.data![0].id } }));
  }, [forms.data, stored, formId, draft.trigger.type]);

  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
  };

  const persist = async (): Promise<Automation | undefined> => {
    setErrors([]);
    try {
      const saved = await save.mutateAsync({
        id: stored?.id,
        doc: { ...draft, name: draft.name.trim() || t('automations.new') },
      });
      setDirty(false);
      message.success(t('automations.saved'));
      if (!stored) navigate(`/apps/${appId}/automations/${saved.id}`, { replace: true });
      else setDraft(draftOf(saved));
      return saved;
    } catch (e) {
      const details = e instanceof ApiError ? e.details.map((d) => `${d.path}: ${d.message}`) : [];
      setErrors(details.length ? details : [errorMessage(e, t)]);
      message.error(
        t('automations.invalid', { message: e instanceof ApiError ? e.message : errorMessage(e, t) }),
      );
      return undefined;
    }
  };

  const startTest = async () => {
    if (!stored || dirty) {
      if (!(await persist())) return;
    }
    setTesting(true);
  };

  return (
    <div className="page automation-editor">
      <div className="page-toolbar">
        <Space size={12} align="center">
          <Link to={`/apps/${appId}/automations`}>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('automations.back')} />
          </Link>
          <Input
            className="automation-name"
            variant="borderless"
            size="large"
            placeholder={t('automations.namePlaceholder')}
            value={draft.name}
            onChange={(e) => change({ name: e.target.value })}
            aria-label={t('automations.name')}
          />
        </Space>
        <Space>
          <Switch
            checked={draft.enabled !== false}
            onChange={(enabled) => change({ enabled })}
            checkedChildren={t('automations.enabled')}
            unCheckedChildren={t('automations.disabled')}
          />
          <Button icon={<ExperimentOutlined />} onClick={startTest} disabled={!draft.actions.length}>
            {t('automations.test')}
          </Button>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={save.isPending}
            onClick={() => void persist()}
            disabled={!dirty && !!stored}
          >
            {t('automations.save')}
          </Button>
        </Space>
      </div>
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setErrors([])}
          title={
            <ul className="error-list">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'design',
            label: t('automations.design'),
            children: (
              <div className="flow">
                <Card
                  className="flow-step"
                  title={
                    <StepTitle tag={t('automations.when')} hint={t('automations.whenHint')} color="blue" />
                  }
                >
                  <TriggerEditor
                    trigger={draft.trigger}
                    onChange={(trigger) => change({ trigger })}
                    forms={forms.data ?? []}
                    fields={fields}
                  />
                </Card>
                <div className="flow-arrow" />
                <Card
                  className="flow-step"
                  title={
                    <StepTitle tag={t('automations.if')} hint={t('automations.ifHint')} color="orange" />
                  }
                >
                  {formId ? (
                    <FilterEditor
                      key={formId}
                      formId={formId}
                      fields={fields}
                      value={draft.condition}
                      onChange={(condition) => change({ condition })}
                    />
                  ) : (
                    <Typography.Text type="secondary">{t('automations.noCondition')}</Typography.Text>
                  )}
                </Card>
                <div className="flow-arrow" />
                <Card
                  className="flow-step"
                  title={
                    <StepTitle tag={t('automations.then')} hint={t('automations.thenHint')} color="green" />
                  }
                >
                  <ActionListView
                    actions={draft.actions}
                    onChange={(actions) => change({ actions })}
                    forms={forms.data ?? []}
                    triggerFormId={formId}
                    triggerFields={fields}
                  />
                </Card>
              </div>
            ),
          },
          {
            key: 'runs',
            label: t('automations.runs'),
            disabled: !stored,
            children: stored ? <RunLog automationId={stored.id} /> : null,
          },
        ]}
      />
      {stored && testing && (
        <TestRunDialog
          automation={stored}
          formId={formId}
          fields={fields}
          open={testing}
          onClose={() => setTesting(false)}
        />
      )}
    </div>
  );
}

function StepTitle({ tag, hint, color }: { tag: string; hint: string; color: string }) {
  return (
    <Space>
      <Tag color={color} className="flow-tag">
        {tag}
      </Tag>
      <Typography.Text type="secondary" className="flow-hint">
        {hint}
      </Typography.Text>
    </Space>
  );
}
