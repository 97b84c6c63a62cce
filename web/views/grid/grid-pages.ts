import { type RecordsParams, useRecordPages } from '../../api/record-pages';

/** Rows per request of the grid, for its first page and every page after it. */
export const GRID_PAGE_SIZE = 100;

/**
 * The grid's pages by cursor, without the total (the grid asks for it once its first rows are
 * here, see `useRecordCount`). The data page asks for the first page early through this same hook,
 * so the grid finds it cached.
 */
export function useGridPages(formId: string, params: RecordsParams, enabled = true) {
  return useRecordPages(formId, params, GRID_PAGE_SIZE, enabled, { count: false });
}
