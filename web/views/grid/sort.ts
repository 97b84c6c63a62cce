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

/** One sort rule. */
export interface SortRule {
  key: string;
  desc: boolean;
}

/** `-amount,name` → rules, in order (empty parts and repeats dropped). */
export function parseSortRules(sort: string | undefined): SortRule[] {
  const out: SortRule[] = [];
  for (const part of (sort ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const key = part.replace(/^[-+]/, '');
    if (key && !out.some((r) => r.key === key)) out.push({ key, desc: part.startsWith('-') });
  }
  return out;
}

/** Rules → the `sort` parameter (undefined when there are none; at most 5, as the API takes). */
export function formatSortRules(rules: readonly SortRule[]): string | undefined {
  const s = rules
    .slice(0, 5)
    .filter((r) => r.key)
    .map((r) => (r.desc ? `-${r.key}` : r.key))
    .join(',');
  return s || undefined;
}

/** The sort with `groupKey` first (grouped rows arrive group by group), keeping the rest. */
export function groupedSort(sort: string | undefined, groupKey: string | undefined): string | undefined {
  if (!groupKey) return sort;
  const rules = parseSortRules(sort);
  const own = rules.find((r) => r.key === groupKey);
  return formatSortRules([
    { key: groupKey, desc: own?.desc ?? false },
    ...rules.filter((r) => r.key !== groupKey),
  ]);
}

/**
 * The exact reverse of a list's order: every key's direction flipped (the server's tie-break on
 * the id follows the last key, so it flips too; empty values go from first to last). Without a
 * sort the list is newest first, so its reverse is oldest first.
 *
 * @example reversedSort('-amount,name') // 'amount,-name'
 */
export function reversedSort(sort: string | undefined): string {
  const parts = (sort ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return (parts.length ? parts : ['-createdAt'])
    .map((p) => (p.startsWith('-') ? p.slice(1) : `-${p.replace(/^\+/, '')}`))
    .join(',');
}
