import { describe, expect, it } from 'vitest';
import type { OrgDepartment } from '../api/directory';
import { buildDepartmentTree, canMoveUnder, departmentPath, moveDepartment } from './department-tree';

const dep = (id: string, parentId: string | null, sort = 0): OrgDepartment => ({
  id,
  name: id,
  parentId,
  headUserId: null,
  sort,
  roleIds: [],
});
// hq ─┬─ sales ── east
//     └─ support
const list = [dep('hq', null), dep('sales', 'hq', 0), dep('support', 'hq', 1), dep('east', 'sales', 0)];

describe('the department tree', () => {
  it('nests departments under their parents in order', () => {
    const tree = buildDepartmentTree(list);
    expect(tree.map((n) => n.department.id)).toEqual(['hq']);
    expect(tree[0].children.map((n) => n.department.id)).toEqual(['sales', 'support']);
    expect(tree[0].children[0].children.map((n) => n.department.id)).toEqual(['east']);
  });

  it('shows a department with a missing parent at the top instead of losing it', () => {
    expect(buildDepartmentTree([dep('orphan', 'gone')]).map((n) => n.department.id)).toEqual(['orphan']);
  });

  it('refuses to put a department under itself or its own descendants', () => {
    expect(canMoveUnder(list, 'sales', 'sales')).toBe(false);
    expect(canMoveUnder(list, 'hq', 'east')).toBe(false);
    expect(canMoveUnder(list, 'east', 'support')).toBe(true);
    expect(canMoveUnder(list, 'east', null)).toBe(true);
    expect(moveDepartment(list, 'hq', 'east', 'inside')).toBeNull();
  });

  it('moves a department inside another as its last child', () => {
    expect(moveDepartment(list, 'east', 'support', 'inside')).toEqual([
      { id: 'east', parentId: 'support', sort: 0 },
    ]);
  });

  it('moves a department before a sibling, renumbering only the siblings that change', () => {
    expect(moveDepartment(list, 'support', 'sales', 'before')).toEqual([
      { id: 'support', sort: 0 },
      { id: 'sales', sort: 1 },
    ]);
  });

  it('moves a department after a department of another parent, taking that parent', () => {
    expect(moveDepartment(list, 'east', 'support', 'after')).toEqual([
      { id: 'east', parentId: 'hq', sort: 2 },
    ]);
  });

  it('names a department by its path', () => {
    expect(departmentPath(list, 'east')).toBe('hq / sales / east');
  });
});
