import { Checkbox, DatePicker, Input, InputNumber, Rate, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { FieldDef } from '../../api/types';
import { DepartmentPicker } from '../../pickers/department-picker';
import { MemberPicker } from '../../pickers/member-picker';
import { RelationPicker } from '../../pickers/relation-picker';

interface Props {
  field: FieldDef;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Enter pressed (text-like inputs) or a choice made (selects, dates): save now. */
  onCommit?: (value: unknown) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
  /** Open a dropdown right away (inline editing). */
  open?: boolean;
  status?: 'error';
  size?: 'small' | 'middle';
}

const symbols: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: '¥' };

/** An editor for one value of a field, by its type: inline cell editing, bulk edit and filter values use it. */
export function ValueInput({ field, value, onChange, onCommit, onCancel, autoFocus, open, status, size }: Props) {
  const { t } = useTranslation();
  const keys = (e: React.KeyboardEvent, v: unknown) => {
    if (e.key === 'Escape') onCancel?.();
    if (e.key === 'Enter' && !(field.type === 'textarea' && e.shiftKey)) {
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
      return <Rate count={typeof field.max === 'number' ? field.max : 5} value={typeof value === 'number' ? value : 0} onChange={(v) => choose(v || null)} />;
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
    case 'checkbox':
      return <Checkbox autoFocus={autoFocus} checked={!!value} onChange={(e) => choose(e.target.checked)} />;
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
      return <MemberPicker value={value as string} multiple={!!field.multiple} autoFocus={autoFocus} open={open} onChange={(v) => (field.multiple ? onChange(v ?? null) : choose(v ?? null))} />;
    case 'department':
      return <DepartmentPicker value={value as string} multiple={!!field.multiple} autoFocus={autoFocus} open={open} onChange={(v) => (field.multiple ? onChange(v ?? null) : choose(v ?? null))} />;
    case 'relation':
      return <RelationPicker formId={field.formId} value={value as string[]} multiple={!!field.multiple} autoFocus={autoFocus} onChange={(v) => onChange(v ?? null)} />;
    case 'textarea':
      return (
        <Input.TextArea
          autoFocus={autoFocus}
          status={status}
          autoSize={{ minRows: 1, maxRows: 6 }}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => keys(e, (e.target as HTMLTextAreaElement).value)}
        />
      );
    default:
      return (
        <Input
          {...common}
          type={field.type === 'email' ? 'email' : field.type === 'url' ? 'url' : field.type === 'phone' ? 'tel' : 'text'}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => keys(e, (e.target as HTMLInputElement).value)}
        />
      );
  }
}
