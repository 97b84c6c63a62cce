import { type CondNode, type GroupNode, isGroup } from './filter-model';

type Node = CondNode | GroupNode;

/** The tree with node `id` replaced by `fn(node)` (or removed when `fn` returns null). */
export function updateNode(tree: GroupNode, id: string, fn: (n: Node) => Node | null): GroupNode {
  const items: Node[] = [];
  for (const item of tree.items) {
    if (item.id === id) {
      const next = fn(item);
      if (next) items.push(next);
    } else items.push(isGroup(item) ? updateNode(item, id, fn) : item);
  }
  return { ...tree, items };
}

/** The tree with `node` appended to group `groupId` (the root when it is the root's id). */
export function appendTo(tree: GroupNode, groupId: string, node: Node): GroupNode {
  if (tree.id === groupId) return { ...tree, items: [...tree.items, node] };
  return { ...tree, items: tree.items.map((i) => (isGroup(i) ? appendTo(i, groupId, node) : i)) };
}
