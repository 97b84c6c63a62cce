import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Empty, Input, InputNumber, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { FormWorkflow } from '../../api/record-workflow';
import { DepartmentPicker } from '../../pickers/department-picker';
import { MemberPicker } from '../../pickers/member-picker';
import { RelationPicker } from '../../pickers/relation-picker';
import type { FieldChoice } from '../shared/field-choices';
import {
  type BuilderOp,
  type CondNode,
  DATE_PRESETS,
  type GroupNode,
  emptyGroup,
  isGroup,
  nodeId,
  opsFor,
  valueShape,
} from './filter-model';
import { appendTo, updateNode } from './filter-tree';
import './filter-builder.css';

interface Props {
  tree: GroupNode;
  onChange: (tree: GroupNode) => void;
  choices: FieldChoice[];
  workflow: FormWorkflow | null | undefined;
  /** The saved filter could not be shown as rows; new rows replace it. */
  advanced?: boolean;
}

const DAY = 'YYYY-MM-DD';

function ValueEditor({
  cond,
  choice,
  workflow,
  onChange,
}: {
  cond: CondNode;
  choice: FieldChoice;
  workflow: FormWorkflow | null | undefined;
  onChange: (v: unknown) => void;
}) {
  const { t } = useTranslation();
  const shape = valueShape(cond.op);
  const v = cond.value;
  const list = shape === 'list';
  if (shape === 'none') return <span className="filter-value" />;
  if (shape === 'preset')
    return (
      <Select
        className="filter-value"
        value={v as string}
        placeholder={t('filterBuilder.value')}
        onChange={onChange}
        options={DATE_PRESETS.map((p) => ({ value: p, label: t(`filterBuilder.preset.${p}`) }))}
      />
    );
  switch (choice.kind) {
    case 'number':
      if (shape === 'pair') {
        const [a, b] = Array.isArray(v) ? v : [];
        return (
          <Space.Compact className="filter-value">
            <InputNumber
              placeholder={t('filterBuilder.start')}
              value={a ?? null}
              onChange={(x) => onChange([x, b])}
            />
            <InputNumber
              placeholder={t('filterBuilder.end')}
              value={b ?? null}
              onChange={(x) => onChange([a, x])}
            />
          </Space.Compact>
        );
      }
      return (
        <InputNumber
          className="filter-value"
          placeholder={t('filterBuilder.value')}
          value={typeof v === 'number' ? v : null}
          onChange={(x) => onChange(x ?? undefined)}
        />
      );
    case 'date':
    case 'datetime': {
      const asDay = (x: unknown) => (typeof x === 'string' && dayjs(x).isValid() ? dayjs(x) : null);
      if (shape === 'pair') {
        const [a, b] = Array.isArray(v) ? v : [];
        return (
          <DatePicker.RangePicker
            className="filter-value"
            value={[asDay(a), asDay(b)]}
            onChange={(r) => onChange(r?.[0] && r?.[1] ? [r[0].format(DAY), r[1].format(DAY)] : undefined)}
          />
        );
      }
      return (
        <DatePicker
          className="filter-value"
          value={asDay(v)}
          onChange={(d) => onChange(d ? d.format(DAY) : undefined)}
        />
      );
    }
    case 'boolean':
      return (
        <Select
          className="filter-value"
          value={v as boolean}
          placeholder={t('filterBuilder.value')}
          onChange={onChange}
          options={[
            { value: true, label: t('filterBuilder.yes') },
            { value: false, label: t('filterBuilder.no') },
          ]}
        />
      );
    case 'option':
    case 'options':
      return (
        <Select
          className="filter-value"
          mode={list ? 'multiple' : undefined}
          value={v as string}
          placeholder={t('filterBuilder.value')}
          onChange={onChange}
          maxTagCount="responsive"
          options={(choice.field?.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
        />
      );
    case 'state':
      return (
        <Select
          className="filter-value"
          mode={list ? 'multiple' : undefined}
          value={v as string}
          placeholder={t('filterBuilder.value')}
          onChange={onChange}
          maxTagCount="responsive"
          options={(workflow?.states ?? []).map((s) => ({ value: s.key, label: s.label }))}
        />
      );
    case 'ref':
    case 'refs':
      return (
        <div className="filter-value">
          {choice.field?.type === 'department' ? (
            <DepartmentPicker value={v as string} multiple={list} onChange={onChange} />
          ) : (
            <MemberPicker value={v as string} multiple={list} allowMe onChange={onChange} />
          )}
        </div>
      );
    case 'relation':
      return (
        <div className="filter-value">
          <RelationPicker
            formId={choice.field?.formId}
            value={typeof v === 'string' ? [v] : []}
            onChange={(x) => onChange(x?.[0])}
          />
        </div>
      );
    default:
      return (
        <Input
          className="filter-value"
          placeholder={t('filterBuilder.value')}
          value={(v as string) ?? ''}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

function opLabel(t: ReturnType<typeof useTranslation>['t'], kind: string, op: BuilderOp) {
  if ((kind === 'date' || kind === 'datetime') && ['eq', 'lt', 'gt', 'gte', 'between'].includes(op))
    return t(`filterBuilder.dateOp.${op}`);
  return t(`filterBuilder.op.${op}`);
}

function ConditionRow({
  cond,
  choices,
  workflow,
  onChange,
  onRemove,
}: {
  cond: CondNode;
  choices: FieldChoice[];
  workflow: FormWorkflow | null | undefined;
  onChange: (c: CondNode) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const choice = choices.find((c) => c.key === cond.field);
  const ops = choice ? opsFor(choice) : [];
  return (
    <div className="filter-row" data-testid="filter-row">
      <Select
        className="filter-field"
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('filterBuilder.field')}
        aria-label={t('filterBuilder.field')}
        value={cond.field || undefined}
        options={choices.map((c) => ({ value: c.key, label: c.label }))}
        onChange={(field: string) => {
          const next = choices.find((c) => c.key === field)!;
          onChange({ ...cond, field, op: opsFor(next)[0], value: undefined });
        }}
      />
      <Select
        className="filter-op"
        value={choice ? cond.op : undefined}
        disabled={!choice}
        placeholder={t('filterBuilder.opLabel')}
        aria-label={t('filterBuilder.opLabel')}
        options={ops.map((op) => ({ value: op, label: opLabel(t, choice!.kind, op) }))}
        onChange={(op: BuilderOp) =>
          onChange({
            ...cond,
            op,
            value:
              valueShape(op) === valueShape(cond.op) && op !== 'preset' && cond.op !== 'preset'
                ? cond.value
                : undefined,
          })
        }
      />
      {choice ? (
        <ValueEditor
          cond={cond}
          choice={choice}
          workflow={workflow}
          onChange={(value) => onChange({ ...cond, value })}
        />
      ) : (
        <span className="filter-value" />
      )}
      <Button
        type="text"
        icon={<DeleteOutlined />}
        aria-label={t('filterBuilder.remove')}
        onClick={onRemove}
      />
    </div>
  );
}

function GroupBox({
  group,
  root,
  depth,
  ...rest
}: { group: GroupNode; root: GroupNode; depth: number } & Omit<Props, 'tree' | 'advanced'>) {
  const { t } = useTranslation();
  const { onChange, choices, workflow } = rest;
  const set = (next: GroupNode) => onChange(next);
  const conj = (
    <Select
      size="small"
      value={group.conj}
      className="filter-conj"
      popupMatchSelectWidth={false}
      options={[
        { value: 'and', label: t('filterBuilder.matchAll') },
        { value: 'or', label: t('filterBuilder.matchAny') },
      ]}
      onChange={(c: 'and' | 'or') =>
        set(
          group.id === root.id
            ? { ...root, conj: c }
            : updateNode(root, group.id, (n) => ({ ...(n as GroupNode), conj: c })),
        )
      }
    />
  );
  return (
    <div className={depth ? 'filter-group nested' : 'filter-group'}>
      {(group.items.length > 1 || depth > 0) && <div className="filter-group-head">{conj}</div>}
      {group.items.map((item, i) => (
        <div key={item.id} className="filter-item">
          <span className="filter-join">
            {i === 0 ? t('filterBuilder.where') : t(`filterBuilder.${group.conj}`)}
          </span>
          {isGroup(item) ? (
            <GroupBox group={item} root={root} depth={depth + 1} {...rest} />
          ) : (
            <ConditionRow
              cond={item}
              choices={choices}
              workflow={workflow}
              onChange={(c) => set(updateNode(root, item.id, () => c))}
              onRemove={() => set(updateNode(root, item.id, () => null))}
            />
          )}
        </div>
      ))}
      <Space size={4} className="filter-actions">
        <Button
          size="small"
          type="link"
          icon={<PlusOutlined />}
          onClick={() => set(appendTo(root, group.id, { id: nodeId(), field: '', op: 'eq' }))}
        >
          {t('filterBuilder.add')}
        </Button>
        {depth === 0 && (
          <Button
            size="small"
            type="link"
            icon={<PlusOutlined />}
            onClick={() =>
              set(
                appendTo(root, group.id, {
                  ...emptyGroup(root.conj === 'and' ? 'or' : 'and'),
                  items: [{ id: nodeId(), field: '', op: 'eq' }],
                }),
              )
            }
          >
            {t('filterBuilder.addGroup')}
          </Button>
        )}
        {depth > 0 && (
          <Button size="small" type="link" danger onClick={() => set(updateNode(root, group.id, () => null))}>
            {t('filterBuilder.remove')}
          </Button>
        )}
      </Space>
    </div>
  );
}

/** Conditions as rows: field → operator (by the field's kind) → value; 且/或 groups; relative dates. */
export function FilterBuilder({ tree, onChange, choices, workflow, advanced }: Props) {
  const { t } = useTranslation();
  return (
    <div className="filter-builder">
      <div className="filter-title">
        <Typography.Text strong>{t('filterBuilder.title')}</Typography.Text>
        {tree.items.length > 0 && (
          <Button size="small" type="link" onClick={() => onChange(emptyGroup())}>
            {t('filterBuilder.clear')}
          </Button>
        )}
      </div>
      {advanced && (
        <Typography.Text type="warning" className="filter-advanced">
          {t('filterBuilder.advanced')}
        </Typography.Text>
      )}
      {tree.items.length === 0 && (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <div>{t('filterBuilder.empty')}</div>
              <Typography.Text type="secondary">{t('filterBuilder.emptyHint')}</Typography.Text>
            </>
          }
          className="filter-empty"
        />
      )}
      <GroupBox
        group={tree}
        root={tree}
        depth={0}
        onChange={onChange}
        choices={choices}
        workflow={workflow}
      />
    </div>
  );
}
