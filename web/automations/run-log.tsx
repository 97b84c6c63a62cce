import { ReloadOutlined, RedoOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Empty, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { type AutomationRun, useAutomationRuns, useRetryRun } from '../api/automations';
import { errorMessage } from '../records/errors';
import { RunStatus, durationText } from './run-status';
import { StepList } from './step-list';

/** The run log: each run's status, trigger, duration and error; its actions' outcomes; retry for failed runs. */
export function RunLog({ automationId }: { automationId: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const runs = useAutomationRuns(automationId);
  const retry = useRetryRun(automationId);
  const event = (r: AutomationRun) => {
    const e = r.trigger.event;
    return t(`automations.events.${e.split('.').pop()}`, { defaultValue: e });
  };
  return (
    <div>
      <div className="run-log-toolbar">
        <Button icon={<ReloadOutlined />} onClick={() => runs.refetch()} loading={runs.isFetching}>
          {t('automations.log.refresh')}
        </Button>
      </div>
      <Table<AutomationRun>
        rowKey="id"
        size="middle"
        loading={runs.isLoading}
        dataSource={runs.data ?? []}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('automations.log.empty')} />,
        }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (r) =>
            r.steps.length ? (
              <StepList steps={r.steps} expanded />
            ) : (
              <Typography.Text type="secondary">{r.error ?? '—'}</Typography.Text>
            ),
          rowExpandable: () => true,
        }}
        columns={[
          {
            title: t('automations.log.at'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss'),
          },
          {
            title: t('automations.log.status'),
            dataIndex: 'status',
            width: 110,
            render: (s: string) => <RunStatus status={s} />,
          },
          { title: t('automations.log.event'), key: 'event', width: 120, render: (_, r) => event(r) },
          {
            title: t('automations.log.record'),
            dataIndex: 'recordId',
            width: 200,
            render: (v: string | null) => (
              <Typography.Text className="mono" type="secondary">
                {v ?? '—'}
              </Typography.Text>
            ),
          },
          {
            title: t('automations.log.steps'),
            key: 'steps',
            width: 90,
            render: (_, r) => `${r.steps.filter((s) => !s.error).length}/${r.steps.length}`,
          },
          {
            title: t('automations.log.duration'),
            key: 'duration',
            width: 90,
            render: (_, r) => durationText(r.startedAt, r.finishedAt),
          },
          {
            title: t('automations.log.error'),
            dataIndex: 'error',
            ellipsis: true,
            render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : null),
          },
          {
            title: '',
            key: 'retry',
            width: 90,
            render: (_, r) =>
              r.status === 'failed' ? (
                <Button
                  size="small"
                  icon={<RedoOutlined />}
                  loading={retry.isPending && retry.variables === r.id}
                  onClick={() =>
                    retry.mutate(r.id, {
                      onSuccess: () => message.success(t('automations.log.retried')),
                      onError: (e) => message.error(errorMessage(e, t)),
                    })
                  }
                >
                  {t('automations.log.retry')}
                </Button>
              ) : null,
          },
        ]}
      />
    </div>
  );
}
