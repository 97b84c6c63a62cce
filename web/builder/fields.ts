import type {
  FieldDef,
  FieldTypeName,
  FormDefinition,
  FormInput,
  FormLayout,
  SelectOption,
} from '../api/types';
import { type FieldProp, OPTION_COLORS, fieldInfo } from '../fields/catalog';

/** A field in the builder: the definition plus a client-only `uid` that dnd-kit and React key on. */
export type BuilderField = FieldDef & { uid: string };

/** What the builder edits: the whole definition, as PUT sends it. */
export interface BuilderState {
  key: string;
  name: string;
  fields: BuilderField[];
  layout?: FormLayout;
  version?: number;
}

/** Keys scripts and templates use: identifiers, as the server requires. */
export const FIELD_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The first free key `field1`, `field2`, … not used by any field (nor by a removed field, which
 * may still be restored).
 *
 * @example nextFieldKey([{ key: 'field1' }]) // 'field2'
 */
export function nextFieldKey(
  fields: ReadonlyArray<Pick<FieldDef, 'key'>>,
  taken: Iterable<string> = [],
): string {
  const used = new Set([...fields.map((f) => f.key), ...taken]);
  let n = 1;
  while (used.has(`field${n}`)) n++;
  return `field${n}`;
}

/** Texts a new field starts with; the caller passes them translated. */
export interface NewFieldTexts {
  label: string;
  /** e.g. n => `选项${n}`. */
  option: (n: number) => string;
}

/** A new field of a type, with the defaults its type needs to be valid (options, format…). */
export function createField(
  type: FieldTypeName,
  uid: string,
  key: string,
  texts: NewFieldTexts,
): BuilderField {
  const field: BuilderField = { uid, key, type, label: texts.label };
  if (type === 'select' || type === 'multiselect') field.options = defaultOptions(texts.option);
  if (type === 'autonumber') field.format = 'NO{YYYY}{0000}';
  if (type === 'formula') field.expression = '';
  if (type === 'rollup') field.op = 'count';
  return field;
}

function defaultOptions(label: (n: number) => string): SelectOption[] {
  return [1, 2, 3].map((n) => ({ value: `option${n}`, label: label(n), color: OPTION_COLORS[n - 1] }));
}

/** Inserts a field at `index` (clamped; the end when omitted). */
export function insertField<T>(fields: readonly T[], field: T, index = fields.length): T[] {
  const at = Math.max(0, Math.min(index, fields.length));
  return [...fields.slice(0, at), field, ...fields.slice(at)];
}

/**
 * Moves the item at `from` to `to` (the index it ends at), like dnd-kit's `arrayMove`.
 * Out-of-range indexes leave the list unchanged.
 *
 * @example moveField(['a', 'b', 'c'], 0, 2) // ['b', 'c', 'a']
 */
export function moveField<T>(fields: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= fields.length || to >= fields.length) return [...fields];
  const next = [...fields];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}

/** Removes the field with `uid`. */
export function removeField(fields: readonly BuilderField[], uid: string): BuilderField[] {
  return fields.filter((f) => f.uid !== uid);
}

/** Applies a patch to the field with `uid`; `undefined` values delete a property. */
export function updateField(
  fields: readonly BuilderField[],
  uid: string,
  patch: Partial<FieldDef>,
): BuilderField[] {
  return fields.map((f) => (f.uid === uid ? dropUndefined({ ...f, ...patch }) : f));
}

/** Copies a field under a new uid and key, right after the original; the copy is a new field (no id). */
export function duplicateField(
  fields: readonly BuilderField[],
  uid: string,
  newUid: string,
  taken: Iterable<string> = [],
): BuilderField[] {
  const i = fields.findIndex((f) => f.uid === uid);
  if (i < 0) return [...fields];
  const { id: _id, ...rest } = fields[i];
  void _id;
  const copy: BuilderField = { ...structuredClone(rest), uid: newUid, key: nextFieldKey(fields, taken) };
  return insertField(fields, copy, i + 1);
}

const BASE_PROPS = [
  'id',
  'uid',
  'key',
  'type',
  'label',
  'help',
  'required',
  'unique',
  'sensitive',
  'placeholder',
] as const;

/**
 * Changes a field's type and keeps only the properties the new type accepts (the server rejects
 * any other), adding what the new type needs (options, format…).
 */
