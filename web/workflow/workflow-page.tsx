import {
  ApartmentOutlined,
  ArrowLeftOutlined,
  BranchesOutlined,
  ClockCircleOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { App as AntApp, Alert, Button, Card, Empty, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useParams } from 'react-router';
import { useMe } from '../api/auth';
import { ApiError } from '../api/client';
import { useDepartments, useRoles, useUsers } from '../api/directory';
import { useForm } from '../api/forms';
import type { ErrorDetail } from '../api/types';
import { type Workflow, useSaveWorkflow, useWorkflow } from '../api/workflows';
import { errorMessage } from '../records/errors';
import { type Lookups, asDetails, describePath, localizeServerDetail } from './describe';
import {
  type Draft,
  type FieldInfo,
  type State,
  nextStateKey,
  removeState,
  renameStateKey,
  starterWorkflow,
  toSaveInput,
  validateWorkflow,
} from './model';
import { SlaTable } from './sla-table';
import { StateModal } from './state-modal';
import { StatesBoard } from './states-board';
import { TransitionsTable } from './transitions-table';
import { VariantsPanel } from './variants-panel';
import './workflow.css';

const toDraft = (wf: Workflow): Draft => ({
  version: wf.version,
  states: wf.states.map((s) => ({ ...s, category: s.category ?? 'doing' })),
  initial: wf.initial,
  transitions: wf.transitions ?? [],
  sla: (wf.sla ?? []).map((s) => ({ ...s, escalations: s.escalations ?? [] })),
  variants: wf.variants ?? [],
});
const fingerprint = (d: Draft | null) => (d ? JSON.stringify(toSaveInput(d)) : '');

/** `/forms/:formId/workflow`: the workflow designer — states, transitions, time limits, department variants. */
export default function WorkflowPage() {
  const { formId = '' } = useParams();
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const me = useMe();
  const form = useForm(formId);
  const wf = useWorkflow(formId);
  const save = useSaveWorkflow(formId);
  const roles = useRoles(!!me.data?.isAdmin);
  const departments = useDepartments();
  const users = useUsers();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [baseline, setBaseline] = useState('');
  const [serverErrors, setServerErrors] = useState<ErrorDetail[]>([]);
  const [serverWarnings, setServerWarnings] = useState<ErrorDetail[]>([]);
  const [editingState, setEditingState] = useState<string | null>(null);
  const [tab, setTab] = useState('transitions');
  const loaded = useRef<string>('');

  useEffect(() => {
    if (wf.data === undefined) return;
    const id = `${formId}:${wf.data?.version ?? 'none'}`;
    if (loaded.current === id) return;
    loaded.current = id;
    const d = wf.data ? toDraft(wf.data) : null;
    setDraft(d);
    setBaseline(fingerprint(d));
    setServerErrors([]);
  }, [wf.data, formId]);

  const fields: FieldInfo[] = useMemo(
    () => (form.data?.fields ?? []).map((f) => ({ key: f.key, label: f.label, type: f.type })),
    [form.data],
  );
  const lookups: Lookups = useMemo(
    () => ({
      fields,
      roles: new Map((roles.data ?? []).map((r) => [r.id, r.name])),
      departments: new Map((departments.data ?? []).map((d) => [d.id, d.name])),
      users: new Map((users.data ?? []).map((u) => [u.id, u.name])),
    }),
    [fields, roles.data, departments.data, users.data],
  );
  const check = useMemo(
    () => (draft ? validateWorkflow(draft, fields) : { errors: [], warnings: [] }),
    [draft, fields],
  );
  const problems = useMemo(
    () => [...asDetails(check.errors, t), ...serverErrors],
    [check.errors, serverErrors, t],
  );
  const dirty = !!draft && fingerprint(draft) !== baseline;

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('workflow.unsavedTitle'),
      content: t('workflow.unsavedText'),
      okText: t('builder.leave'),
      cancelText: t('builder.stay'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t]);

  const change = useCallback((fn: (d: Draft) => Draft) => {
    setDraft((d) => (d ? fn(d) : d));
    setServerErrors([]);
  }, []);

  const reload = async () => {
    loaded.current = '';
    const r = await wf.refetch();
    const d = r.data ? toDraft(r.data) : null;
    loaded.current = `${formId}:${r.data?.version ?? 'none'}`;
    setDraft(d);
    setBaseline(fingerprint(d));
    setServerErrors([]);
  };

  const doSave = () => {
    if (!draft) return;
    if (check.errors.length) return void message.error(t('workflow.saveBlocked'));
    save.mutate(toSaveInput(draft), {
      onSuccess: (savedWf) => {
        const d = toDraft(savedWf);
        loaded.current = `${formId}:${savedWf.version}`;
        setDraft(d);
        setBaseline(fingerprint(d));
        setServerErrors([]);
        setServerWarnings((savedWf.warnings ?? []).map((w) => localizeServerDetail(w, t)));
        message.success(t('workflow.saved'));
      },
      onError: (e) => {
        if (e instanceof ApiError && e.status === 409) {
          modal.confirm({
            title: t('workflow.conflictTitle'),
            content: t('workflow.conflictText'),
            okText: t('common.reload'),
            onOk: reload,
          });
        } else if (e instanceof ApiError && e.status === 422 && e.details.length) {
          setServerErrors(e.details.map((x) => localizeServerDetail(x, t)));
          message.error(t('workflow.problems.server'));
        } else message.error(errorMessage(e, t));
      },
    });
  };

  const addState = () => {
    if (!draft) return;
    const key = nextStateKey(draft.states);
    const state: State = {
      key,
      label: t('workflow.newState', { n: draft.states.length + 1 }),
      color: 'default',
      category: 'doing',
    };
    change((d) => ({ ...d, states: [...d.states, state], initial: d.states.length ? d.initial : key }));
    setEditingState(key);
  };

  const start = (kind: 'starter' | 'blank') => {
    const d: Draft =
      kind === 'starter'
        ? starterWorkflow({
            todo: t('workflow.starter.todo'),
            doing: t('workflow.starter.doing'),
            done: t('workflow.starter.done'),
            cancelled: t('workflow.starter.cancelled'),
            start: t('workflow.starter.start'),
            finish: t('workflow.starter.finish'),
            cancel: t('workflow.starter.cancel'),
          })
        : {
            states: [
              { key: 'state_1', label: t('workflow.newState', { n: 1 }), color: 'default', category: 'todo' },
            ],
            initial: 'state_1',
            transitions: [],
            sla: [],
            variants: [],
          };
    setDraft(d);
    setBaseline('');
  };

  const editing = draft?.states.find((s) => s.key === editingState) ?? null;
  const localIssueDetails = (list: typeof check.errors) => asDetails(list, t);

  if (form.isError || wf.isError)
    return (
      <div className="page">
        <Alert type="warning" showIcon title={errorMessage(form.error ?? wf.error, t)} />
      </div>
    );
  if (wf.isLoading || form.isLoading)
    return (
      <div className="full-center">
        <Spin />
      </div>
    );

  return (
    <div className="page wf-page">
      <div className="page-toolbar">
        <Space size={12} align="center" wrap>
          <Link to={`/forms/${formId}`}>
            <Button icon={<ArrowLeftOutlined />}>{t('workflow.back')}</Button>
          </Link>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {form.data?.name} · {t('workflow.title')}
          </Typography.Title>
          {draft?.version !== undefined && <Tag>{t('workflow.version', { version: draft.version })}</Tag>}
          {dirty && <Tag color="orange">{t('workflow.unsavedMark')}</Tag>}
        </Space>
        {draft && (
          <Button
            type="primary"
            icon={<SaveOutlined />}
            onClick={doSave}
            loading={save.isPending}
            disabled={!dirty && draft.version !== undefined}
          >
            {t('workflow.save')}
          </Button>
        )}
      </div>

      {!draft ? (
        <Card>
          <Empty
            className="wf-empty"
            image={<BranchesOutlined className="wf-empty-icon" />}
            description={
              <>
                <div className="wf-empty-title">{t('workflow.noWorkflow')}</div>
                <Typography.Text type="secondary">{t('workflow.noWorkflowHint')}</Typography.Text>
              </>
            }
          >
            <Space>
              <Button type="primary" onClick={() => start('starter')}>
                {t('workflow.useStarter')}
              </Button>
              <Button onClick={() => start('blank')}>{t('workflow.useBlank')}</Button>
            </Space>
          </Empty>
        </Card>
      ) : (
        <>
          <ProblemList
            title={t('workflow.problems.server')}
            type="error"
            details={serverErrors}
            draft={draft}
            lookups={lookups}
          />
          <ProblemList
            title={t('workflow.problems.errors')}
            type="error"
            details={localIssueDetails(check.errors)}
            draft={draft}
            lookups={lookups}
          />
          <ProblemList
            title={t('workflow.problems.warnings')}
            type="warning"
            details={localIssueDetails(check.warnings)}
            draft={draft}
            lookups={lookups}
          />
          {!dirty && (
            <ProblemList
              title={t('workflow.problems.serverWarnings')}
              type="info"
              details={serverWarnings}
              draft={draft}
              lookups={lookups}
            />
          )}

          <Card
            size="small"
            className="wf-card"
            title={t('workflow.states')}
            extra={
              <Typography.Text type="secondary" className="wf-hint">
                {t('workflow.statesHint')}
              </Typography.Text>
            }
          >
            <StatesBoard
              draft={draft}
              issues={[...check.errors, ...check.warnings]}
              onReorder={(states) => change((d) => ({ ...d, states }))}
              onEdit={setEditingState}
              onAdd={addState}
            />
          </Card>

          <Card size="small" className="wf-card">
            <Tabs
              activeKey={tab}
              onChange={setTab}
              items={[
                {
                  key: 'transitions',
                  label: (
                    <span>
                      <BranchesOutlined /> {t('workflow.tabs.transitions')}{' '}
                      <Tag className="wf-count">{draft.transitions.length}</Tag>
                    </span>
                  ),
                  children: (
                    <TransitionsTable
                      draft={draft}
                      transitions={draft.transitions}
                      onChange={(transitions) => change((d) => ({ ...d, transitions }))}
                      lookups={lookups}
                      problems={problems}
                      base="/transitions"
                    />
                  ),
                },
                {
                  key: 'sla',
                  label: (
                    <span>
                      <ClockCircleOutlined /> {t('workflow.tabs.sla')}{' '}
                      <Tag className="wf-count">{draft.sla.length}</Tag>
                    </span>
                  ),
                  children: (
                    <SlaTable
                      draft={draft}
                      sla={draft.sla}
                      onChange={(sla) => change((d) => ({ ...d, sla }))}
                      lookups={lookups}
                      problems={problems}
                      base="/sla"
                    />
                  ),
                },
                {
                  key: 'variants',
                  label: (
                    <span>
                      <ApartmentOutlined /> {t('workflow.tabs.variants')}{' '}
                      <Tag className="wf-count">{draft.variants.length}</Tag>
                    </span>
                  ),
                  children: (
                    <VariantsPanel
                      draft={draft}
                      onChange={(variants) => change((d) => ({ ...d, variants }))}
                      lookups={lookups}
                      problems={problems}
                    />
                  ),
                },
              ]}
            />
          </Card>

          <StateModal
            state={editing}
            initial={!!editing && draft.initial === editing.key}
            fields={fields}
            otherKeys={draft.states.filter((s) => s.key !== editingState).map((s) => s.key)}
            onClose={() => setEditingState(null)}
            onSave={(s, makeInitial) => {
              const oldKey = editingState!;
              change((d) => {
                const renamed = renameStateKey(d, oldKey, s.key);
                return {
                  ...renamed,
                  states: renamed.states.map((x) => (x.key === s.key ? s : x)),
                  initial: makeInitial ? s.key : renamed.initial,
                };
              });
              setEditingState(null);
            }}
            onDelete={() =>
              modal.confirm({
                title: t('workflow.deleteState'),
                content: t('workflow.deleteStateConfirm', { name: editing?.label ?? '' }),
                okButtonProps: { danger: true },
                okText: t('common.delete'),
                onOk: () => {
                  change((d) => removeState(d, editingState!));
                  setEditingState(null);
                },
              })
            }
          />
        </>
      )}
    </div>
  );
}

/** A list of problems with where each one is, in words. */
function ProblemList({
  title,
  type,
  details,
  draft,
  lookups,
}: {
  title: string;
  type: 'error' | 'warning' | 'info';
  details: ErrorDetail[];
  draft: Draft;
  lookups: Lookups;
}) {
  const { t } = useTranslation();
  if (!details.length) return null;
  return (
    <Alert
      className="wf-problems"
      type={type}
      showIcon
      title={title}
      description={
        <ul>
          {details.map((d, i) => (
            <li key={i}>
              <Typography.Text strong>{describePath(d.path, draft, lookups, t)}</Typography.Text>：{d.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}
