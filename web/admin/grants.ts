import { filterOps } from '../../server/filter/filter.ops';
import type { Grant } from '../api/directory';

/** The actions a grant may give, in the order the role editor shows them (the server's list). */
export const GRANT_ACTIONS = [
  'read',
  'create',
  'update',
  'delete',
  'manage',
  'export',
] as const satisfies readonly Grant['actions'][number][];
export type GrantAction = (typeof GRANT_ACTIONS)[number];
export const SCOPE_KINDS = ['own', 'department', 'department-tree', 'all', 'filter'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
/** The filter language's ops a condition row offers: all but `between` (rows take one typed value). */
export type ConditionOp = Exclude<(typeof filterOps)[number], 'between'>;
export const CONDITION_OPS = filterOps.filter((op): op is ConditionOp => op !== 'between');
/** Ops that take no value. */
export const NO_VALUE_OPS: readonly ConditionOp[] = ['isEmpty', 'isNotEmpty'];
/** Ops whose value is a list (typed comma-separated). */
export const LIST_OPS: readonly ConditionOp[] = ['in', 'nin'];

/** One row of the simple condition editor; `value` is what the person typed. */
export interface ConditionRow {
  field: string;
  op: ConditionOp;
  value: string;
}

/** What the grants editor edits: a grant, with its data scope unfolded for the form controls. */
export interface GrantDraft {
  target: { kind: 'all' } | { kind: 'app'; appId: string } | { kind: 'form'; formId: string };
  actions: GrantAction[];
  scope: ScopeKind;
  /** The custom condition: the simple editor's rows, or JSON text when it does not fit them. */
  match: 'and' | 'or';
  conditions: ConditionRow[];
  filterMode: 'simple' | 'json';
  filterText: string;
  fields: Record<string, 'hidden' | 'readonly'>;
  sensitive: 'masked' | 'full';
}

type Filter = Extract<Grant['scope'], { filter: unknown }>['filter'];
type Condition = { field: string; op: string; value?: unknown };

const isCondition = (f: unknown): f is Condition =>
  typeof f === 'object' &&
  f !== null &&
  typeof (f as Condition).field === 'string' &&
  typeof (f as Condition).op === 'string';

/** A typed value as the filter wants it: numbers and true/false as such, lists split on commas. */
export function parseConditionValue(op: ConditionOp, text: string): unknown {
  if (NO_VALUE_OPS.includes(op)) return undefined;
  const one = (s: string): unknown => {
    const v = s.trim();
    if (v === 'true' || v === 'false') return v === 'true';
    if (v !== '' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    return v;
  };
  if (LIST_OPS.includes(op))
    return text.trim() === '$myDepartments'
      ? '$myDepartments'
      : text
          .split(/[,，]/)
          .map((s) => s.trim())
          .filter(Boolean)
          .map(one);
  return one(text);
}

/** The value back as text for the input. */
export function formatConditionValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The simple editor's rows as a filter: `{and|or: [{field, op, value}, …]}`. */
export function conditionsToFilter(match: 'and' | 'or', rows: readonly ConditionRow[]): Filter {
  const list = rows
    .filter((r) => r.field)
    .map((r) => {
      const value = parseConditionValue(r.op, r.value);
      return (
        value === undefined ? { field: r.field, op: r.op } : { field: r.field, op: r.op, value }
      ) as Filter;
    });
  return (match === 'and' ? { and: list } : { or: list }) as Filter;
}

/**
 * A filter as rows of the simple editor, or null when it is more than one flat and/or group
 * (then the editor shows it as JSON).
 */
export function filterToConditions(filter: unknown): { match: 'and' | 'or'; rows: ConditionRow[] } | null {
  if (isCondition(filter)) filter = { and: [filter] };
  if (typeof filter !== 'object' || filter === null) return null;
  const match = 'and' in filter ? 'and' : 'or' in filter ? 'or' : null;
  if (!match || Object.keys(filter).length !== 1) return null;
  const list = (filter as Record<string, unknown>)[match];
  if (!Array.isArray(list)) return null;
  const rows: ConditionRow[] = [];
  for (const c of list) {
    if (!isCondition(c) || !(CONDITION_OPS as readonly string[]).includes(c.op)) return null;
    if (typeof c.value === 'object' && c.value !== null && !Array.isArray(c.value)) return null;
    rows.push({ field: c.field, op: c.op as ConditionOp, value: formatConditionValue(c.value) });
  }
  return { match, rows };
}

const OPS_ALL = new Set<string>(filterOps);

/**
 * Checks JSON text is a filter in the filter language's shape (and/or/not groups of
 * `{field, op, value}`); answers the filter or the first problem, with its path.
 */
export function parseFilterText(text: string): { filter: Filter } | { error: string; path: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: 'json', path: (e as Error).message };
  }
  const check = (f: unknown, path: string): { error: string; path: string } | null => {
    if (typeof f !== 'object' || f === null || Array.isArray(f)) return { error: 'shape', path };
    const keys = Object.keys(f);
    if (keys.length === 1 && (keys[0] === 'and' || keys[0] === 'or')) {
      const list = (f as Record<string, unknown>)[keys[0]];
      if (!Array.isArray(list)) return { error: 'shape', path: `${path}/${keys[0]}` };
      for (let i = 0; i < list.length; i++) {
        const bad = check(list[i], `${path}/${keys[0]}/${i}`);
        if (bad) return bad;
      }
      return null;
    }
    if (keys.length === 1 && keys[0] === 'not') return check((f as { not: unknown }).not, `${path}/not`);
    if (!isCondition(f) || !keys.every((k) => k === 'field' || k === 'op' || k === 'value') || !f.field)
      return { error: 'shape', path };
    if (!OPS_ALL.has(f.op)) return { error: 'op', path: `${path}/op` };
    return null;
  };
  const bad = check(data, '');
  return bad ?? { filter: data as Filter };
}

