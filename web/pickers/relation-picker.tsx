import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../hooks/use-debounced';
import { useRecordPages } from '../api/record-pages';
import { titleOf, useRecordTitles, useTitleKey } from './record-titles';

interface Props {
  id?: string;
  /** The form whose records are linked. */
  formId: string | undefined;
  value?: string[] | null;
  onChange: (value: string[] | undefined) => void;
  multiple?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
  open?: boolean;
  /** Ids not to offer (already linked elsewhere on the page). */
  exclude?: readonly string[];
  onBlur?: () => void;
}

/** Links to records of another form: searches it by `q` as you type and shows the records' titles. */
export function RelationPicker({
  id,
  formId,
  value,
  onChange,
  multiple,
  disabled,
  autoFocus,
  open,
  exclude,
  onBlur,
}: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const titleKey = useTitleKey(formId);
  const found = useRecordPages(formId ?? '', { q: q || undefined }, 20, !!formId);
  const selected = value ?? [];
  const selectedTitles = useRecordTitles(formId, selected, t('pickers.removed'));
  const hits = (found.data?.pages[0]?.items ?? []).filter((r) => !exclude?.includes(r.id));
  const options = [
    ...selected.map((rid) => ({ value: rid, label: selectedTitles.get(rid) ?? '…' })),
    ...hits
      .filter((r) => !selected.includes(r.id))
      .map((r) => ({ value: r.id, label: titleOf(r, titleKey, r.id) })),
  ];
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      value={multiple ? selected : (selected[0] ?? undefined)}
      options={options}
      loading={found.isFetching}
      disabled={disabled || !formId}
      autoFocus={autoFocus}
      defaultOpen={open}
      onBlur={onBlur}
      placeholder={t('pickers.relation')}
      notFoundContent={found.isFetching ? t('common.loading') : t('pickers.noRecords')}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      style={{ width: '100%' }}
      onChange={(v: string | string[] | undefined) => {
        setSearch('');
        const list = Array.isArray(v) ? v : v ? [v] : [];
        onChange(list.length ? list : undefined);
      }}
    />
  );
}
