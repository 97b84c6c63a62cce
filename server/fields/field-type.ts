import type { z } from 'zod';
import type { ErrorDetail } from '../errors.js';
import type { FieldDef, FormDef } from '../forms/forms.schema.js';
import { FIELD_FACTS, type FieldFacts, type FieldGroupKey, type FieldTypeName } from './facts.js';

/**
 * How a field's value behaves in filters, sorting and aggregates. The filter compiler and the
 * in-memory evaluator know these kinds; they never look at field types.
 * - text: string; number: number; date: 'YYYY-MM-DD'; datetime: ISO instant; boolean;
 * - array: a JSON array of strings (multiselect, multi member/department);
 * - relation: linked record ids, kept in the link table.
 */
export type ValueKind = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'array' | 'relation';

/** The SQL column a field needs, if any (relations live in the link table). */
export type Storage = 'text' | 'real' | 'bigint' | 'integer' | 'json' | 'none';

/** What a field may point at; checked in one query per kind per write. */
export type ReferenceKind = 'user' | 'department' | 'file' | 'record';

export interface FieldGroup {
  key: FieldGroupKey;
}

/** Lets a type look at the rest of the form (and other forms) when it checks its config. */
export interface DefinitionContext {
  form: FormDef;
  /** Other forms by id, for relation targets, lookups and rollups. */
  forms: Map<string, FormDef>;
}

/**
 * One module per field type implements this: everything Tessera knows about the type in one place.
 * `F` is the stored definition the functions read, `N` the type's name and `C` its own config (its
 * extra properties on the field definition); `N` and `C` keep literal types so the definition clients
 * send is derived from the registry (`FieldInput` in server/forms/form-input.schema.ts).
 */
export interface FieldType<
  F extends FieldDef = FieldDef,
  N extends string = string,
  C extends z.ZodRawShape = z.ZodRawShape,
> {
  type: N;
  /** The type's facts shared with the web (server/fields/facts.ts); the next three are copied from them. */
  facts: FieldFacts;
  /** Palette group in the builder. */
  group: FieldGroup['key'];
  /** Computed types are read-only in the API (autonumber, formula, lookup, rollup). */
  computed: boolean;
  /** Whether `required`/`unique`/`default` make sense. */
  supports: FieldFacts['supports'];
  /** The zod shape of the type's own properties, merged into the field definition schema. */
  config: C;
  kind(field: F, ctx?: DefinitionContext): ValueKind;
  storage(field: F, ctx?: DefinitionContext): Storage;
  /** Parses an API value (never null: empties are handled before) into the canonical API value. */
  input(field: F): z.ZodType;
  /** Canonical API value -> database value. */
  toDb(value: unknown, field: F): unknown;
  /** Database value -> API value. */
  fromDb(raw: unknown, field: F): unknown;
  /** JSON Schema (draft 2020-12) for the value, without nullability. */
  jsonSchema(field: F, ctx?: DefinitionContext): Record<string, unknown>;
  /** rjsf uiSchema for the field. */
  uiSchema(field: F, ctx?: DefinitionContext): Record<string, unknown>;
  /** Cross-checks the definition against the form (targets exist, formulas type-check…). */
  check?(field: F, ctx: DefinitionContext, path: string): ErrorDetail[];
  /** What the value's ids must exist in. */
  references?(field: F): { kind: ReferenceKind; formId?: string } | undefined;
  /** Whether values should get a plain index (for filters and sorts views make on them). */
  indexed?: boolean;
  /** What the API answers for an empty (NULL) value; null unless the type says otherwise. */
  empty?(field: F): unknown;
  /** Database value = API value × scale (currency keeps cents: 100). */
  scale?: number;
}

/**
 * Finds the module of another type, for the types that depend on their target's (lookup, rollup):
 * the registry passes its own lookup in, so those modules need not import the registry back.
 */
export type TypeOf = (type: string) => FieldType<any>;

/** What a type module writes: its behaviour; the facts come from server/fields/facts.ts by its name. */
export type FieldTypeModule<F extends FieldDef, N extends FieldTypeName, C extends z.ZodRawShape> = Omit<
  FieldType<F, N, C>,
  'facts' | 'group' | 'computed' | 'supports'
>;

/** A type module joined with its facts (for the builders of several types: numberLike, textLike, refLike). */
export function withFacts<F extends FieldDef, N extends FieldTypeName, C extends z.ZodRawShape>(
  module: FieldTypeModule<F, N, C>,
): FieldType<F, N, C> {
  const facts: FieldFacts = FIELD_FACTS[module.type];
  return { ...module, facts, group: facts.group, computed: facts.computed, supports: facts.supports };
}

/**
 * Declares a field type keeping its name and config as literal types (an annotation would widen
 * them to `string` and `ZodRawShape`): `F` is given, `N` and `C` are inferred.
 *
 * @example export const checkboxType = defineFieldType()({ type: 'checkbox', config: { default: z.boolean().optional() }, … });
 */
export const defineFieldType =
  <F extends FieldDef = FieldDef>() =>
  <const N extends FieldTypeName, C extends z.ZodRawShape>(
    type: FieldTypeModule<F, N, C>,
  ): FieldType<F, N, C> =>
    withFacts(type);
