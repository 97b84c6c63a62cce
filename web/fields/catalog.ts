import {
  FIELD_FACTS,
  FIELD_GROUPS,
  FIELD_TYPES,
  type FieldFacts,
  type FieldGroupKey,
  type FieldProp,
} from '../../server/fields/facts';
import type { FieldDef, FieldTypeName } from '../api/types';

export { FIELD_GROUPS };
export type { FieldProp };
export type FieldGroup = FieldGroupKey;

/** What the web knows about one field type: the server's facts, with `supports` spelled out. */
export interface FieldTypeInfo extends FieldFacts {
  type: FieldTypeName;
  /** Whether the field may be required / unique (the server refuses the flag otherwise). */
  required: boolean;
  unique: boolean;
}

/** The palette, in order: every registered type with its facts (server/fields/facts.ts). */
export const FIELD_CATALOG: readonly FieldTypeInfo[] = FIELD_TYPES.map((type) => {
  const facts: FieldFacts = FIELD_FACTS[type];
  return { ...facts, type, required: facts.supports.required, unique: facts.supports.unique };
});

const byType = new Map(FIELD_CATALOG.map((t) => [t.type, t]));

/** The catalog entry of a type (text for an unknown one, so old definitions still render). */
export function fieldInfo(type: string): FieldTypeInfo {
  return byType.get(type as FieldTypeName) ?? byType.get('text')!;
}

/** Whether a field type has a property. */
export const hasProp = (field: Pick<FieldDef, 'type'>, prop: FieldProp) =>
  fieldInfo(field.type).props.includes(prop);

/** Colors offered for select options (antd preset tag colors). */
export const OPTION_COLORS = [
  'blue',
  'green',
  'gold',
  'red',
  'purple',
  'cyan',
  'orange',
  'magenta',
  'lime',
  'geekblue',
  'volcano',
  'default',
] as const;
