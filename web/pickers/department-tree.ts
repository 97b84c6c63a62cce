import type { Department } from '../api/people';

/** What the tree needs of a department. */
type TreeDepartment = Pick<Department, 'id' | 'name' | 'parentId'>;

export interface DepartmentNode {
  value: string;
  title: string;
  children: DepartmentNode[];
}

/**
 * The department list as a tree by `parentId`, siblings in list order. A department whose parent
 * is missing (or that would close a cycle) becomes a root, so nobody disappears from the picker.
 */
export function departmentTree(list: readonly TreeDepartment[]): DepartmentNode[] {
  const nodes = new Map(
    list.map((d) => [d.id, { value: d.id, title: d.name, children: [] as DepartmentNode[] }]),
  );
  const roots: DepartmentNode[] = [];
  const reachesItself = (d: TreeDepartment) => {
    const seen = new Set<string>([d.id]);
    for (let p = d.parentId; p; p = list.find((x) => x.id === p)?.parentId ?? null) {
      if (seen.has(p)) return true;
      seen.add(p);
    }
    return false;
  };
  for (const d of list) {
    const node = nodes.get(d.id)!;
    const parent = d.parentId ? nodes.get(d.parentId) : undefined;
    if (parent && !reachesItself(d)) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
