import type { FieldDef, FormDefinition } from '../../api/types';

/**
 * Moves the item at `from` to index `to` (the index it has afterwards), returning a new array.
 * Out-of-range indexes leave the list as it is.
 *
 * @example moveItem(['a', 'b', 'c'], 0, 2) // ['b', 'c', 'a']
 */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** Moves column `active` to where column `over` is (what a drop of one sortable on another means). */
export function moveColumn(order: readonly string[], active: string, over: string): string[] {
  return moveItem(order, order.indexOf(active), order.indexOf(over));
}

/**
 * The form's fields in the order people see them: the layout's sections when it has any (fields
 * the layout leaves out follow in definition order), else the definition order.
 */
export function fieldsInFormOrder(def: Pick<FormDefinition, 'fields' | 'layout'>): FieldDef[] {
  const sections = def.layout?.sections ?? [];
  if (!sections.length) return [...def.fields];
  const byRef = new Map<string, FieldDef>();
  for (const f of def.fields) {
    byRef.set(f.key, f);
    if (f.id) byRef.set(f.id, f);
  }
  const out: FieldDef[] = [];
  const seen = new Set<string>();
  for (const s of sections)
    for (const ref of s.fields) {
      const f = byRef.get(ref);
      if (f && !seen.has(f.key)) {
        seen.add(f.key);
        out.push(f);
      }
    }
  for (const f of def.fields) if (!seen.has(f.key)) out.push(f);
  return out;
}

/** The grid's columns: every key in order, and which are hidden. */
export interface ColumnLayout {
  order: string[];
  hidden: string[];
}

/**
 * Columns from a view's `fields` (the visible ones, in order; all when absent): visible keys first
 * in the view's order, then the hidden ones in form order. Keys the form no longer has are dropped.
 */
export function columnLayout(
  formKeys: readonly string[],
  viewFields: readonly string[] | undefined,
): ColumnLayout {
  if (!viewFields?.length) return { order: [...formKeys], hidden: [] };
  const known = new Set(formKeys);
  const visible = viewFields.filter((k, i) => known.has(k) && viewFields.indexOf(k) === i);
  const hidden = formKeys.filter((k) => !visible.includes(k));
  return { order: [...visible, ...hidden], hidden };
}

/** What a view saves as `fields`: the visible keys in order (undefined when all show in form order). */
export function viewFieldsOf(layout: ColumnLayout, formKeys: readonly string[]): string[] | undefined {
  const visible = layout.order.filter((k) => !layout.hidden.includes(k));
  const natural = visible.length === formKeys.length && visible.every((k, i) => k === formKeys[i]);
  return natural ? undefined : visible;
}

/** Narrowest and widest a column may be resized to (the server accepts 40…2000). */
export const MIN_WIDTH = 60;
export const MAX_WIDTH = 800;

/** A column width after dragging its edge by `dx` pixels, kept within bounds. */
export function resizedWidth(start: number, dx: number): number {
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, start + dx)));
}
