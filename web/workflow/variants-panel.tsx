import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Empty, Input, Modal, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '../api/types';
import { DepartmentSelect } from '../admin/department-select';
import { type Lookups, stateLabel, transitionName } from './describe';
import {
  type Draft,
  type Variant,
  isNewTransition,
  issuesUnder,
  transitionStatus,
  variantChanges,
} from './model';
import { SlaTable } from './sla-table';
import { TransitionsTable } from './transitions-table';

interface Props {
  draft: Draft;
  onChange: (variants: Variant[]) => void;
  lookups: Lookups;
  problems: ErrorDetail[];
}

/** Department variants: each beside the base, overriding transitions and/or time limits, with what it changes. */
export function VariantsPanel({ draft, onChange, lookups, problems }: Props) {
  const { t } = useTranslation();
  const { modal } = AntApp.useApp();
  const [selected, setSelected] = useState(0);
  const [adding, setAdding] = useState(false);
  const [newDep, setNewDep] = useState<string | null>(null);
  const variants = draft.variants;
  const current = variants[selected] as Variant | undefined;
  const depName = (v: Variant) => v.name || lookups.departments.get(v.departmentId) || v.departmentId;
  const set = (i: number, v: Variant) => onChange(variants.map((x, j) => (j === i ? v : x)));

  const changesTags = (v: Variant) => {
    const c = variantChanges(draft, v);
    const tags: React.ReactNode[] = [];
    for (const [part, label] of [
      ['transitions', t('workflow.variantTransitions')],
      ['sla', t('workflow.variantSla')],
    ] as const) {
      if (!(part === 'transitions' ? c.overridesTransitions : c.overridesSla)) continue;
      const d = c[part];
      const bits = [
        d.added && t('workflow.changes.added', { count: d.added }),
        d.removed && t('workflow.changes.removed', { count: d.removed }),
        d.changed && t('workflow.changes.changed', { count: d.changed }),
      ].filter(Boolean);
      tags.push(
        <Tag key={part} color={bits.length ? 'orange' : undefined}>
          {label}：{bits.length ? bits.join('，') : t('workflow.changes.none')}
        </Tag>,
      );
    }
    return tags.length ? tags : [<Tag key="none">{t('workflow.inherits')}</Tag>];
  };

  return (
    <div className="wf-variants">
      <div className="wf-variant-list">
        {variants.map((v, i) => (
          <button
            key={i}
            type="button"
            className={`wf-variant-item${i === selected ? ' selected' : ''}${issuesUnder(problems, `/variants/${i}`).length ? ' has-problems' : ''}`}
            onClick={() => setSelected(i)}
          >
            <div className="wf-variant-name">{depName(v)}</div>
            <div className="wf-variant-tags">{changesTags(v)}</div>
          </button>
        ))}
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          onClick={() => {
            setNewDep(null);
            setAdding(true);
          }}
        >
          {t('workflow.addVariant')}
        </Button>
      </div>
      <div className="wf-variant-detail">
        {!current ? (
          <Card>
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <>
                  <div>{t('workflow.noVariants')}</div>
                  <Typography.Text type="secondary">{t('workflow.noVariantsHint')}</Typography.Text>
                </>
              }
            />
          </Card>
        ) : (
          <Card
            title={t('workflow.variantFor', { name: depName(current) })}
            extra={
              <Button
                danger
                icon={<DeleteOutlined />}
                onClick={() =>
                  modal.confirm({
                    title: t('workflow.removeVariant'),
                    content: t('workflow.removeVariantConfirm', { name: depName(current) }),
                    okButtonProps: { danger: true },
                    okText: t('common.delete'),
                    onOk: () => {
                      onChange(variants.filter((_x, j) => j !== selected));
                      setSelected(0);
                    },
                  })
                }
              >
                {t('workflow.removeVariant')}
              </Button>
            }
          >
            <Space wrap className="wf-variant-fields">
              <span>{t('workflow.variantDepartment')}</span>
              <DepartmentSelect
                value={current.departmentId}
                allowClear={false}
                onChange={(v) => set(selected, { ...current, departmentId: String(v ?? '') })}
                style={{ width: 220 }}
              />
              <span>{t('workflow.variantName')}</span>
              <Input
                value={current.name ?? ''}
                maxLength={100}
                style={{ width: 200 }}
                onChange={(e) => set(selected, { ...current, name: e.target.value || undefined })}
              />
            </Space>
            {issuesUnder(problems, `/variants/${selected}/departmentId`).map((p, i) => (
              <div key={i} className="wf-cell-problem">
                {p.message}
              </div>
            ))}

            <div className="wf-variant-section">
              <Space>
                <Switch
                  checked={!!current.transitions}
                  onChange={(on) =>
                    set(selected, {
                      ...current,
                      transitions: on ? structuredClone(draft.transitions) : undefined,
                    })
                  }
                  aria-label={t('workflow.overrideTransitions')}
                />
                <Typography.Text strong>{t('workflow.overrideTransitions')}</Typography.Text>
              </Space>
              <div className="wf-side-by-side">
                <div className="wf-side-base">
                  <div className="wf-side-title">{t('workflow.base')}</div>
                  {draft.transitions.length ? (
                    draft.transitions.map((tr, i) => {
                      const status = current.transitions ? transitionStatus(tr, current.transitions) : 'same';
                      return (
                        <div key={i} className={`wf-base-line status-${status}`}>
                          <span>{transitionName(draft, tr, t)}</span>
                          <span className="wf-base-route">
                            {tr.from === '*'
                              ? t('workflow.any')
                              : (Array.isArray(tr.from) ? tr.from : [tr.from])
                                  .map((k) => stateLabel(draft, k, t))
                                  .join('、')}{' '}
                            → {stateLabel(draft, tr.to, t)}
                          </span>
                          {status !== 'same' && (
                            <Tag color={status === 'removed' ? 'red' : 'orange'}>
                              {t(`workflow.status.${status}`)}
                            </Tag>
                          )}
                        </div>
                      );
                    })
                  ) : (
                    <Typography.Text type="secondary">{t('workflow.noTransitions')}</Typography.Text>
                  )}
                </div>
                <div className="wf-side-variant">
                  <div className="wf-side-title">{depName(current)}</div>
                  {current.transitions ? (
                    <TransitionsTable
                      draft={draft}
                      transitions={current.transitions}
                      onChange={(list) => set(selected, { ...current, transitions: list })}
                      lookups={lookups}
                      problems={problems}
                      base={`/variants/${selected}/transitions`}
                      rowTag={(tr) =>
                        isNewTransition(tr, draft.transitions) ? (
                          <Tag color="green" className="wf-row-tag">
                            {t('workflow.status.added')}
                          </Tag>
                        ) : draft.transitions.some((b) => transitionStatus(b, [tr]) === 'changed') ? (
                          <Tag color="orange" className="wf-row-tag">
                            {t('workflow.status.changed')}
                          </Tag>
                        ) : null
                      }
                    />
                  ) : (
                    <div className="wf-inherits">{t('workflow.inherits')}</div>
                  )}
                </div>
              </div>
            </div>

            <div className="wf-variant-section">
              <Space>
                <Switch
                  checked={!!current.sla}
                  onChange={(on) =>
                    set(selected, { ...current, sla: on ? structuredClone(draft.sla) : undefined })
                  }
                  aria-label={t('workflow.overrideSla')}
                />
                <Typography.Text strong>{t('workflow.overrideSla')}</Typography.Text>
              </Space>
              {current.sla ? (
                <SlaTable
                  draft={draft}
                  sla={current.sla}
                  onChange={(list) => set(selected, { ...current, sla: list })}
                  lookups={lookups}
                  problems={problems}
                  base={`/variants/${selected}/sla`}
                  rowTag={(s) => {
                    const b = draft.sla.find((x) => x.state === s.state);
                    return !b ? (
                      <Tag color="green" className="wf-row-tag">
                        {t('workflow.status.added')}
                      </Tag>
                    ) : JSON.stringify(b) !== JSON.stringify(s) ? (
                      <Tag color="orange" className="wf-row-tag">
                        {t('workflow.status.changed')}
                      </Tag>
                    ) : null;
                  }}
                />
              ) : (
                <div className="wf-inherits">
                  {t('workflow.inherits')}（
                  {draft.sla.length
                    ? draft.sla
                        .map(
                          (s) =>
                            `${stateLabel(draft, s.state, t)} ${t('workflow.hoursN', { count: s.hours })}`,
                        )
                        .join('、')
                    : t('workflow.noSla')}
                  ）
                </div>
              )}
            </div>
          </Card>
        )}
      </div>
      <Modal
        open={adding}
        title={t('workflow.addVariant')}
        okButtonProps={{ disabled: !newDep }}
        onCancel={() => setAdding(false)}
        onOk={() => {
          onChange([...variants, { departmentId: newDep! }]);
          setSelected(variants.length);
          setAdding(false);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('workflow.noVariantsHint')}</Typography.Paragraph>
        <DepartmentSelect
          value={newDep}
          onChange={(v) => setNewDep((v as string) ?? null)}
          placeholder={t('workflow.pickDepartment')}
          disabledIds={new Set(variants.map((v) => v.departmentId))}
        />
      </Modal>
    </div>
  );
}
