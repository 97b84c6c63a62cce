import type { WidgetProps } from '@rjsf/utils';
import { DepartmentPicker } from '../pickers/department-picker';

/** Department fields: the department tree; an array when the schema is one (`ui:options.multiple`). */
export function DepartmentWidget({
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
    <DepartmentPicker
      id={id}
      value={value}
      multiple={multiple}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      onChange={(v) => onChange(v)}
    />
  );
}
