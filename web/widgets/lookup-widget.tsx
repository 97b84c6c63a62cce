import type { WidgetProps } from '@rjsf/utils';
import { Input } from 'antd';

/** A value looked up from a linked record: read-only text (arrays joined). */
export function LookupWidget({ id, value }: WidgetProps) {
  const text = Array.isArray(value)
    ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')
    : (value ?? '');
  return <Input id={id} value={String(text)} readOnly variant="filled" />;
}
