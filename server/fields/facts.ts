/**
 * What both tiers know about each field type, as plain data: the server's type modules take their
 * group, `computed` and `supports` from here (see `defineFieldType`), and the web derives its palette,
 * filter builder, grid and builder panel from it. This module is bundled into the web app, so it
 * imports nothing but types and `filter.ops.ts` (itself plain data): no zod, no node modules, no SQL.
 */
import { opsByKind } from '../filter/filter.ops.js';
import type { Op } from '../filter/filter.schema.js';
import type { ValueKind } from './field-type.js';

/** Palette groups, in order: 基础 / 选择 / 日期 / 人员与部门 / 关联与计算 / 文件. */
export const FIELD_GROUPS = ['basic', 'choice', 'date', 'people', 'computed', 'file'] as const;
export type FieldGroupKey = (typeof FIELD_GROUPS)[number];

/**
 * How a field compares in the filter builder: the server's value kinds, with `option` (select),
 * `options` (multiselect), `ref`/`refs` (member, department) and `state` (the workflow state) told
 * apart because their values are picked differently.
 */
export type FilterKind =
  | 'text'
  | 'number'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'option'
  | 'options'
  | 'ref'
  | 'refs'
  | 'relation'
  | 'state';

/** What the builder offers beyond the language: `preset`, a named relative date range. */
export type BuilderOp = Op | 'preset';

/** The ops of a value kind the builder offers, in menu order; an op the server refuses is never kept. */
const offer = (kind: ValueKind, ops: readonly BuilderOp[]): readonly BuilderOp[] =>
  ops.filter((op) =>
    op === 'preset' ? kind === 'date' || kind === 'datetime' : opsByKind[kind].includes(op),
  );

