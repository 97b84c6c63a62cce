import type { WidgetProps } from '@rjsf/utils';
import { Rate } from 'antd';

/** Stars: antd Rate over 1…maximum (default 5). */
export function RatingWidget({ id, value, onChange, disabled, readonly, schema }: WidgetProps) {
  const count = typeof schema.maximum === 'number' ? schema.maximum : 5;
  return (
    <Rate
      id={id}
      count={count}
      value={typeof value === 'number' ? value : 0}
      disabled={disabled || readonly}
      onChange={(v) => onChange(v || undefined)}
    />
  );
}
