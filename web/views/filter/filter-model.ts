import { type BuilderOp, FILTER_KINDS, type FilterKind, filterKindOf } from '../../../server/fields/facts';
import { exactOps } from '../../../server/filter/filter.ops';
import type { Op } from '../../../server/filter/filter.schema';
import type { FieldDef } from '../../api/types';

export type { BuilderOp, FilterKind, Op };

export interface JsonCondition {
  field: string;
  op: Op;
  value?: unknown;
}
export type JsonFilter = { and: JsonFilter[] } | { or: JsonFilter[] } | { not: JsonFilter } | JsonCondition;

/** One row of the builder. `value` is absent until the person picks one. */
export interface CondNode {
  id: string;
  field: string;
  op: BuilderOp;
  value?: unknown;
}
/** A group of rows joined by 且 (and) or 或 (or); groups nest one level in the UI, any depth here. */
export interface GroupNode {
  id: string;
  conj: 'and' | 'or';
  items: Array<CondNode | GroupNode>;
}

export const isGroup = (n: CondNode | GroupNode): n is GroupNode => 'items' in n;

/** The kind a field filters as (text for a type the facts know no filter kind of). */
export function filterKind(field: Pick<FieldDef, 'type' | 'multiple' | 'resultType'>): FilterKind {
  return filterKindOf(field) ?? 'text';
}

/** What a field shown masked allows: whole-value matches only (the server refuses the rest). */
const EXACT_OPS = new Set<BuilderOp>(exactOps);

/** The operators offered for a field: its kind's, only whole-value matches when it is shown masked. */
export function opsFor(choice: { kind: FilterKind; exactOnly?: boolean }): readonly BuilderOp[] {
  const ops = FILTER_KINDS[choice.kind].ops;
  return choice.exactOnly ? ops.filter((op) => EXACT_OPS.has(op)) : ops;
}

/** Whether an operator takes no value, one, a list or a pair. */
export function valueShape(op: BuilderOp): 'none' | 'one' | 'list' | 'pair' | 'preset' {
  if (op === 'isEmpty' || op === 'isNotEmpty') return 'none';
  if (op === 'in' || op === 'nin') return 'list';
  if (op === 'between') return 'pair';
  if (op === 'preset') return 'preset';
  return 'one';
}

// ---- relative dates ----

export const DATE_PRESETS = ['today', 'yesterday', 'thisWeek', 'last7', 'last30', 'next7'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

type Rel = 'today' | 'now' | { relative: string };
const days = (n: number): Rel => (n === 0 ? 'today' : { relative: `${n > 0 ? '+' : ''}${n}d` });
const relDays = (v: unknown): number | undefined => {
  if (v === 'today') return 0;
  if (typeof v === 'object' && v !== null && typeof (v as { relative?: unknown }).relative === 'string') {
    const m = /^([+-]?)(\d{1,4})d$/.exec((v as { relative: string }).relative);
    if (m) return (m[1] === '-' ? -1 : 1) * Number(m[2]);
  }
  return undefined;
};

/** Monday = 0 … Sunday = 6 (Chinese weeks start on Monday). */
export const weekdayIndex = (today: Date) => (today.getDay() + 6) % 7;

/**
 * A preset as a `between` pair of relative dates. Date fields compare whole days (both ends
 * inclusive); date-time fields run from the start of the first day to the start of the day after
 * the last (or to "now" for ranges ending today). 本周 is Monday…Sunday of the week of `today`,
 * written as day offsets from it, so it is refreshed with `refreshRelativeDates` when applied later.
 */
export function presetRange(preset: DatePreset, kind: 'date' | 'datetime', today: Date): [Rel, Rel] {
  const dt = kind === 'datetime';
  switch (preset) {
    case 'today':
      return ['today', dt ? days(1) : 'today'];
    case 'yesterday':
      return [days(-1), dt ? 'today' : days(-1)];
    case 'thisWeek': {
      const w = weekdayIndex(today);
      return [days(-w), days(6 - w + (dt ? 1 : 0))];
    }
    case 'last7':
      return [days(-7), dt ? 'now' : 'today'];
    case 'last30':
      return [days(-30), dt ? 'now' : 'today'];
    case 'next7':
      return ['today', days(dt ? 8 : 7)];
  }
}

/** Which preset a `between` pair is, if any (本周 is recognized for any week, so older saved views still read as 本周). */
export function presetOf(value: unknown, kind: 'date' | 'datetime', today: Date): DatePreset | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const p of DATE_PRESETS) if (p !== 'thisWeek' && same(presetRange(p, kind, today), value)) return p;
  const a = relDays(value[0]);
  const b = relDays(value[1]);
  if (a !== undefined && b !== undefined && a <= 0 && a >= -6 && b - a === (kind === 'datetime' ? 7 : 6))
    return 'thisWeek';
  return undefined;
}

// ---- builder ↔ JSON ----

let seq = 0;
/** A fresh node id (unique within the page). */
export const nodeId = () => `n${++seq}`;

export const emptyGroup = (conj: 'and' | 'or' = 'and'): GroupNode => ({ id: nodeId(), conj, items: [] });

function hasValue(shape: ReturnType<typeof valueShape>, v: unknown): boolean {
  if (shape === 'none') return true;
  if (shape === 'list') return Array.isArray(v) && v.length > 0;
  if (shape === 'pair')
    return Array.isArray(v) && v.length === 2 && v.every((x) => x !== undefined && x !== null && x !== '');
  return v !== undefined && v !== null && v !== '';
}

