import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldDef } from '../api/types';
import { typedValue } from './draft';
import {
  type Filter, type FilterRow, type FilterRows, type Op, filterableFields, fromFilter, kindOf, opsOf, toFilter, valueShape,
} from './filter-rows';
import './automations.css';

/** System columns a filter may name besides the form's fields. */
const SYSTEM: FieldDef[] = [
  { key: 'state', type: 'text', label: 'state' },
  { key: 'createdAt', type: 'datetime', label: 'createdAt' },
  { key: 'updatedAt', type: 'datetime', label: 'updatedAt' },
];

interface Props {
  fields: readonly FieldDef[];
  value: Filter | undefined;
  onChange: (filter: Filter | undefined) => void;
  /** Template expressions offered as values (automation conditions). */
  expressions?: Array<{ label: string; value: string }>;
}

/**
 * Field → operator → value lines joined by 且/或, written as the JSON filter language. A nested
 * filter the lines cannot show is edited as JSON instead.
 */
export function FilterBuilder({ fields, value, onChange, expressions }: Props) {
  const { t } = useTranslation();
  const parsed = useMemo(() => fromFilter(value), [value]);
  // Half-written lines live here until they are complete enough to be part of the filter.
  const [local, setLocal] = useState<FilterRows | null>(parsed);
  const [json, setJson] = useState<string | null>(parsed ? null : JSON.stringify(value, null, 2));
  const [jsonError, setJsonError] = useState(false);
  const all = useMemo(() => [...filterableFields(fields), ...SYSTEM.map((s) => ({ ...s, label: t(`automations.system.${s.key}`) }))], [fields, t]);
  const byKey = new Map(all.map((f) => [f.key, f]));

  if (json !== null || !local) {
    return (
      <div>
        <Typography.Text type="secondary">{t('automations.condition.complex')}</Typography.Text>
        <Input.TextArea
          className="mono"
          autoSize={{ minRows: 4, maxRows: 16 }}
          value={json ?? ''}
          status={jsonError ? 'error' : undefined}
          onChange={(e) => {
            setJson(e.target.value);
            try {
              onChange(e.target.value.trim() ? (JSON.parse(e.target.value) as Filter) : undefined);
              setJsonError(false);
            } catch {
              setJsonError(true);
            }
          }}
        />
        {jsonError && <Typography.Text type="danger">{t('automations.condition.invalidJson')}</Typography.Text>}
      </div>
    );
  }

  const update = (next: FilterRows) => {
    setLocal(next);
    onChange(toFilter(next));
  };
  const setRow = (i: number, patch: Partial<FilterRow>) => update({ ...local, rows: local.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  return (
    <div className="filter-builder">
      {local.rows.length > 1 && (
        <Select
          size="small"
          className="filter-conj"
          value={local.conj}
          onChange={(conj) => update({ ...local, conj })}
          options={[{ value: 'and', label: t('automations.condition.all') }, { value: 'or', label: t('automations.condition.any') }]}
        />
      )}
      {local.rows.map((row, i) => {
        const field = byKey.get(row.field);
        const kind = field ? kindOf(field) : 'text';
        const ops = opsOf(field);
        return (
          <div className="filter-row" key={i} data-testid="filter-row">
            <span className="filter-joiner">{i === 0 ? '' : t(`automations.condition.${local.conj}`)}</span>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              className="filter-field"
              placeholder={t('automations.condition.field')}
              value={row.field || undefined}
              onChange={(key: string) => {
                const f = byKey.get(key);
                const nextOps = opsOf(f);
                setRow(i, { field: key, op: nextOps.includes(row.op) ? row.op : nextOps[0], value: undefined });
              }}
              options={all.map((f) => ({ value: f.key, label: f.label }))}
              aria-label={t('automations.condition.field')}
            />
            <Select
              className="filter-op"
              value={row.op}
              onChange={(op: Op) => setRow(i, { op, value: valueShape(kind, op) === valueShape(kind, row.op) ? row.value : undefined })}
              options={ops.map((op) => ({ value: op, label: t(`automations.ops.${op}`) }))}
              aria-label={t('automations.condition.op')}
            />
            <ValueEditor field={field} shape={valueShape(kind, row.op)} value={row.value} onChange={(v) => setRow(i, { value: v })} expressions={expressions} />
            <Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('common.delete')} onClick={() => update({ ...local, rows: local.rows.filter((_, j) => j !== i) })} />
          </div>
        );
      })}
      <Space>
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setLocal({ ...local, rows: [...local.rows, { field: '', op: 'eq' }] })}>
          {t('automations.condition.add')}
        </Button>
        <Button size="small" type="link" onClick={() => setJson(JSON.stringify(value ?? { and: [] }, null, 2))}>{t('automations.condition.json')}</Button>
      </Space>
    </div>
  );
}

interface ValueProps {
  field: FieldDef | undefined;
  shape: 'none' | 'one' | 'list' | 'pair';
  value: unknown;
  onChange: (v: unknown) => void;
  expressions?: Array<{ label: string; value: string }>;
}

/** The value of one filter line, shaped by its op and field: options, numbers, dates or text. */
function ValueEditor({ field, shape, value, onChange, expressions }: ValueProps) {
  const { t } = useTranslation();
  if (shape === 'none') return <span className="filter-value" />;
  const options = field?.options?.map((o) => ({ value: o.value, label: o.label }));
  const kind = field && kindOf(field);
  const numeric = kind === 'number';
  const dateLike = kind === 'date' || kind === 'datetime';
  if (shape === 'list')
    return (
      <Select
        className="filter-value"
        mode="tags"
        value={Array.isArray(value) ? (value as string[]) : []}
        onChange={(v: string[]) => onChange(v.map((x) => typedValue(x, field)))}
        options={options}
        aria-label={t('automations.condition.value')}
      />
    );
  if (shape === 'pair') {
    const pair = Array.isArray(value) ? value : [undefined, undefined];
    const one = (i: number) => (numeric ? (
      <InputNumber style={{ width: '50%' }} value={pair[i] as number} onChange={(v) => onChange(i === 0 ? [v, pair[1]] : [pair[0], v])} />
    ) : (
      <Input style={{ width: '50%' }} placeholder={dateLike ? 'YYYY-MM-DD' : ''} value={(pair[i] as string) ?? ''} onChange={(e) => onChange(i === 0 ? [e.target.value, pair[1]] : [pair[0], e.target.value])} />
    ));
    return <Space.Compact className="filter-value">{one(0)}{one(1)}</Space.Compact>;
  }
  if (options?.length)
    return <Select className="filter-value" value={value as string} onChange={onChange} options={[...options, ...(expressions ?? [])]} aria-label={t('automations.condition.value')} />;
  if (field?.type === 'checkbox')
    return <Select className="filter-value" value={value as boolean} onChange={onChange} options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} />;
  const suggestions = [...(dateLike ? [{ value: 'today', label: t('automations.today') }] : []), ...(expressions ?? [])];
  return (
    <AutoComplete
      className="filter-value"
      value={value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)}
      onChange={(text: string) => onChange(typedValue(text, field))}
      options={suggestions}
      placeholder={dateLike ? 'YYYY-MM-DD' : t('automations.condition.value')}
      aria-label={t('automations.condition.value')}
    />
  );
}
