import type { FieldTypeName } from '../api/types';

/** dnd-kit ids: palette items are `palette:<type>`, the canvas itself is `canvas`, fields are their uid. */
export const PALETTE_PREFIX = 'palette:';
export const CANVAS_ID = 'canvas';

export const paletteId = (type: FieldTypeName) => `${PALETTE_PREFIX}${type}`;

export type DropAction =
  { kind: 'insert'; type: FieldTypeName; index: number } | { kind: 'move'; from: number; to: number } | null;

/**
 * What a drop means: a palette item dropped on a field goes in before it, on the canvas at the
 * end; a field dropped on another takes its place. Anything else does nothing.
 *
 * @example dropAction([{ uid: 'a' }], 'palette:text', 'a') // { kind: 'insert', type: 'text', index: 0 }
 */
export function dropAction(
  fields: ReadonlyArray<{ uid: string }>,
  activeId: string,
  overId: string | null | undefined,
): DropAction {
  if (!overId) return null;
  const overIndex = overId === CANVAS_ID ? -1 : fields.findIndex((f) => f.uid === overId);
  if (overId !== CANVAS_ID && overIndex < 0) return null;
  if (activeId.startsWith(PALETTE_PREFIX)) {
    const type = activeId.slice(PALETTE_PREFIX.length) as FieldTypeName;
    return { kind: 'insert', type, index: overIndex < 0 ? fields.length : overIndex };
  }
  const from = fields.findIndex((f) => f.uid === activeId);
  if (from < 0) return null;
  const to = overIndex < 0 ? fields.length - 1 : overIndex;
  return from === to ? null : { kind: 'move', from, to };
}
