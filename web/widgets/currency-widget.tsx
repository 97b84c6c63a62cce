import type { WidgetProps } from '@rjsf/utils';
import { InputNumber } from 'antd';

const symbols: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: '¥' };

/** Money: a number input with the currency symbol and exactly two decimals. */
export function CurrencyWidget({
  id,
  value,
  onChange,
  onBlur,
  onFocus,
  disabled,
  readonly,
  options,
  placeholder,
  autofocus,
}: WidgetProps) {
  const symbol = symbols[String(options.currency ?? 'CNY')] ?? '¥';
  return (
    <InputNumber<number>
      id={id}
      style={{ width: '100%' }}
      prefix={symbol}
      precision={2}
      step={1}
      value={typeof value === 'number' ? value : null}
      disabled={disabled || readonly}
      placeholder={placeholder}
      autoFocus={autofocus}
      formatter={(v) =>
        v === undefined || v === null || String(v) === ''
          ? ''
          : String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
      }
      parser={(v) => Number((v ?? '').replace(/,/g, ''))}
      onChange={(v) => onChange(v ?? undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
