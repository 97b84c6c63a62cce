import { ClockCircleOutlined } from '@ant-design/icons';
import { Button, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type FormWorkflow, useRecordWorkflow } from '../api/record-workflow';
import type { DataRecord } from '../api/types';

/** "3 天 4 小时" from milliseconds: the two largest units. */
export function durationText(ms: number, t: TFunction): string {
  if (ms < 60_000) return t('detail.duration.lt1m');
  const d = Math.floor(ms / 86_400_000);
  const h = Math.floor((ms % 86_400_000) / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const parts = [
    d ? t('detail.duration.d', { count: d }) : '',
    h ? t('detail.duration.h', { count: h }) : '',
    !d && m ? t('detail.duration.m', { count: m }) : '',
  ].filter(Boolean);
  return parts.slice(0, 2).join(' ');
}

interface Props {
  formId: string;
  record: DataRecord;
  workflow: FormWorkflow;
  busy: boolean;
  onMove: (to: string, label: string) => void;
}

/** The record's state, how long it has been there, its deadline, and the moves the caller may make. */
export function WorkflowPanel({ formId, record, workflow, busy, onMove }: Props) {
  const { t } = useTranslation();
  const info = useRecordWorkflow(formId, record.id);
  const state = workflow.states.find((s) => s.key === record.state);
  if (info.isLoading) return <Skeleton active paragraph={{ rows: 1 }} title={false} />;
  const w = info.data;
  return (
    <div className="workflow-panel">
      <Space size={8} wrap align="center">
        <Typography.Text type="secondary">{t('detail.workflow')}</Typography.Text>
        <Tag color={state?.color} className="workflow-state">
          {state?.label ?? record.state ?? '—'}
        </Tag>
        {w?.timeInStateMs != null && (
          <Typography.Text type="secondary">
            {t('detail.timeInState', { duration: durationText(w.timeInStateMs, t) })}
          </Typography.Text>
        )}
        {w?.deadline && (
          <Typography.Text type={w.overdue ? 'danger' : 'secondary'}>
            <ClockCircleOutlined />{' '}
            {t('detail.deadline', { at: dayjs(w.deadline).format('YYYY-MM-DD HH:mm') })}
          </Typography.Text>
        )}
        {w?.overdue && <Tag color="red">{t('detail.overdue')}</Tag>}
      </Space>
      <div className="workflow-actions">
        {w?.transitions.length ? (
          w.transitions.map((tr) => (
            <Tooltip key={tr.key} title={tr.allowed ? undefined : t('kanban.refused', { reason: '' })}>
              <Button
                size="small"
                type={
                  workflow.states.find((s) => s.key === tr.to)?.category === 'done' ? 'primary' : 'default'
                }
                disabled={!tr.allowed || busy}
                onClick={() => onMove(tr.to, tr.label)}
              >
                {tr.label}
              </Button>
            </Tooltip>
          ))
        ) : (
          <Typography.Text type="secondary">{t('detail.noTransitions')}</Typography.Text>
        )}
      </div>
    </div>
  );
}
