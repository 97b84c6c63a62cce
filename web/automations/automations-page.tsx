import { DeleteOutlined, EditOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Empty, Space, Switch, Table, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useAppForms, useApps } from '../api/apps';
import {
  type Automation,
  useAutomations,
  useDeleteAutomation,
  useLastRuns,
  useSaveAutomation,
} from '../api/automations';
import { errorMessage } from '../records/errors';
import { draftOf, typeKey } from './draft';
import { RunStatus } from './run-status';
import './automations.css';

/** `/apps/:appId/automations`: the app's automations with on/off switches and their last run. */
export default function AutomationsPage() {
  const { appId = '' } = useParams();
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const navigate = useNavigate();
  const apps = useApps();
  const forms = useAppForms(appId);
  const list = useAutomations(appId);
  const lastRuns = useLastRuns((list.data ?? []).map((a) => a.id));
  const save = useSaveAutomation(appId);
  const remove = useDeleteAutomation(appId);
  const app = apps.data?.find((a) => a.id === appId);
  const formName = (id?: string) => (id ? (forms.data?.find((f) => f.id === id)?.name ?? '') : '');

  const toggle = (a: Automation, enabled: boolean) =>
    save.mutate(
      { id: a.id, doc: { ...draftOf(a), enabled } },
      {
        onSuccess: () => message.success(enabled ? t('automations.enabledOn') : t('automations.enabledOff')),
        onError: (e) => message.error(errorMessage(e, t)),
      },
    );

  const confirmDelete = (a: Automation) =>
    modal.confirm({
      title: t('common.confirmDelete'),
      content: t('automations.deleteConfirm', { name: a.name }),
      okButtonProps: { danger: true },
      okText: t('common.delete'),
      onOk: () =>
        remove.mutateAsync(a.id).then(
          () => message.success(t('common.deleted')),
          (e) => message.error(errorMessage(e, t)),
        ),
    });

  return (
    <div className="page">
      <div className="page-heading">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('automations.title')}
            {app ? ` · ${app.name}` : ''}
          </Typography.Title>
          <Typography.Text type="secondary">{t('automations.subtitle')}</Typography.Text>
        </div>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => navigate(`/apps/${appId}/automations/new`)}
        >
          {t('automations.new')}
        </Button>
      </div>
      <Table<Automation>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{
          emptyText: (
            <Empty
              description={
                <>
                  <div>{t('automations.empty')}</div>
                  <Typography.Text type="secondary">{t('automations.emptyHint')}</Typography.Text>
                </>
              }
            >
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate(`/apps/${appId}/automations/new`)}
              >
                {t('automations.new')}
              </Button>
            </Empty>
          ),
        }}
        columns={[
          {
            title: t('automations.name'),
            dataIndex: 'name',
            render: (name: string, a) => (
              <Link to={`/apps/${appId}/automations/${a.id}`}>
                <ThunderboltOutlined /> {name}
              </Link>
            ),
          },
          {
            title: t('automations.trigger'),
            key: 'trigger',
            render: (_, a) => (
              <Space size={4}>
                <span>{t(`automations.triggerType.${typeKey(a.trigger.type)}`)}</span>
                {'formId' in a.trigger && a.trigger.formId && (
                  <Typography.Text type="secondary">· {formName(a.trigger.formId)}</Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('automations.lastRun'),
            key: 'lastRun',
            render: (_, a) => {
              const run = lastRuns.get(a.id);
              return run ? (
                <Space size={4}>
                  <RunStatus status={run.status} />
                  <Typography.Text type="secondary">
                    {dayjs(run.createdAt).format('MM-DD HH:mm')}
                  </Typography.Text>
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('automations.never')}</Typography.Text>
              );
            },
          },
          {
            title: t('automations.enabled'),
            key: 'enabled',
            width: 90,
            render: (_, a) => (
              <Switch
                size="small"
                checked={a.enabled}
                loading={save.isPending && save.variables?.id === a.id}
                onChange={(on) => toggle(a, on)}
                aria-label={t('automations.enabled')}
              />
            ),
          },
          {
            title: '',
            key: 'actions',
            width: 100,
            render: (_, a) => (
              <Space size={4}>
                <Tooltip title={t('automations.edit')}>
                  <Button
                    type="text"
                    icon={<EditOutlined />}
                    onClick={() => navigate(`/apps/${appId}/automations/${a.id}`)}
                  />
                </Tooltip>
                <Tooltip title={t('common.delete')}>
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => confirmDelete(a)} />
                </Tooltip>
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
