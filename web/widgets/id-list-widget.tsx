import type { WidgetProps } from '@rjsf/utils';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Member, department and relation values as ids typed in, until pickers backed by the users,
 * departments and records lists arrive. Single values stay strings, several an array.
 */
export function idListWidget(placeholderKey: 'widgets.memberPlaceholder' | 'widgets.departmentPlaceholder' | 'widgets.relationPlaceholder') {
  function IdListWidget({ id, value, onChange, disabled, readonly, schema, options }: WidgetProps) {
    const { t } = useTranslation();
    const isArray = schema.type === 'array';
    const max = isArray ? (typeof schema.maxItems === 'number' ? schema.maxItems : options.multiple ? undefined : 1) : 1;
    const list: string[] = Array.isArray(value) ? value : value ? [String(value)] : [];
    return (
      <Select
        id={id}
        mode="tags"
        value={list}
        maxCount={max}
        open={false}
        disabled={disabled || readonly}
        placeholder={t(placeholderKey)}
        suffixIcon={null}
        onChange={(v: string[]) => onChange(isArray ? (v.length ? v : undefined) : (v[v.length - 1] ?? undefined))}
      />
    );
  }
  return IdListWidget;
}
