import type { RecordsParams } from '../api/record-pages';

/**
 * The params of the grid's first page when the URL shows the plain grid (no saved view, drill-down
 * filter or other view type), or undefined: then they are known from the URL alone, before the
 * form's definition and views have arrived, and the page can be asked for alongside them.
 *
 * @example plainGridParams(new URLSearchParams('q=上海')) // { q: '上海' }
 */
export function plainGridParams(search: URLSearchParams): RecordsParams | undefined {
  if ((search.get('type') ?? 'grid') !== 'grid' || search.get('view') || search.get('filter'))
    return undefined;
  return { q: search.get('q') ?? undefined };
}
