import type { OrgDepartment } from '../api/directory';

export interface DepartmentNode {
  department: OrgDepartment;
  children: DepartmentNode[];
}

/**
 * The flat list as a tree, siblings in the server's order; a department whose parent is missing
 * (or would make a cycle) becomes a root rather than vanishing.
 */
export function buildDepartmentTree(departments: readonly OrgDepartment[]): DepartmentNode[] {
  const nodes = new Map(departments.map((d) => [d.id, { department: d, children: [] as DepartmentNode[] }]));
  const roots: DepartmentNode[] = [];
  for (const d of departments) {
    const node = nodes.get(d.id)!;
    const parent = d.parentId ? nodes.get(d.parentId) : undefined;
    if (parent && !descendantIds(departments, d.id).has(d.parentId!)) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The ids of every department under `id` (not `id` itself). */
export function descendantIds(departments: readonly OrgDepartment[], id: string): Set<string> {
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of departments)
      if (d.parentId && (d.parentId === id || out.has(d.parentId)) && !out.has(d.id) && d.id !== id) {
        out.add(d.id);
        grew = true;
      }
  }
  return out;
}

/** Whether `id` may sit under `parentId` (null = top level): never under itself or its own descendants. */
export function canMoveUnder(
  departments: readonly OrgDepartment[],
  id: string,
  parentId: string | null,
): boolean {
  if (parentId === null) return true;
  return parentId !== id && !descendantIds(departments, id).has(parentId);
}

export type DropPosition = 'before' | 'after' | 'inside';

export interface DepartmentPatch {
  id: string;
  parentId?: string | null;
  sort: number;
}

/**
 * Moving a department by drag: before/after a sibling, or inside a department (as its last child).
 * Answers the PATCHes to send — the moved department's new parent and the renumbered `sort` of its
 * new siblings (only those that change) — or null when the move is not allowed.
 *
 * @example moveDepartment(list, 'dep_b', 'dep_a', 'inside') // [{id: 'dep_b', parentId: 'dep_a', sort: 0}]
 */
export function moveDepartment(
  departments: readonly OrgDepartment[],
  id: string,
  targetId: string,
  position: DropPosition,
): DepartmentPatch[] | null {
  const moving = departments.find((d) => d.id === id);
  const target = departments.find((d) => d.id === targetId);
  if (!moving || !target || id === targetId) return null;
  const parentId = position === 'inside' ? target.id : target.parentId;
  if (!canMoveUnder(departments, id, parentId)) return null;
  const siblings = departments.filter((d) => d.parentId === parentId && d.id !== id);
  let at = siblings.length;
  if (position !== 'inside')
    at = siblings.findIndex((d) => d.id === targetId) + (position === 'after' ? 1 : 0);
  const ordered = [...siblings.slice(0, at), moving, ...siblings.slice(at)];
  const patches: DepartmentPatch[] = [];
  ordered.forEach((d, sort) => {
    if (d.id === id) patches.push({ id, ...(moving.parentId !== parentId ? { parentId } : {}), sort });
    else if (d.sort !== sort) patches.push({ id: d.id, sort });
  });
  return patches;
}

/** "总部 / 销售部 / 华东区" for a department. */
export function departmentPath(departments: readonly OrgDepartment[], id: string): string {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const names: string[] = [];
  for (let d = byId.get(id); d && names.length < 50; d = d.parentId ? byId.get(d.parentId) : undefined)
    names.unshift(d.name);
  return names.join(' / ');
}
