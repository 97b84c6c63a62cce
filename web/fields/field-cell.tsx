import { CheckSquareFilled, BorderOutlined, PaperClipOutlined, StarFilled } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import type { FieldDef, FieldTypeName } from '../api/types';
import { formatCurrency, formatNumber, formatPercent } from '../format/format';

type Render = (value: unknown, field: FieldDef) => ReactNode;

const plain: Render = (v) =>
  Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v);

function optionTag(field: FieldDef, value: string) {
  const o = field.options?.find((x) => x.value === value);
  return (
    <Tag key={value} color={o?.color && o.color !== 'default' ? o.color : undefined} variant="filled">
      {o?.label ?? value}
    </Tag>
  );
}

const num: Render = (v, f) => (typeof v === 'number' ? formatNumber(v, f.precision) : plain(v, f));

/** How each field type shows in a grid cell (and in the history timeline). */
const renderers: Partial<Record<FieldTypeName, Render>> = {
  number: num,
  rollup: num,
  currency: (v, f) => (typeof v === 'number' ? formatCurrency(v, f.currency) : plain(v, f)),
  percent: (v, f) => (typeof v === 'number' ? formatPercent(v) : plain(v, f)),
  rating: (v, f) => (
    <span className="cell-rating">
      {Array.from({ length: typeof f.max === 'number' ? f.max : 5 }, (_, i) => (
        <StarFilled key={i} style={{ color: i < Number(v) ? '#fadb14' : '#e8e8e8' }} />
      ))}
    </span>
  ),
  select: (v, f) => optionTag(f, String(v)),
  multiselect: (v, f) => (Array.isArray(v) ? v.map((x) => optionTag(f, String(x))) : optionTag(f, String(v))),
  checkbox: (v) =>
    v ? <CheckSquareFilled style={{ color: '#1677ff' }} /> : <BorderOutlined style={{ color: '#bfbfbf' }} />,
  date: (v) => (typeof v === 'string' ? dayjs(v).format('YYYY-MM-DD') : String(v)),
  datetime: (v) => (typeof v === 'string' ? dayjs(v).format('YYYY-MM-DD HH:mm') : String(v)),
  url: (v) => (
    <Typography.Link href={String(v)} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
      {String(v)}
    </Typography.Link>
  ),
  attachment: (v) =>
    Array.isArray(v) ? (
      <span>
        <PaperClipOutlined /> {v.map((x: { name?: string }) => x.name).join(', ')}
      </span>
    ) : null,
  relation: (v) =>
    Array.isArray(v) ? v.map((id) => <Tag key={String(id)}>{String(id)}</Tag>) : plain(v, {} as FieldDef),
};

/** A field's value for display; empty values render nothing. */
export function FieldCell({ field, value }: { field: FieldDef; value: unknown }) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    return null;
  if (field.type === 'checkbox' && value === false) return <>{renderers.checkbox!(value, field)}</>;
  return <>{(renderers[field.type] ?? plain)(value, field)}</>;
}

/** Column widths by type, in pixels. */
export const columnWidth = (field: FieldDef): number =>
  (
    ({
      textarea: 260,
      checkbox: 90,
      rating: 130,
      date: 120,
      datetime: 160,
      currency: 140,
      number: 120,
      percent: 100,
      multiselect: 220,
      relation: 200,
    }) as Partial<Record<FieldTypeName, number>>
  )[field.type] ?? 180;

/** Whether a column holds numbers (right-aligned). */
export const isNumeric = (field: FieldDef) =>
  ['number', 'currency', 'percent', 'rollup'].includes(field.type);
