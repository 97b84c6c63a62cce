import type { Action } from '../api/automations';

/**
 * Where a list of actions sits in an automation: `[]` is the top level, `[2, 'then']` the
 * `then` list of the branch at position 2, `[2, 'else', 0, 'then']` deeper still.
 */
export type ListPath = Array<number | 'then' | 'else'>;

/** Moves one item of a list from `from` to `to` (both indexes in the list before the move). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || from >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

type Branch = Extract<Action, { type: 'branch' }>;

/** Applies `change` to the list at `path`, returning new arrays and branches along the way. */
export function updateList(
  actions: readonly Action[],
  path: ListPath,
  change: (list: Action[]) => Action[],
): Action[] {
  if (path.length === 0) return change([...actions]);
  const [index, side, ...rest] = path as [number, 'then' | 'else', ...ListPath];
  const branch = actions[index];
  if (!branch || branch.type !== 'branch') return [...actions];
  const inner = updateList(branch[side] ?? [], rest, change);
  const next = [...actions];
  next[index] = { ...branch, [side]: inner } as Branch;
  return next;
}

/** The list at `path` (empty when the path no longer leads anywhere). */
export function listAt(actions: readonly Action[], path: ListPath): readonly Action[] {
  if (path.length === 0) return actions;
  const [index, side, ...rest] = path as [number, 'then' | 'else', ...ListPath];
  const branch = actions[index];
  return branch?.type === 'branch' ? listAt(branch[side] ?? [], rest) : [];
}

/** Reorders the list at `path` by dragging `from` onto `to`. */
export const moveAction = (actions: readonly Action[], path: ListPath, from: number, to: number): Action[] =>
  updateList(actions, path, (l) => moveItem(l, from, to));

/** Appends an action to the list at `path`. */
export const addAction = (actions: readonly Action[], path: ListPath, action: Action): Action[] =>
  updateList(actions, path, (l) => [...l, action]);

/** Removes the action at `index` of the list at `path`. */
export const removeAction = (actions: readonly Action[], path: ListPath, index: number): Action[] =>
  updateList(actions, path, (l) => l.filter((_, i) => i !== index));

/** Replaces the action at `index` of the list at `path`. */
export const replaceAction = (
  actions: readonly Action[],
  path: ListPath,
  index: number,
  action: Action,
): Action[] => updateList(actions, path, (l) => l.map((a, i) => (i === index ? action : a)));

/** A stable id for a sortable row: its list path and position (`0`, `2.then.1`). */
export const actionId = (path: ListPath, index: number) => [...path, index].join('.');
