import type { WidgetProps } from '@rjsf/utils';
import { InputNumber } from 'antd';

/** A percentage, edited as the number before the % sign. */
export function PercentWidget({
  id,
  value,
  onChange,
  onBlur,
  onFocus,
  disabled,
  readonly,
  placeholder,
  autofocus,
}: WidgetProps) {
  return (
    <InputNumber<number>
      id={id}
      style={{ width: '100%' }}
      suffix="%"
      value={typeof value === 'number' ? value : null}
      disabled={disabled || readonly}
      placeholder={placeholder}
      autoFocus={autofocus}
      onChange={(v) => onChange(v ?? undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
