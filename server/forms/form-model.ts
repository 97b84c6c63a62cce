import { z } from 'zod';
import type { DefinitionContext, FieldType, Storage, ValueKind } from '../fields/field-type.js';
import { fieldType } from '../fields/registry.js';
import { isSystemName } from '../fields/system-names.js';
import type { FormulaField } from '../fields/types/formula.js';
import type { RelationField } from '../fields/types/relation.js';
import { resolveThrough, type RelationPath } from '../fields/types/through.js';
import type { FilterField } from '../filter/index.js';
import { parseFormula, formulaDependencies, type Ast } from '../formula/index.js';
import type { FieldDef, FormDef } from './forms.schema.js';
import { refersThrough } from '../fields/facts.js';

/** How a relation field reads the link table. */
export interface LinkSide {
  linkFieldId: string;
  mySide: 'source_id' | 'target_id';
  otherSide: 'source_id' | 'target_id';
  targetFormId: string;
  multiple: boolean;
}

export interface ModelField {
  def: FieldDef;
  type: FieldType<any>;
  kind: ValueKind;
  storage: Storage;
  /** `f_<fieldId>`, or null for relations (link table). */
  column: string | null;
  /** Database value → API value (lookups read with their target's type). */
  read(raw: unknown): unknown;
  link?: LinkSide;
  /** For lookup/rollup: the path to the related field. */
  through?: RelationPath & { link: LinkSide };
  formula?: { ast: Ast; deps: string[] };
  /**
   * Keys of the fields of this form the value is computed from, transitively (a formula's
   * operands and theirs, a lookup's or rollup's relation); empty for entered values. Masking and
   * hiding follow these: a formula over a hidden field is hidden too.
   */
  sources: string[];
}

/** A form definition compiled once per version: columns, readers, validators, filter fields. */
export interface FormModel {
  def: FormDef;
  table: string;
  fields: ModelField[];
  byKey: Map<string, ModelField>;
  byId: Map<string, ModelField>;
  /** Other forms this one relates to, by id. */
  forms: Map<string, FormDef>;
  filterFields: Map<string, FilterField>;
  /** Formulas in evaluation order (dependencies first). */
  formulas: ModelField[];
  derived: ModelField[];
  /** Validates one value of a writable field (already non-empty). */
  inputSchema(field: ModelField): z.ZodType;
}

export const recordTable = (formId: string) => `r_${formId}`;
export const fieldColumn = (fieldId: string) => `f_${fieldId}`;

/** The link-table side of a relation field. */
export function linkSide(f: RelationField): LinkSide {
  return f.reverseOf
    ? {
        linkFieldId: f.reverseOf,
        mySide: 'target_id',
        otherSide: 'source_id',
        targetFormId: f.formId,
        multiple: f.multiple !== false,
      }
    : {
        linkFieldId: f.id,
        mySide: 'source_id',
        otherSide: 'target_id',
        targetFormId: f.formId,
        multiple: !!f.multiple,
      };
}

/** System columns usable in filters and sorts, by their API name. */
export const systemFields: Array<{ key: string; column: string; kind: ValueKind }> = [
  { key: 'id', column: 'id', kind: 'text' },
  { key: 'state', column: 'state', kind: 'text' },
  { key: 'ownerId', column: 'owner_id', kind: 'text' },
  { key: 'departmentId', column: 'department_id', kind: 'text' },
  { key: 'createdAt', column: 'created_at', kind: 'datetime' },
  { key: 'createdBy', column: 'created_by', kind: 'text' },
  { key: 'updatedAt', column: 'updated_at', kind: 'datetime' },
  { key: 'updatedBy', column: 'updated_by', kind: 'text' },
];

function orderFormulas(formulas: ModelField[]): ModelField[] {
  const byKey = new Map(formulas.map((f) => [f.def.key, f]));
  const out: ModelField[] = [];
  const seen = new Set<string>();
  const visit = (f: ModelField) => {
    if (seen.has(f.def.key)) return;
    seen.add(f.def.key);
    for (const d of f.formula!.deps) {
      const dep = byKey.get(d);
      if (dep) visit(dep);
    }
    out.push(f);
  };
  formulas.forEach(visit);
  return out;
}

