import { describe, expect, it } from 'vitest';
import { departmentTree } from './department-tree';

describe('the department tree', () => {
  it('nests departments under their parents in list order', () => {
    const tree = departmentTree([
      { id: 'hq', name: '总部', parentId: null },
      { id: 'sales', name: '销售部', parentId: 'hq' },
      { id: 'east', name: '华东区', parentId: 'sales' },
      { id: 'rd', name: '研发部', parentId: 'hq' },
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0].children.map((c) => c.title)).toEqual(['销售部', '研发部']);
    expect(tree[0].children[0].children[0].value).toBe('east');
  });

  it('keeps orphans and cycles as roots instead of losing them', () => {
    const tree = departmentTree([
      { id: 'a', name: 'A', parentId: 'gone' },
      { id: 'b', name: 'B', parentId: 'c' },
      { id: 'c', name: 'C', parentId: 'b' },
    ]);
    expect(tree.map((n) => n.value).sort()).toEqual(['a', 'b', 'c']);
  });
});
