import { DatePicker, InputNumber, Rate, Select } from 'antd';
import dayjs from 'dayjs';
import { DepartmentPicker } from '../../pickers/department-picker';
import { MemberPicker } from '../../pickers/member-picker';
import { RelationPicker } from '../../pickers/relation-picker';
import type { ValueInputProps } from './value-input';

const symbols: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: '¥' };

/**
 * The editors of numbers, ratings, options, dates and people / departments / related records:
 * value-input.tsx loads this module when one of them is first needed (they bring the larger
 * Ant Design components with them).
 */
export function RichValueInput({
  field,
  value,
  onChange,
  onCommit,
  onCancel,
  autoFocus,
  open,
  status,
  size,
}: ValueInputProps) {
  const keys = (e: React.KeyboardEvent, v: unknown) => {
    if (e.key === 'Escape') onCancel?.();
    if (e.key === 'Enter') {
      e.preventDefault();
      onCommit?.(v);
    }
  };
  const choose = (v: unknown) => {
    onChange(v);
    onCommit?.(v);
  };
  const common = { autoFocus, status, size, style: { width: '100%' } };
  switch (field.type) {
    case 'number':
    case 'currency':
    case 'percent':
      return (
        <InputNumber<number>
          {...common}
          value={typeof value === 'number' ? value : null}
          prefix={field.type === 'currency' ? symbols[field.currency ?? 'CNY'] : undefined}
          suffix={field.type === 'percent' ? '%' : undefined}
          precision={field.type === 'currency' ? 2 : field.precision}
          onChange={(v) => onChange(v ?? null)}
          onKeyDown={(e) => keys(e, (e.target as HTMLInputElement).value === '' ? null : value)}
        />
      );
    case 'rating':
      return (
        <Rate
          count={typeof field.max === 'number' ? field.max : 5}
          value={typeof value === 'number' ? value : 0}
          onChange={(v) => choose(v || null)}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          allowClear
          defaultOpen={open}
          value={(value as string) ?? undefined}
          options={(field.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
          onChange={(v) => choose(v ?? null)}
          onKeyDown={(e) => e.key === 'Escape' && onCancel?.()}
        />
      );
    case 'multiselect':
      return (
        <Select
          {...common}
          mode="multiple"
          allowClear
          defaultOpen={open}
          value={Array.isArray(value) ? (value as string[]) : []}
          options={(field.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
          onChange={(v: string[]) => onChange(v.length ? v : null)}
          onKeyDown={(e) => keys(e, value)}
        />
      );
    case 'date':
    case 'datetime': {
      const dt = field.type === 'datetime';
      const d = typeof value === 'string' && value ? dayjs(value) : null;
      return (
        <DatePicker
          {...common}
          showTime={dt}
          defaultOpen={open}
          value={d && d.isValid() ? d : null}
          onChange={(v) => choose(v ? (dt ? v.toISOString() : v.format('YYYY-MM-DD')) : null)}
          onKeyDown={(e) => e.key === 'Escape' && onCancel?.()}
        />
      );
    }
    case 'member':
      return (
        <MemberPicker
          value={value as string}
          multiple={!!field.multiple}
          autoFocus={autoFocus}
          open={open}
          onChange={(v) => (field.multiple ? onChange(v ?? null) : choose(v ?? null))}
        />
      );
    case 'department':
      return (
        <DepartmentPicker
          value={value as string}
          multiple={!!field.multiple}
          autoFocus={autoFocus}
          open={open}
          onChange={(v) => (field.multiple ? onChange(v ?? null) : choose(v ?? null))}
        />
      );
    case 'relation':
      return (
        <RelationPicker
          formId={field.formId}
          value={value as string[]}
          multiple={!!field.multiple}
          autoFocus={autoFocus}
          onChange={(v) => onChange(v ?? null)}
        />
      );
    default:
      return null;
  }
}