/** The fields a computed field reads, following formulas through formulas (cycles are cut). */
function sourcesOf(
  f: ModelField,
  byKey: Map<string, ModelField>,
  byId: Map<string, ModelField>,
): Set<string> {
  const out = new Set<string>();
  const visit = (m: ModelField) => {
    const relation = m.def.relationField === undefined ? undefined : String(m.def.relationField);
    const rel = relation === undefined ? undefined : (byKey.get(relation) ?? byId.get(relation));
    const direct = m.formula ? m.formula.deps : rel ? [rel.def.key] : [];
    for (const key of direct) {
      const dep = byKey.get(key);
      if (!dep || out.has(key) || dep === f) continue;
      out.add(key);
      visit(dep);
    }
  };
  visit(f);
  return out;
}

/** Compiles a definition; `forms` holds the related forms' definitions. */
export function buildModel(def: FormDef, forms: Map<string, FormDef>): FormModel {
  const ctx: DefinitionContext = { form: def, forms };
  const fields: ModelField[] = def.fields.map((d) => {
    const type = fieldType(d.type);
    const storage = type.storage(d, ctx);
    const m: ModelField = {
      def: d,
      type,
      kind: type.kind(d, ctx),
      storage,
      column: storage === 'none' ? null : fieldColumn(d.id),
      read: (raw) => (raw === null || raw === undefined ? (type.empty?.(d) ?? null) : type.fromDb(raw, d)),
      sources: [],
    };
    if (d.type === 'relation') m.link = linkSide(d as RelationField);
    if (refersThrough(d.type)) {
      const path = resolveThrough(d.relationField as string, d.targetField as string | undefined, ctx);
      if (path) {
        m.through = { ...path, link: linkSide(path.relation) };
        if (d.type === 'lookup') {
          const tt = fieldType(path.target.type);
          m.read =
            path.relation && m.through.link.multiple
              ? (raw) => {
                  if (raw === null || raw === undefined) return null;
                  const arr = (typeof raw === 'string' ? JSON.parse(raw) : raw) as unknown[];
                  const vals = arr.filter((x) => x !== null).map((x) => tt.fromDb(x, path.target));
                  return vals.length ? vals : null;
                }
              : (raw) => (raw === null || raw === undefined ? null : tt.fromDb(raw, path.target));
        }
      }
    }
    if (d.type === 'formula') {
      const { ast } = parseFormula((d as FormulaField).expression);
      if (ast) m.formula = { ast, deps: formulaDependencies(ast) };
    }
    return m;
  });
  const byKey = new Map(fields.map((f) => [f.def.key, f]));
  const byId = new Map(fields.map((f) => [f.def.id, f]));
  for (const f of fields) f.sources = [...sourcesOf(f, byKey, byId)];
  const filterFields = new Map<string, FilterField>();
  for (const s of systemFields) filterFields.set(s.key, { key: s.key, kind: s.kind, column: s.column });
  for (const f of fields) {
    // A system name always means the system column, even for an old definition saved before
    // such keys were refused (server/fields/system-names.ts): no user field can shadow it.
    if (f.def.type === 'attachment' || isSystemName(f.def.key)) continue;
    filterFields.set(f.def.key, {
      key: f.def.key,
      label: f.def.label,
      kind: f.kind,
      column: f.column ?? 'id',
      toDb: (v: unknown) =>
        f.type.scale && typeof v === 'number'
          ? Math.round(v * f.type.scale)
          : f.def.type === 'checkbox'
            ? v
              ? 1
              : 0
            : v,
      options:
        f.def.type === 'select' || f.def.type === 'multiselect'
          ? (f.def.options as { value: string }[]).map((o) => o.value)
          : undefined,
      relation: f.link ? { linkFieldId: f.link.linkFieldId, mySide: f.link.mySide } : undefined,
    });
  }
  const schemas = new Map<string, z.ZodType>();
  return {
    def,
    table: recordTable(def.id),
    fields,
    byKey,
    byId,
    forms,
    filterFields,
    formulas: orderFormulas(fields.filter((f) => f.formula)),
    derived: fields.filter((f) => f.through),
    inputSchema(field) {
      let s = schemas.get(field.def.id);
      if (!s) {
        s = field.type.input(field.def);
        schemas.set(field.def.id, s);
      }
      return s;
    },
  };
}
