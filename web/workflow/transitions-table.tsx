import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '../api/types';
import { type Lookups, fieldLabel, stateLabel } from './describe';
import { type Draft, type Transition, issuesUnder } from './model';
import { TransitionModal } from './transition-modal';

interface Props {
  draft: Draft;
  transitions: Transition[];
  onChange: (list: Transition[]) => void;
  lookups: Lookups;
  /** Problems (local and the server's) under `${base}/<index>`. */
  problems: ErrorDetail[];
  base: string;
  /** How each row compares with the base workflow (variants only). */
  rowTag?: (tr: Transition) => React.ReactNode;
  readOnly?: boolean;
}

/** The transitions as rows: from → to, label, who may, required fields, comment; add, edit, delete. */
export function TransitionsTable({
  draft,
  transitions,
  onChange,
  lookups,
  problems,
  base,
  rowTag,
  readOnly,
}: Props) {
  const { t } = useTranslation();
  const { modal } = AntApp.useApp();
  const [editing, setEditing] = useState<{ index: number; tr: Transition } | null>(null);
  const known = new Set(draft.states.map((s) => s.key));
  const stateTag = (key: string) => {
    const s = draft.states.find((x) => x.key === key);
    return s ? (
      <Tag key={key} className={`wf-tag wf-color-${s.color ?? 'default'}`}>
        {s.label}
      </Tag>
    ) : (
      <Tag key={key} color="error">
        {stateLabel(draft, key, t)}
      </Tag>
    );
  };
  const who = (tr: Transition) => {
    const a = tr.allow;
    const parts = [
      ...(a?.roles ?? []).map((r) => `${t('workflow.roles')}：${lookups.roles.get(r) ?? r}`),
      ...(a?.departments ?? []).map(
        (d) => `${t('workflow.departments')}：${lookups.departments.get(d) ?? d}`,
      ),
      ...(a?.owner ? [t('workflow.owner')] : []),
      ...(a?.userFields ?? []).map((f) => `${t('workflow.userFields')}：${fieldLabel(lookups.fields, f, t)}`),
    ];
    return parts.length ? (
      <Space size={[0, 4]} wrap>
        {parts.map((p) => (
          <Tag key={p}>{p}</Tag>
        ))}
      </Space>
    ) : (
      <Typography.Text type="secondary">{t('workflow.whoAnyone')}</Typography.Text>
    );
  };
  const rows = transitions.map((tr, index) => ({
    tr,
    index,
    problems: issuesUnder(problems, `${base}/${index}`),
  }));

  return (
    <div>
      <Table
        size="middle"
        rowKey="index"
        pagination={false}
        scroll={{ x: 800 }}
        dataSource={rows}
        rowClassName={(r) => (r.problems.length ? 'wf-row-problem' : '')}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <>
                  <div>{t('workflow.noTransitions')}</div>
                  <Typography.Text type="secondary">{t('workflow.noTransitionsHint')}</Typography.Text>
                </>
              }
            />
          ),
        }}
        columns={[
          {
            title: t('workflow.from'),
            key: 'from',
            width: 150,
            render: (_v, { tr }) =>
              tr.from === '*' ? (
                <Tag color="geekblue">{t('workflow.any')}</Tag>
              ) : (
                <Space size={[0, 4]} wrap>
                  {(Array.isArray(tr.from) ? tr.from : [tr.from]).map(stateTag)}
                </Space>
              ),
          },
          { title: t('workflow.to'), key: 'to', width: 110, render: (_v, { tr }) => stateTag(tr.to) },
          {
            title: t('workflow.label'),
            key: 'label',
            width: 130,
            render: (_v, { tr, problems: p }) => (
              <div>
                {tr.label || <Typography.Text type="secondary">—</Typography.Text>}
                {rowTag?.(tr)}
                {p.map((x, i) => (
                  <div key={i} className="wf-cell-problem">
                    {x.message}
                  </div>
                ))}
              </div>
            ),
          },
          { title: t('workflow.who'), key: 'who', width: 170, render: (_v, { tr }) => who(tr) },
          {
            title: t('workflow.conditions'),
            key: 'req',
            width: 160,
            render: (_v, { tr }) => (
              <Space size={[0, 4]} wrap>
                {(tr.requiredFields ?? []).map((f) => (
                  <Tag key={f} color={lookups.fields.some((x) => x.key === f) ? 'orange' : 'error'}>
                    {t('workflow.requiredFields')}：{fieldLabel(lookups.fields, f, t)}
                  </Tag>
                ))}
                {tr.requireComment && <Tag color="cyan">{t('workflow.comment')}</Tag>}
              </Space>
            ),
          },
          ...(readOnly
            ? []
            : [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 80,
                  render: (_v: unknown, { tr, index }: { tr: Transition; index: number }) => (
                    <Space size={0}>
                      <Tooltip title={t('common.edit')}>
                        <Button
                          type="text"
                          size="small"
                          icon={<EditOutlined />}
                          aria-label={t('workflow.editTransition')}
                          onClick={() => setEditing({ index, tr })}
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
                              title: t('workflow.deleteTransitionConfirm'),
                              okButtonProps: { danger: true },
                              okText: t('common.delete'),
                              onOk: () => onChange(transitions.filter((_x, j) => j !== index)),
                            })
                          }
                        />
                      </Tooltip>
                    </Space>
                  ),
                },
              ]),
        ]}
      />
      {!readOnly && (
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          className="wf-add-row"
          disabled={!known.size}
          onClick={() => setEditing({ index: -1, tr: { from: [], to: '' } })}
        >
          {t('workflow.addTransition')}
        </Button>
      )}
      <TransitionModal
        title={editing?.index === -1 ? t('workflow.addTransition') : t('workflow.editTransition')}
        transition={editing?.tr ?? null}
        draft={draft}
        lookups={lookups}
        onClose={() => setEditing(null)}
        onSave={(tr) => {
          onChange(
            editing!.index < 0
              ? [...transitions, tr]
              : transitions.map((x, j) => (j === editing!.index ? tr : x)),
          );
          setEditing(null);
        }}
      />
    </div>
  );
}
