import type { SavedView, ViewInput, ViewType } from '../api/views';

/** What a view remembers besides its name: filter, sort, columns, grouping, board and calendar settings. */
export type ViewConfig = Pick<
  ViewInput,
  'filter' | 'sort' | 'fields' | 'widths' | 'groupBy' | 'kanban' | 'calendar'
>;

const CONFIG_KEYS = ['filter', 'sort', 'fields', 'widths', 'groupBy', 'kanban', 'calendar'] as const;

/** The default order of records (the API's). */
export const DEFAULT_SORT = '-createdAt';
const isEmptyFilter = (f: unknown) =>
  !!f &&
  typeof f === 'object' &&
  Array.isArray((f as { and?: unknown[] }).and) &&
  !(f as { and: unknown[] }).and.length &&
  Object.keys(f).length === 1;

/**
 * The config of a saved view (or an empty one for 全部), with what saving writes for "nothing"
 * (an empty `and`, the default sort, every field in form order) read back as nothing.
 */
export function configOf(view: SavedView | undefined, formKeys?: readonly string[]): ViewConfig {
  const out: ViewConfig = {};
  if (!view) return out;
  for (const k of CONFIG_KEYS) if (view[k] !== undefined) (out as Record<string, unknown>)[k] = view[k];
  if (isEmptyFilter(out.filter)) delete out.filter;
  if (out.sort === DEFAULT_SORT) delete out.sort;
  if (
    formKeys &&
    out.fields &&
    out.fields.length === formKeys.length &&
    out.fields.every((k, i) => k === formKeys[i])
  )
    delete out.fields;
  return out;
}

/**
 * The PATCH that makes a saved view match the screen. A PATCH merges, so a part that was cleared is
 * written as its neutral value (no conditions, the default sort, every field) instead of left out.
 */
export function patchBody(config: ViewConfig, formKeys: readonly string[]): Partial<ViewInput> {
  return {
    ...normalizeConfig(config),
    filter: config.filter ?? { and: [] },
    sort: config.sort || DEFAULT_SORT,
    fields: config.fields?.length ? config.fields : [...formKeys],
    groupBy: config.groupBy ?? [],
    widths: config.widths ?? {},
  };
}

/** Drops empty parts so that "no sort" and `sort: ''` compare equal. */
export function normalizeConfig(c: ViewConfig): ViewConfig {
  const out: Record<string, unknown> = {};
  for (const k of CONFIG_KEYS) {
    const v = c[k];
    if (
      v === undefined ||
      v === null ||
      v === '' ||
      (Array.isArray(v) && !v.length) ||
      (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length)
    )
      continue;
    out[k] = v;
  }
  return out as ViewConfig;
}

/** Whether the view on screen differs from what is saved. */
export function isDirty(current: ViewConfig, saved: ViewConfig): boolean {
  return (
    JSON.stringify(sortKeys(normalizeConfig(current))) !== JSON.stringify(sortKeys(normalizeConfig(saved)))
  );
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  return v;
}

/** The body that saves a view of `type` as `name`. */
export function viewBody(name: string, type: ViewType, config: ViewConfig, shared: boolean): ViewInput {
  return { name, type, shared, ...normalizeConfig(config) };
}

/** The saved views of one type, in order. */
export const viewsOfType = (views: readonly SavedView[] | undefined, type: ViewType) =>
  (views ?? []).filter((v) => v.type === type);
