import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDepartmentList } from '../api/people';
import { departmentTree } from './department-tree';

interface Props {
  id?: string;
  value?: string | string[] | null;
  onChange: (value: string | string[] | undefined) => void;
  multiple?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
  open?: boolean;
  onBlur?: () => void;
}

/** The department tree to pick from (searchable; several when `multiple`). */
export function DepartmentPicker({
  id,
  value,
  onChange,
  multiple,
  disabled,
  autoFocus,
  open,
  onBlur,
}: Props) {
  const { t } = useTranslation();
  const list = useDepartmentList();
  const values = Array.isArray(value) ? value : value ? [value] : [];
  return (
    <TreeSelect
      id={id}
      treeData={departmentTree(list.data ?? [])}
      value={multiple ? values : (values[0] ?? undefined)}
      multiple={multiple}
      allowClear
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      loading={list.isLoading}
      disabled={disabled}
      autoFocus={autoFocus}
      defaultOpen={open}
      onBlur={onBlur}
      placeholder={t('pickers.department')}
      notFoundContent={t('pickers.noDepartments')}
      style={{ width: '100%' }}
      onChange={(v: string | string[] | undefined) =>
        onChange(Array.isArray(v) ? (v.length ? v : undefined) : (v ?? undefined))
      }
    />
  );
}
