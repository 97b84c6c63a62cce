import { Checkbox, Input, Spin } from 'antd';
import { Suspense } from 'react';
import type { FieldDef } from '../../api/types';
import { lazyComponent } from '../../lazy/lazy-component';
import { preloader } from '../../lazy/preloader';

export interface ValueInputProps {
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

const richCode = preloader(() => import('./rich-value-input'));
/** Starts loading the editors of numbers, dates, options and pickers (once); the grid calls it at the first touch. */
export const preloadValueInputs = (): void => void richCode.preload().catch(() => undefined);
const RichValueInput = lazyComponent(richCode, (m) => m.RichValueInput);

/** Types whose editor comes from rich-value-input.tsx; the others are a plain input or checkbox, here at once. */
const RICH = new Set([
  'number',
  'currency',
  'percent',
  'rating',
  'select',
  'multiselect',
  'date',
  'datetime',
  'member',
  'department',
  'relation',
]);

/** An editor for one value of a field, by its type: inline cell editing, bulk edit and filter values use it. */
export function ValueInput(props: ValueInputProps) {
  const { field, value, onChange, onCommit, onCancel, autoFocus, status, size } = props;
  if (RICH.has(field.type))
    return (
      <Suspense fallback={<Spin size="small" />}>
        <RichValueInput {...props} />
      </Suspense>
    );
  const keys = (e: React.KeyboardEvent, v: unknown) => {
    if (e.key === 'Escape') onCancel?.();
    if (e.key === 'Enter' && !(field.type === 'textarea' && e.shiftKey)) {
      e.preventDefault();
      onCommit?.(v);
    }
  };
  switch (field.type) {
    case 'checkbox':
      return (
        <Checkbox
          autoFocus={autoFocus}
          checked={!!value}
          onChange={(e) => {
            onChange(e.target.checked);
            onCommit?.(e.target.checked);
          }}
        />
      );
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
          autoFocus={autoFocus}
          status={status}
          size={size}
          style={{ width: '100%' }}
          type={
            field.type === 'email'
              ? 'email'
              : field.type === 'url'
                ? 'url'
                : field.type === 'phone'
                  ? 'tel'
                  : 'text'
          }
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => keys(e, (e.target as HTMLInputElement).value)}
        />
      );
  }
}
