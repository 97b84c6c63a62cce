import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '../api/types';
import { type Lookups, fieldLabel, notifyTargetLabel, stateLabel } from './describe';
import { type Draft, type Sla, issuesUnder } from './model';
import { SlaModal } from './sla-modal';

interface Props {
  draft: Draft;
  sla: Sla[];
  onChange: (list: Sla[]) => void;
  lookups: Lookups;
  problems: ErrorDetail[];
  base: string;
  rowTag?: (s: Sla) => React.ReactNode;
}

/** Time limits per state, with their escalation steps; add, edit, delete. */
export function SlaTable({ draft, sla, onChange, lookups, problems, base, rowTag }: Props) {
  const { t } = useTranslation();
  const { modal } = AntApp.useApp();
  const [editing, setEditing] = useState<{ index: number; sla: Sla } | null>(null);
  const rows = sla.map((s, index) => ({ s, index, problems: issuesUnder(problems, `${base}/${index}`) }));
  const known = (k: string) => draft.states.some((s) => s.key === k);
  return (
    <div>
      <Table
        size="middle"
        rowKey="index"
        pagination={false}
        scroll={{ x: 760 }}
        dataSource={rows}
        rowClassName={(r) => (r.problems.length ? 'wf-row-problem' : '')}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <>
                  <div>{t('workflow.noSla')}</div>
                  <Typography.Text type="secondary">{t('workflow.noSlaHint')}</Typography.Text>
                </>
              }
            />
          ),
        }}
        columns={[
          {
            title: t('workflow.slaState'),
            key: 'state',
            width: 160,
            render: (_v, { s, problems: p }) => (
              <div>
                <Tag color={known(s.state) ? undefined : 'error'}>{stateLabel(draft, s.state, t)}</Tag>
                {rowTag?.(s)}
                {p.map((x, i) => (
                  <div key={i} className="wf-cell-problem">
                    {x.message}
                  </div>
                ))}
              </div>
            ),
          },
          {
            title: t('workflow.limit'),
            key: 'hours',
            width: 110,
            render: (_v, { s }) => t('workflow.hoursN', { count: s.hours }),
          },
          {
            title: t('workflow.fromShort'),
            key: 'from',
            width: 170,
            render: (_v, { s }) => (
              <Space orientation="vertical" size={2}>
                <span>
                  {!s.from || s.from === 'enteredState'
                    ? t('workflow.fromEntered')
                    : t('workflow.fromField', { label: fieldLabel(lookups.fields, s.from, t) })}
                </span>
                {s.businessHours ? <Tag color="blue">{t('workflow.businessHours')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('workflow.escalations'),
            key: 'esc',
            render: (_v, { s }) =>
              s.escalations.length ? (
                <ul className="wf-esc-list">
                  {s.escalations.map((e, i) => (
                    <li key={i}>
                      <Typography.Text strong>
                        {t('workflow.escalationAfter', { hours: e.afterHours })}
                      </Typography.Text>
                      {(e.notify ?? []).length > 0 && (
                        <>
                          ：{t('workflow.notify')}{' '}
                          {(e.notify ?? []).map((n) => notifyTargetLabel(n, lookups, t)).join('、')}
                        </>
                      )}
                      {e.moveTo && (
                        <>
                          ；{t('workflow.moveTo')}{' '}
                          <Tag color={known(e.moveTo) ? undefined : 'error'}>
                            {stateLabel(draft, e.moveTo, t)}
                          </Tag>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              ) : (
                <Typography.Text type="secondary">{t('workflow.noEscalation')}</Typography.Text>
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 96,
            render: (_v, { s, index }) => (
              <Space size={0}>
                <Tooltip title={t('common.edit')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<EditOutlined />}
                    aria-label={t('workflow.editSla')}
                    onClick={() => setEditing({ index, sla: s })}
                  />
                </Tooltip>
                <Tooltip title={t('common.delete')}>
                  <Button
                    type="text"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    onClick={() =>
                      modal.confirm({
                        title: t('workflow.deleteSlaConfirm'),
                        okButtonProps: { danger: true },
                        okText: t('common.delete'),
                        onOk: () => onChange(sla.filter((_x, j) => j !== index)),
                      })
                    }
                  />
                </Tooltip>
              </Space>
            ),
          },
        ]}
      />
      <Button
        type="dashed"
        icon={<PlusOutlined />}
        className="wf-add-row"
        disabled={!draft.states.length}
        onClick={() =>
          setEditing({
            index: -1,
            sla: {
              state: draft.states.find((s) => s.category === 'doing')?.key ?? draft.states[0]?.key ?? '',
              hours: 24,
              escalations: [],
            },
          })
        }
      >
        {t('workflow.addSla')}
      </Button>
      <SlaModal
        title={editing?.index === -1 ? t('workflow.addSla') : t('workflow.editSla')}
        sla={editing?.sla ?? null}
        draft={draft}
        lookups={lookups}
        onClose={() => setEditing(null)}
        onSave={(s) => {
          onChange(editing!.index < 0 ? [...sla, s] : sla.map((x, j) => (j === editing!.index ? s : x)));
          setEditing(null);
        }}
      />
    </div>
  );
}