export function changeFieldType(
  field: BuilderField,
  type: FieldTypeName,
  texts: NewFieldTexts,
): BuilderField {
  const info = fieldInfo(type);
  const fresh = createField(type, field.uid, field.key, texts);
  const out: Record<string, unknown> = { ...fresh };
  for (const p of BASE_PROPS) if (field[p] !== undefined) out[p] = field[p];
  out.type = type;
  for (const p of info.props) {
    const same = p === 'default' ? fieldInfo(field.type).defaultKind === info.defaultKind : true;
    if (field[p] !== undefined && same) out[p] = field[p];
  }
  if (!info.required) delete out.required;
  if (!info.unique) delete out.unique;
  return out as unknown as BuilderField;
}

/** Reorders a field's options. */
export function moveOption(options: readonly SelectOption[], from: number, to: number): SelectOption[] {
  return moveField(options, from, to);
}

/** A value for a new option, unique among `options`. */
export function nextOptionValue(options: readonly SelectOption[]): string {
  const used = new Set(options.map((o) => o.value));
  let n = options.length + 1;
  while (used.has(`option${n}`)) n++;
  return `option${n}`;
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Builder state from a stored definition; `uid` keeps the field id when there is one. */
export function fromDefinition(def: FormDefinition, makeUid: () => string): BuilderState {
  return {
    key: def.key,
    name: def.name,
    fields: def.fields.map((f) => ({ ...f, uid: f.id ?? makeUid() })),
    layout: def.layout,
    version: def.version,
  };
}

/**
 * The PUT body: fields without `uid`, without empty properties and without properties their type
 * does not have; layout sections lose references to fields that are gone.
 */
export function toFormInput(state: BuilderState): FormInput {
  const fields: FieldDef[] = state.fields.map(({ uid: _uid, ...f }) => {
    void _uid;
    const info = fieldInfo(f.type);
    const allowed = new Set<string>([...BASE_PROPS, ...info.props, 'reverseOf', 'resultType']);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f)) {
      if (!allowed.has(k) || isEmpty(v)) continue;
      if ((k === 'required' || k === 'unique' || k === 'sensitive' || k === 'multiple') && v === false)
        continue;
      out[k] = v;
    }
    if (!info.required) delete out.required;
    if (!info.unique) delete out.unique;
    return out as unknown as FieldDef;
  });
  const refs = new Set(fields.flatMap((f) => [f.id, f.key].filter(Boolean) as string[]));
  const layout = state.layout?.sections
    ? {
        ...state.layout,
        sections: state.layout.sections.map((s) => ({ ...s, fields: s.fields.filter((r) => refs.has(r)) })),
      }
    : state.layout;
  return {
    key: state.key,
    name: state.name,
    fields,
    ...(layout ? { layout } : {}),
    ...(state.version !== undefined ? { version: state.version } : {}),
  };
}

/** Problems the builder can see before saving, by field uid (prop → i18n message key). */
export function localProblems(
  fields: readonly BuilderField[],
): Map<string, Partial<Record<'key' | 'label' | 'options' | 'format' | 'expression' | 'formId', string>>> {
  const out = new Map<
    string,
    Partial<Record<'key' | 'label' | 'options' | 'format' | 'expression' | 'formId', string>>
  >();
  const seen = new Map<string, number>();
  for (const f of fields) seen.set(f.key, (seen.get(f.key) ?? 0) + 1);
  for (const f of fields) {
    const p: Partial<Record<'key' | 'label' | 'options' | 'format' | 'expression' | 'formId', string>> = {};
    if (!FIELD_KEY_RE.test(f.key)) p.key = 'builder.problem.keyInvalid';
    else if ((seen.get(f.key) ?? 0) > 1) p.key = 'builder.problem.keyDuplicate';
    if (!f.label.trim()) p.label = 'builder.problem.required';
    if ((f.type === 'select' || f.type === 'multiselect') && !f.options?.length)
      p.options = 'builder.problem.noOptions';
    if (
      (f.type === 'select' || f.type === 'multiselect') &&
      f.options &&
      new Set(f.options.map((o) => o.value)).size !== f.options.length
    )
      p.options = 'builder.problem.optionDuplicate';
    if (f.type === 'formula' && !f.expression?.trim()) p.expression = 'builder.problem.required';
    if (f.type === 'relation' && !f.formId) p.formId = 'builder.problem.required';
    if (Object.keys(p).length) out.set(f.uid, p);
  }
  return out;
}

/** Whether a property is one the field's type has (for the property panel). */
export const fieldHas = (field: FieldDef, prop: FieldProp) => fieldInfo(field.type).props.includes(prop);
