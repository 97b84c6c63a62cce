import type { FieldDef, FieldTypeName } from '../api/types';

/** Palette groups, in order: 基础 / 选择 / 日期 / 人员与部门 / 关联与计算 / 文件. */
export const FIELD_GROUPS = ['basic', 'choice', 'date', 'people', 'computed', 'file'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

/** Type-specific properties a field may carry (the server rejects any other). */
export type FieldProp =
  | 'options' | 'display' | 'format' | 'expression' | 'formId' | 'multiple' | 'relationField' | 'targetField' | 'op'
  | 'min' | 'max' | 'precision' | 'currency' | 'minLength' | 'maxLength' | 'maxFiles' | 'accept' | 'resultType' | 'default';

/** What the web knows about one field type: its palette group, properties, and what it supports. */
export interface FieldTypeInfo {
  type: FieldTypeName;
  group: FieldGroup;
  props: readonly FieldProp[];
  required: boolean;
  unique: boolean;
  /** Computed types are read-only in records. */
  computed?: boolean;
  /** The value kind of the default, when `default` is among `props`. */
  defaultKind?: 'text' | 'number' | 'boolean' | 'date' | 'option' | 'options' | 'now' | 'ref';
}

const text = ['minLength', 'maxLength', 'default'] as const;
const number = ['min', 'max', 'precision', 'default'] as const;

/** The web side of the field-type registry, in palette order (mirrors server/fields/registry.ts). */
export const FIELD_CATALOG: readonly FieldTypeInfo[] = [
  { type: 'text', group: 'basic', props: text, required: true, unique: true, defaultKind: 'text' },
  { type: 'textarea', group: 'basic', props: text, required: true, unique: true, defaultKind: 'text' },
  { type: 'number', group: 'basic', props: number, required: true, unique: true, defaultKind: 'number' },
  { type: 'currency', group: 'basic', props: ['min', 'max', 'currency', 'default'], required: true, unique: true, defaultKind: 'number' },
  { type: 'percent', group: 'basic', props: number, required: true, unique: true, defaultKind: 'number' },
  { type: 'rating', group: 'basic', props: ['max', 'default'], required: true, unique: false, defaultKind: 'number' },
  { type: 'email', group: 'basic', props: text, required: true, unique: true, defaultKind: 'text' },
  { type: 'phone', group: 'basic', props: text, required: true, unique: true, defaultKind: 'text' },
  { type: 'url', group: 'basic', props: text, required: true, unique: true, defaultKind: 'text' },
  { type: 'select', group: 'choice', props: ['options', 'display', 'default'], required: true, unique: false, defaultKind: 'option' },
  { type: 'multiselect', group: 'choice', props: ['options', 'default'], required: true, unique: false, defaultKind: 'options' },
  { type: 'checkbox', group: 'choice', props: ['default'], required: false, unique: false, defaultKind: 'boolean' },
  { type: 'date', group: 'date', props: ['min', 'max', 'default'], required: true, unique: false, defaultKind: 'date' },
  { type: 'datetime', group: 'date', props: ['default'], required: true, unique: false, defaultKind: 'now' },
  { type: 'member', group: 'people', props: ['multiple', 'default'], required: true, unique: false, defaultKind: 'ref' },
  { type: 'department', group: 'people', props: ['multiple', 'default'], required: true, unique: false, defaultKind: 'ref' },
  { type: 'relation', group: 'computed', props: ['formId', 'multiple'], required: true, unique: false },
  { type: 'lookup', group: 'computed', props: ['relationField', 'targetField'], required: false, unique: false, computed: true },
  { type: 'rollup', group: 'computed', props: ['relationField', 'targetField', 'op'], required: false, unique: false, computed: true },
  { type: 'formula', group: 'computed', props: ['expression', 'precision'], required: false, unique: false, computed: true },
  { type: 'autonumber', group: 'computed', props: ['format'], required: false, unique: false, computed: true },
  { type: 'attachment', group: 'file', props: ['maxFiles', 'accept'], required: true, unique: false },
];

const byType = new Map(FIELD_CATALOG.map((t) => [t.type, t]));

/** The catalog entry of a type (text for an unknown one, so old definitions still render). */
export function fieldInfo(type: string): FieldTypeInfo {
  return byType.get(type as FieldTypeName) ?? byType.get('text')!;
}

/** Whether a field type has a property. */
export const hasProp = (field: Pick<FieldDef, 'type'>, prop: FieldProp) => fieldInfo(field.type).props.includes(prop);

/** Colors offered for select options (antd preset tag colors). */
export const OPTION_COLORS = ['blue', 'green', 'gold', 'red', 'purple', 'cyan', 'orange', 'magenta', 'lime', 'geekblue', 'volcano', 'default'] as const;