/**
 * The builder's tree as the JSON filter language. Rows without a field, or without the value their
 * operator needs, are left out (the person is still typing); empty groups vanish; `undefined`
 * when nothing is left.
 *
 * @example toJsonFilter(group('and', [cond('tier', 'eq', 'high')]), kinds)
 *   // {"and": [{"field": "tier", "op": "eq", "value": "high"}]}
 */
export function toJsonFilter(
  node: GroupNode,
  kindOf: (field: string) => FilterKind | undefined,
  today = new Date(),
): JsonFilter | undefined {
  const parts: JsonFilter[] = [];
  for (const item of node.items) {
    if (isGroup(item)) {
      const sub = toJsonFilter(item, kindOf, today);
      if (sub) parts.push(sub);
      continue;
    }
    const kind = kindOf(item.field);
    if (!item.field || !kind) continue;
    const shape = valueShape(item.op);
    if (item.op === 'preset') {
      if (!DATE_PRESETS.includes(item.value as DatePreset) || (kind !== 'date' && kind !== 'datetime'))
        continue;
      parts.push({
        field: item.field,
        op: 'between',
        value: presetRange(item.value as DatePreset, kind, today),
      });
      continue;
    }
    if (!hasValue(shape, item.value)) continue;
    parts.push(
      shape === 'none'
        ? { field: item.field, op: item.op }
        : { field: item.field, op: item.op, value: item.value },
    );
  }
  if (!parts.length) return undefined;
  return node.conj === 'or' ? { or: parts } : { and: parts };
}

/**
 * JSON back into the builder's tree; `undefined` when the filter uses what the builder cannot show
 * (a `not`, an unknown shape), so the UI can keep it as it is instead of mangling it.
 */
export function fromJsonFilter(
  filter: unknown,
  kindOf: (field: string) => FilterKind | undefined,
  today = new Date(),
): GroupNode | undefined {
  if (filter === undefined || filter === null) return emptyGroup();
  const node = parseNode(filter, kindOf, today);
  if (!node) return undefined;
  return isGroup(node) ? node : { id: nodeId(), conj: 'and', items: [node] };
}

function parseNode(
  f: unknown,
  kindOf: (field: string) => FilterKind | undefined,
  today: Date,
): CondNode | GroupNode | undefined {
  if (typeof f !== 'object' || f === null || Array.isArray(f)) return undefined;
  const o = f as Record<string, unknown>;
  for (const conj of ['and', 'or'] as const) {
    if (Array.isArray(o[conj]) && Object.keys(o).length === 1) {
      const items: Array<CondNode | GroupNode> = [];
      for (const x of o[conj] as unknown[]) {
        const n = parseNode(x, kindOf, today);
        if (!n) return undefined;
        items.push(n);
      }
      return { id: nodeId(), conj, items };
    }
  }
  if (typeof o.field !== 'string' || typeof o.op !== 'string') return undefined;
  const kind = kindOf(o.field);
  if ((kind === 'date' || kind === 'datetime') && o.op === 'between') {
    const preset = presetOf(o.value, kind, today);
    if (preset) return { id: nodeId(), field: o.field, op: 'preset', value: preset };
  }
  return {
    id: nodeId(),
    field: o.field,
    op: o.op as Op,
    ...(o.value !== undefined ? { value: o.value } : {}),
  };
}

/** How many conditions a filter has (the toolbar's "筛选 · 2"). */
export function countConditions(filter: unknown): number {
  if (typeof filter !== 'object' || filter === null) return 0;
  const o = filter as Record<string, unknown>;
  if (Array.isArray(o.and)) return o.and.reduce((n: number, x) => n + countConditions(x), 0);
  if (Array.isArray(o.or)) return o.or.reduce((n: number, x) => n + countConditions(x), 0);
  if (o.not) return countConditions(o.not);
  return typeof o.field === 'string' ? 1 : 0;
}

/**
 * A saved filter made current: 本周 ranges, saved as day offsets on the day they were chosen,
 * become this week again. Everything else is left exactly as it was.
 */
export function refreshRelativeDates(
  filter: unknown,
  kindOf: (field: string) => FilterKind | undefined,
  today = new Date(),
): unknown {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) return filter;
  const o = filter as Record<string, unknown>;
  if (Array.isArray(o.and)) return { and: o.and.map((x) => refreshRelativeDates(x, kindOf, today)) };
  if (Array.isArray(o.or)) return { or: o.or.map((x) => refreshRelativeDates(x, kindOf, today)) };
  if (o.not) return { not: refreshRelativeDates(o.not, kindOf, today) };
  const kind = typeof o.field === 'string' ? kindOf(o.field) : undefined;
  if (
    o.op === 'between' &&
    (kind === 'date' || kind === 'datetime') &&
    presetOf(o.value, kind, today) === 'thisWeek'
  )
    return { ...o, value: presetRange('thisWeek', kind, today) };
  return filter;
}

/** Both filters together (a view's and the search box's); either may be absent. */
export function andFilters(...filters: unknown[]): unknown {
  const present = filters.filter((f) => f !== undefined && f !== null);
  if (present.length <= 1) return present[0];
  return { and: present };
}