export const emptyDraft = (): GrantDraft => ({
  target: { kind: 'all' },
  actions: ['read'],
  scope: 'all',
  match: 'and',
  conditions: [],
  filterMode: 'simple',
  filterText: '',
  fields: {},
  sensitive: 'masked',
});

/** A stored grant as the editor's draft. */
export function grantToDraft(g: Grant): GrantDraft {
  const d = emptyDraft();
  d.target = g.formId
    ? { kind: 'form', formId: g.formId }
    : g.appId
      ? { kind: 'app', appId: g.appId }
      : { kind: 'all' };
  d.actions = GRANT_ACTIONS.filter((a) => g.actions.includes(a));
  d.fields = { ...(g.fields ?? {}) };
  d.sensitive = g.sensitive ?? 'masked';
  const scope = g.scope ?? 'all';
  if (typeof scope === 'string') d.scope = scope;
  else {
    d.scope = 'filter';
    const simple = filterToConditions(scope.filter);
    if (simple) {
      d.match = simple.match;
      d.conditions = simple.rows;
    } else d.filterMode = 'json';
    d.filterText = JSON.stringify(scope.filter, null, 2);
  }
  return d;
}

/** The draft as the grant to store; a JSON condition that does not parse is an error to show. */
export function draftToGrant(d: GrantDraft): { grant: Grant } | { error: string; path: string } {
  let scope: Grant['scope'];
  if (d.scope !== 'filter') scope = d.scope;
  else if (d.filterMode === 'simple') scope = { filter: conditionsToFilter(d.match, d.conditions) };
  else {
    const parsed = parseFilterText(d.filterText);
    if ('error' in parsed) return parsed;
    scope = { filter: parsed.filter };
  }
  const fields = Object.fromEntries(
    Object.entries(d.fields).filter(([, v]) => v === 'hidden' || v === 'readonly'),
  );
  const grant: Grant = {
    ...(d.target.kind === 'app'
      ? { appId: d.target.appId }
      : d.target.kind === 'form'
        ? { formId: d.target.formId }
        : {}),
    actions: GRANT_ACTIONS.filter((a) => d.actions.includes(a)),
    scope,
    ...(Object.keys(fields).length ? { fields } : {}),
    ...(d.sensitive === 'full' ? { sensitive: 'full' as const } : {}),
  };
  return { grant };
}

/** Switching the custom condition between the row editor and JSON text keeps what it says when it can. */
export function switchFilterMode(d: GrantDraft, mode: 'simple' | 'json'): GrantDraft | null {
  if (mode === d.filterMode) return d;
  if (mode === 'json')
    return {
      ...d,
      filterMode: 'json',
      filterText: JSON.stringify(conditionsToFilter(d.match, d.conditions), null, 2),
    };
  if (!d.filterText.trim()) return { ...d, filterMode: 'simple', conditions: [] };
  const parsed = parseFilterText(d.filterText);
  const simple = 'filter' in parsed ? filterToConditions(parsed.filter) : null;
  return simple ? { ...d, filterMode: 'simple', match: simple.match, conditions: simple.rows } : null;
}
