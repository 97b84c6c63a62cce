import type { FieldDef } from '../../api/types';

/** The workflow pieces the board needs (structurally a server `Workflow`). */
export interface BoardWorkflow {
  states: Array<{ key: string; label: string; color?: string; category?: string }>;
  sla?: Array<{ state: string; hours: number; from?: string; businessHours?: unknown; when?: unknown }>;
}

/** The key of the "no value" column of a select board. */
export const EMPTY_COLUMN = '__empty__';

export interface KanbanColumn {
  key: string;
  label: string;
  color?: string;
}

/** The field a board groups by: `state` (the workflow) or a select field. */
export function groupFieldsOf(
  fields: readonly FieldDef[],
  hasWorkflow: boolean,
): Array<{ key: string; label?: string }> {
  return [
    ...(hasWorkflow ? [{ key: 'state' }] : []),
    ...fields.filter((f) => f.type === 'select').map((f) => ({ key: f.key, label: f.label })),
  ];
}

/** The default group field: the workflow's states when there is one, else the first select field. */
export function defaultGroupField(fields: readonly FieldDef[], hasWorkflow: boolean): string | undefined {
  return groupFieldsOf(fields, hasWorkflow)[0]?.key;
}

/** The columns: workflow states (in order, with colors), or a select field's options plus 未分类. */
export function kanbanColumns(
  groupField: string,
  fields: readonly FieldDef[],
  workflow: BoardWorkflow | null | undefined,
  emptyLabel: string,
): KanbanColumn[] {
  if (groupField === 'state')
    return (workflow?.states ?? []).map((s) => ({ key: s.key, label: s.label, color: s.color }));
  const f = fields.find((x) => x.key === groupField);
  return [
    { key: EMPTY_COLUMN, label: emptyLabel },
    ...(f?.options ?? []).map((o) => ({ key: o.value, label: o.label, color: o.color })),
  ];
}

/** The records filter of one column. */
export function columnFilter(groupField: string, column: string) {
  return column === EMPTY_COLUMN
    ? { field: groupField, op: 'isEmpty' as const }
    : { field: groupField, op: 'eq' as const, value: column };
}

/** The column a record's value puts it in. */
export function columnOf(value: unknown): string {
  return value === null || value === undefined || value === '' ? EMPTY_COLUMN : String(value);
}

/** Card ids per column, in order. */
export type Board = Record<string, string[]>;

/** A card dropped somewhere: its column and position afterwards. */
export interface CardMove {
  card: string;
  from: string;
  to: string;
  index: number;
}

/** Where a card is. */
export function findCard(board: Board, card: string): { column: string; index: number } | undefined {
  for (const [column, ids] of Object.entries(board)) {
    const index = ids.indexOf(card);
    if (index >= 0) return { column, index };
  }
  return undefined;
}

/**
 * The move a drop means: over a card, take its place; over a column (its empty space), go last.
 * `undefined` when nothing changes or the target is unknown.
 */
export function dropMove(
  board: Board,
  card: string,
  over: { column: string; card?: string },
): CardMove | undefined {
  const at = findCard(board, card);
  const target = board[over.column];
  if (!at || !target) return undefined;
  let index = over.card ? target.indexOf(over.card) : target.length;
  if (index < 0) index = target.length;
  if (at.column === over.column && !over.card) index = target.length - 1;
  if (at.column === over.column && index === at.index) return undefined;
  return { card, from: at.column, to: over.column, index };
}

/** The board after a move (a new object; the card leaves its column and enters the target at `index`). */
export function applyMove(board: Board, move: CardMove): Board {
  const at = findCard(board, move.card);
  // A move made before the server's data changed under it (the card is elsewhere now) is stale.
  if (!at || !board[move.to] || at.column !== move.from) return board;
  const next: Board = { ...board, [at.column]: board[at.column].filter((id) => id !== move.card) };
  const target = [...next[move.to]];
  target.splice(Math.max(0, Math.min(move.index, target.length)), 0, move.card);
  next[move.to] = target;
  return next;
}

/**
 * What the board shows: the server's columns with the moves still pending (or kept, within a
 * column) laid over them. A refused move is simply dropped from the list: the card snaps back.
 */
export function boardWithMoves(server: Board, moves: readonly CardMove[]): Board {
  return moves.reduce(applyMove, server);
}

/** Removes one move (the server refused it, or the server's data now shows it). */
export function withoutMove(moves: readonly CardMove[], card: string): CardMove[] {
  return moves.filter((m) => m.card !== card);
}

/**
 * When a record in `state` must leave it, if the workflow's plain time limit says so (counted from
 * entering the state, all hours). `'ask'` when the limit depends on more than that (working hours,
 * a date field, a condition): the card then asks the server (`GET …/records/:id/workflow`).
 */
export function deadlineOf(
  workflow: BoardWorkflow | null | undefined,
  state: string | null | undefined,
  enteredAt: string | null | undefined,
): Date | 'ask' | undefined {
  if (!workflow || !state) return undefined;
  const limits = (workflow.sla ?? []).filter((s) => s.state === state);
  if (!limits.length) return undefined;
  if (limits.some((s) => s.businessHours || s.when !== undefined || (s.from && s.from !== 'enteredState')))
    return 'ask';
  if (!enteredAt) return undefined;
  const hours = Math.min(...limits.map((s) => s.hours));
  return new Date(new Date(enteredAt).getTime() + hours * 3_600_000);
}

/** Whether a deadline has passed. */
export const isOverdue = (deadline: Date | undefined, now: Date) =>
  !!deadline && deadline.getTime() < now.getTime();
