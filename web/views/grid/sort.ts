/**
 * The records `sort` parameter: comma-separated keys, `-` for descending (`-amount,name`).
 * A header click cycles one column: ascending → descending → unsorted.
 *
 * @example nextSort(undefined, 'amount') // 'amount'
 * @example nextSort('amount', 'amount') // '-amount'
 * @example nextSort('-amount', 'amount') // undefined
 */
export function nextSort(sort: string | undefined, key: string): string | undefined {
  const dir = sortDirection(sort, key);
  if (!dir) return key;
  if (dir === 'asc') return `-${key}`;
  return undefined;
}

/** How `sort` orders by `key` (only its first key counts for the header arrows). */
export function sortDirection(sort: string | undefined, key: string): 'asc' | 'desc' | undefined {
  const first = sort?.split(',')[0];
  if (first === key) return 'asc';
  if (first === `-${key}`) return 'desc';
  return undefined;
}
