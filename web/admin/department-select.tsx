import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useDepartments } from '../api/directory';
import { type DepartmentNode, buildDepartmentTree } from './department-tree';

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children: TreeOption[];
}

const toOptions = (nodes: DepartmentNode[], disabled?: Set<string>): TreeOption[] =>
  nodes.map((n) => ({
    value: n.department.id,
    title: n.department.name,
    disabled: disabled?.has(n.department.id),
    children: toOptions(n.children, disabled),
  }));

interface Props {
  value?: string | string[] | null;
  onChange?: (value: string | string[] | null) => void;
  multiple?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  /** Departments that may not be picked (a department's own subtree when choosing its parent). */
  disabledIds?: Set<string>;
  id?: string;
  style?: React.CSSProperties;
}

/** Picks one or several departments from the tree (antd Form friendly). */
export function DepartmentSelect({
  value,
  onChange,
  multiple,
  placeholder,
  allowClear = true,
  disabledIds,
  id,
  style,
}: Props) {
  const departments = useDepartments();
  const treeData = useMemo(
    () => toOptions(buildDepartmentTree(departments.data ?? []), disabledIds),
    [departments.data, disabledIds],
  );
  return (
    <TreeSelect
      id={id}
      style={{ width: '100%', ...style }}
      value={value ?? (multiple ? [] : undefined)}
      onChange={(v) => onChange?.((v as string | string[] | undefined) ?? null)}
      treeData={treeData}
      multiple={multiple}
      treeDefaultExpandAll
      allowClear={allowClear}
      placeholder={placeholder}
      loading={departments.isLoading}
      showSearch={{ treeNodeFilterProp: 'title' }}
      popupMatchSelectWidth={false}
    />
  );
}
