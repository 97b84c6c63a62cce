import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePeople } from '../api/people';

interface Props {
  id?: string;
  value?: string | string[] | null;
  onChange: (value: string | string[] | undefined) => void;
  multiple?: boolean;
  disabled?: boolean;
  /** Offer "当前用户" ($me), for filters. */
  allowMe?: boolean;
  autoFocus?: boolean;
  open?: boolean;
  onBlur?: () => void;
  style?: React.CSSProperties;
}

/** A searchable select of users (by name or e-mail); several when `multiple`. */
export function MemberPicker({
  id,
  value,
  onChange,
  multiple,
  disabled,
  allowMe,
  autoFocus,
  open,
  onBlur,
  style,
}: Props) {
  const { t } = useTranslation();
  const people = usePeople();
  const options = [
    ...(allowMe
      ? [{ value: '$me', label: t('filterBuilder.me'), search: t('filterBuilder.me'), email: '' }]
      : []),
    ...(people.data ?? []).map((u) => ({
      value: u.id,
      label: u.name,
      search: `${u.name} ${u.email}`,
      email: u.email,
    })),
  ];
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      value={multiple ? list : (list[0] ?? undefined)}
      options={options}
      loading={people.isLoading}
      disabled={disabled}
      autoFocus={autoFocus}
      defaultOpen={open}
      onBlur={onBlur}
      placeholder={t('pickers.member')}
      notFoundContent={t('pickers.noUsers')}
      showSearch={{ optionFilterProp: 'search' }}
      optionRender={(o) => (
        <span>
          {o.label}
          {o.data.email ? <span className="picker-secondary"> {o.data.email}</span> : null}
        </span>
      )}
      style={{ width: '100%', ...style }}
      onChange={(v: string | string[] | undefined) =>
        onChange(Array.isArray(v) ? (v.length ? v : undefined) : (v ?? undefined))
      }
    />
  );
}