/** Each filter kind: the server value kind it compares as, and the operators offered for it. */
export const FILTER_KINDS: Record<FilterKind, { value: ValueKind; ops: readonly BuilderOp[] }> = {
  text: {
    value: 'text',
    ops: offer('text', ['contains', 'notContains', 'eq', 'ne', 'startsWith', 'isEmpty', 'isNotEmpty']),
  },
  number: {
    value: 'number',
    ops: offer('number', ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty']),
  },
  date: {
    value: 'date',
    ops: offer('date', ['preset', 'eq', 'lt', 'gt', 'between', 'isEmpty', 'isNotEmpty']),
  },
  datetime: {
    value: 'datetime',
    ops: offer('datetime', ['preset', 'gte', 'lt', 'between', 'isEmpty', 'isNotEmpty']),
  },
  boolean: { value: 'boolean', ops: offer('boolean', ['eq']) },
  option: { value: 'text', ops: offer('text', ['eq', 'ne', 'in', 'nin', 'isEmpty', 'isNotEmpty']) },
  options: {
    value: 'array',
    ops: offer('array', ['contains', 'notContains', 'in', 'nin', 'isEmpty', 'isNotEmpty']),
  },
  ref: { value: 'text', ops: offer('text', ['eq', 'ne', 'in', 'isEmpty', 'isNotEmpty']) },
  refs: { value: 'array', ops: offer('array', ['contains', 'notContains', 'in', 'isEmpty', 'isNotEmpty']) },
  relation: {
    value: 'relation',
    ops: offer('relation', ['contains', 'notContains', 'isEmpty', 'isNotEmpty']),
  },
  state: { value: 'text', ops: offer('text', ['eq', 'ne', 'in', 'nin']) },
};

/** Type-specific properties a field may carry (its module's `config` keys the builder edits). */
export type FieldProp =
  | 'options'
  | 'display'
  | 'format'
  | 'expression'
  | 'formId'
  | 'multiple'
  | 'relationField'
  | 'targetField'
  | 'op'
  | 'min'
  | 'max'
  | 'precision'
  | 'currency'
  | 'minLength'
  | 'maxLength'
  | 'maxFiles'
  | 'accept'
  | 'default';

/** The editor the builder shows for a field's default value. */
export type DefaultKind = 'text' | 'number' | 'boolean' | 'date' | 'option' | 'options' | 'now' | 'ref';

/** The facts of one field type. */
export interface FieldFacts {
  /** Palette group in the builder. */
  group: FieldGroupKey;
  /** The properties the builder edits, in panel order (each is a key of the module's `config`). */
  props: readonly FieldProp[];
  /** Which editor the builder shows for `default` (when `default` is among `props`). */
  defaultKind?: DefaultKind;
  /** Whether `required`/`unique`/`default` make sense. */
  supports: { required: boolean; unique: boolean; default: boolean };
  /** Computed types are read-only in the API (autonumber, formula, lookup, rollup). */
  computed: boolean;
  /**
   * How the field filters: a filter kind, `byMultiple` (`[single, multiple]` by the field's `multiple`),
   * `byResultType` (a formula: its result type), or null when it cannot be filtered.
   */
  filter: FilterKind | { byMultiple: readonly [FilterKind, FilterKind] } | 'byResultType' | null;
  /** Whether a list sorts by it; `single`: only when it holds one value (not `multiple`). */
  sortable: boolean | 'single';
  /** Whether a chart or a board groups by it. */
  groupable: boolean;
  /** Edited in place in a grid cell (the others open the record). */
  inlineEditable: boolean;
  /** Whether `sensitive` (masked for most readers) may be set on it. */
  mayBeSensitive: boolean;
  /**
   * The other fields it names: `through` (`relationField` on this form, `targetField` on the
   * related one), `expression` (`{key}` in a formula), or none. Renames follow these.
   */
  fieldRefs?: 'through' | 'expression';
}

type Flags = Pick<FieldFacts, 'sortable' | 'groupable' | 'inlineEditable' | 'mayBeSensitive' | 'computed'>;
const plain: Flags = {
  sortable: true,
  groupable: true,
  inlineEditable: true,
  mayBeSensitive: false,
  computed: false,
};
const derived: Flags = {
  sortable: true,
  groupable: true,
  inlineEditable: false,
  mayBeSensitive: false,
  computed: true,
};
const all = { required: true, unique: true, default: true };
const noUnique = { required: true, unique: false, default: true };
const none = { required: false, unique: false, default: false };
const text = {
  group: 'basic',
  props: ['minLength', 'maxLength', 'default'],
  defaultKind: 'text',
  supports: all,
  filter: 'text',
} as const;
const number = {
  group: 'basic',
  props: ['min', 'max', 'precision', 'default'],
  defaultKind: 'number',
  supports: all,
  filter: 'number',
} as const;
const refs = { byMultiple: ['ref', 'refs'] } as const;

/** Every field type's facts, in palette order. */
export const FIELD_FACTS = {
  text: { ...plain, ...text, mayBeSensitive: true },
  textarea: { ...plain, ...text, groupable: false, mayBeSensitive: true },
  number: { ...plain, ...number },
  currency: { ...plain, ...number, props: ['min', 'max', 'currency', 'default'] },
  percent: { ...plain, ...number },
  rating: { ...plain, ...number, props: ['max', 'default'] },
  email: { ...plain, ...text, mayBeSensitive: true },
  phone: { ...plain, ...text, mayBeSensitive: true },
  url: { ...plain, ...text },
  select: {
    ...plain,
    group: 'choice',
    props: ['options', 'display', 'default'],
    defaultKind: 'option',
    supports: noUnique,
    filter: 'option',
  },
  multiselect: {
    ...plain,
    group: 'choice',
    props: ['options', 'default'],
    defaultKind: 'options',
    supports: noUnique,
    filter: 'options',
    sortable: false,
    groupable: false,
  },
  checkbox: {
    ...plain,
    group: 'choice',
    props: ['default'],
    defaultKind: 'boolean',
    supports: { ...none, default: true },
    filter: 'boolean',
  },
  date: {
    ...plain,
    group: 'date',
    props: ['min', 'max', 'default'],
    defaultKind: 'date',
    supports: noUnique,
    filter: 'date',
  },
  datetime: {
    ...plain,
    group: 'date',
    props: ['default'],
    defaultKind: 'now',
    supports: noUnique,
    filter: 'datetime',
  },
  member: {
    ...plain,
    group: 'people',
    props: ['multiple', 'default'],
    defaultKind: 'ref',
    supports: noUnique,
    filter: refs,
    sortable: 'single',
  },
  department: {
    ...plain,
    group: 'people',
    props: ['multiple', 'default'],
    defaultKind: 'ref',
    supports: noUnique,
    filter: refs,
    sortable: 'single',
  },
  relation: {
    ...plain,
    group: 'computed',
    props: ['formId', 'multiple'],
    supports: { ...none, required: true },
    filter: 'relation',
    sortable: false,
    groupable: false,
    inlineEditable: false,
  },
  lookup: {
    ...derived,
    group: 'computed',
    props: ['relationField', 'targetField'],
    supports: none,
    filter: null,
    sortable: false,
    groupable: false,
    fieldRefs: 'through',
  },
  rollup: {
    ...derived,
    group: 'computed',
    props: ['relationField', 'targetField', 'op'],
    supports: none,
    filter: 'number',
    fieldRefs: 'through',
  },
  formula: {
    ...derived,
    group: 'computed',
    props: ['expression', 'precision'],
    supports: none,
    filter: 'byResultType',
    fieldRefs: 'expression',
  },
  autonumber: { ...derived, group: 'computed', props: ['format'], supports: none, filter: 'text' },
  attachment: {
    ...plain,
    group: 'file',
    props: ['maxFiles', 'accept'],
    supports: { ...none, required: true },
    filter: null,
    sortable: false,
    groupable: false,
    inlineEditable: false,
  },
} as const satisfies Record<string, FieldFacts>;

/** A field type's name, from the facts table (the registry is checked to list the same names). */
export type FieldTypeName = keyof typeof FIELD_FACTS;

/** Every field type, in palette order. */
export const FIELD_TYPES = Object.keys(FIELD_FACTS) as FieldTypeName[];

const byName: Record<string, FieldFacts> = FIELD_FACTS;

/** The facts of a type; undefined for a name no module registers. */
export const factsOf = (type: string): FieldFacts | undefined =>
  Object.hasOwn(byName, type) ? byName[type] : undefined;

/** Whether a type names other fields through a relation (lookup, rollup). */
export const refersThrough = (type: string) => factsOf(type)?.fieldRefs === 'through';

/** The filter kind of a field, or undefined when it cannot be filtered. */
export function filterKindOf(field: {
  type: string;
  multiple?: boolean;
  resultType?: string;
}): FilterKind | undefined {
  const f = factsOf(field.type)?.filter;
  if (f === undefined || f === null) return undefined;
  if (f === 'byResultType')
    return (['number', 'date', 'datetime', 'boolean'] as const).find((k) => k === field.resultType) ?? 'text';
  if (typeof f === 'object') return f.byMultiple[field.multiple ? 1 : 0];
  return f;
}

/** Whether a list can sort by a field. */
export function sortableField(field: { type: string; multiple?: boolean }): boolean {
  const s = factsOf(field.type)?.sortable;
  return s === 'single' ? !field.multiple : !!s;
}

/** The server value kind a field compares and aggregates as, or undefined when it cannot be filtered. */
export function valueKindOf(field: {
  type: string;
  multiple?: boolean;
  resultType?: string;
}): ValueKind | undefined {
  const kind = filterKindOf(field);
  return kind && FILTER_KINDS[kind].value;
}
