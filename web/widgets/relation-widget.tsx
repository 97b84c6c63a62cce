import type { WidgetProps } from '@rjsf/utils';
import { RelationPicker } from '../pickers/relation-picker';

/** Relation fields: search the target form (`ui:options.formId`) and pick one record or several. */
export function RelationWidget({ id, value, onChange, disabled, readonly, options, autofocus }: WidgetProps) {
  return (
    <RelationPicker
      id={id}
      formId={typeof options.formId === 'string' ? options.formId : undefined}
      value={Array.isArray(value) ? value : value ? [String(value)] : []}
      multiple={!!options.multiple}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      onChange={(v) => onChange(v)}
    />
  );
}
