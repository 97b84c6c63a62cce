import type { Action, BranchAction } from './automations.schema.js';

type Path = Array<string | number>;

/**
 * An automation's actions flattened into a list a run can resume in by index (`cursor`):
 * a branch becomes a test that jumps to its else-part, and its then-part ends with a jump past it.
 */
export type Op =
  | { kind: 'action'; action: Exclude<Action, BranchAction>; path: Path }
  | { kind: 'branch'; action: BranchAction; path: Path; elseAt: number }
  | { kind: 'jump'; to: number };

export function compileProgram(actions: Action[], prefix: Path = [], ops: Op[] = []): Op[] {
  actions.forEach((action, i) => {
    const path = [...prefix, i];
    if (action.type !== 'branch') {
      ops.push({ kind: 'action', action, path });
      return;
    }
    const test: Op = { kind: 'branch', action, path, elseAt: -1 };
    ops.push(test);
    compileProgram(action.then, [...path, 'then'], ops);
    const jump: Op = { kind: 'jump', to: -1 };
    ops.push(jump);
    test.elseAt = ops.length;
    compileProgram(action.else ?? [], [...path, 'else'], ops);
    jump.to = ops.length;
  });
  return ops;
}

export const pathText = (path: Path) => path.join('.');

/** Stores an action's result where `{{steps.<path>…}}` finds it; a branch holds `then`/`else` lists. */
export function setOutput(outputs: unknown[], path: Path, value: unknown): void {
  let cur: Record<string | number, unknown> = outputs as unknown as Record<number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    const nextIsIndex = typeof path[i + 1] === 'number';
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = nextIsIndex ? [] : {};
    cur = cur[k] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  const prev = cur[last];
  cur[last] =
    prev && typeof prev === 'object' && value && typeof value === 'object' && !Array.isArray(value)
      ? { ...(prev as object), ...(value as object) }
      : value;
}
