import type { WidgetProps } from '@rjsf/utils';
import { MemberPicker } from '../pickers/member-picker';

/** Member fields: the member picker; an array when the schema is one (`ui:options.multiple`). */
export function MemberWidget({
  id,
  value,
  onChange,
  disabled,
  readonly,
  schema,
  options,
  autofocus,
}: WidgetProps) {
  const multiple = schema.type === 'array' || !!options.multiple;
  return (
    <MemberPicker
      id={id}
      value={value}
      multiple={multiple}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      onChange={(v) => onChange(v)}
    />
  );
}
