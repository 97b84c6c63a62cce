/**
 * Finds a cycle among formula fields. `deps` maps each formula field's key to the keys its
 * formula reads; keys that are not in the map (plain fields) end a path. Returns the keys of
 * one cycle in dependency order (`['a', 'b']` for a → b → a, `['a']` for a formula reading
 * itself), or [] when there is none.
 */
export function findFormulaCycle(deps: Map<string, string[]>): string[] {
  const done = new Set<string>();
  for (const root of deps.keys()) {
    if (done.has(root)) continue;
    // Depth-first, but iterative: a long chain of formulas must not overflow the stack.
    const path: string[] = [root];
    const next: number[] = [0];
    const onPath = new Set([root]);
    while (path.length > 0) {
      const top = path.length - 1;
      const key = path[top];
      const children = deps.get(key) ?? [];
      if (next[top] >= children.length) {
        done.add(key);
        onPath.delete(key);
        path.pop();
        next.pop();
        continue;
      }
      const child = children[next[top]++];
      if (onPath.has(child)) return path.slice(path.indexOf(child));
      if (deps.has(child) && !done.has(child)) {
        path.push(child);
        next.push(0);
        onPath.add(child);
      }
    }
  }
  return [];
}
