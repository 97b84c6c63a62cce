import type { ErrorDetail } from '../errors.js';
import { invalid } from '../errors.js';
import type { DefinitionContext } from '../fields/field-type.js';
import { fieldType } from '../fields/registry.js';
import type { FormulaField, FormulaResultType } from '../fields/types/formula.js';
import type { RelationField } from '../fields/types/relation.js';
import {
  findFormulaCycle,
  formulaDependencies,
  parseFormula,
  renameFormulaRefs,
  typecheckFormula,
  type FormulaType,
} from '../formula/index.js';
import { newId } from '../shared/ids.js';
import type { FormInput } from './form-input.schema.js';
import type { FieldDef, FormDef } from './forms.schema.js';
import { refersThrough } from '../fields/facts.js';

const kindToFormula: Record<string, FormulaType | undefined> = {
  text: 'text',
  number: 'number',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  array: 'text',
};

/**
 * Turns a client's form input into a stored definition: assigns ids to new fields, keeps ids
 * across renames, resolves key references (layout, lookup, rollup) to ids, infers formula types,
 * and checks everything against the form and its related forms. Throws 422 listing every problem.
 */
export function normalizeDefinition(
  input: FormInput,
  opts: { id: string; appId: string; previous?: FormDef; forms: Map<string, FormDef> },
): FormDef {
  const errors: ErrorDetail[] = [];
  const prev = opts.previous;
  const prevFields = new Map<string, FieldDef>(
    [...(prev?.fields ?? []), ...(prev?.removedFields ?? [])].map((f) => [f.id, f]),
  );

  const fields: FieldDef[] = input.fields.map((raw, i) => {
    const f = { ...(raw as Record<string, unknown>) } as FieldDef;
    if (f.id && !prevFields.has(f.id))
      errors.push({
        path: `/fields/${i}/id`,
        message: 'is not a field of this form (leave id out for a new field)',
      });
    if (f.id && prevFields.get(f.id) && prevFields.get(f.id)!.type === 'relation' && f.type === 'relation') {
      const old = prevFields.get(f.id) as RelationField;
      if (old.reverseOf)
        Object.assign(f, { formId: old.formId, reverseOf: old.reverseOf, multiple: old.multiple });
      else if ((f as RelationField).formId !== old.formId)
        errors.push({
          path: `/fields/${i}/formId`,
          message: 'the related form of an existing relation cannot change; add a new relation field',
        });
    }
    if (!f.id) f.id = newId('fld');
    return f;
  });

  const seenKeys = new Map<string, number>();
  const seenIds = new Set<string>();
  fields.forEach((f, i) => {
    if (seenKeys.has(f.key))
      errors.push({ path: `/fields/${i}/key`, message: `duplicate field key "${f.key}"` });
    seenKeys.set(f.key, i);
    if (seenIds.has(f.id)) errors.push({ path: `/fields/${i}/id`, message: 'duplicate field id' });
    seenIds.add(f.id);
  });

  // Renamed keys: formulas keep working because their references follow the rename.
  const renames = new Map<string, string>();
  for (const f of fields) {
    const old = prevFields.get(f.id);
    if (old && old.key !== f.key) renames.set(old.key, f.key);
  }
  if (renames.size)
    for (const f of fields)
      if (f.type === 'formula')
        (f as FormulaField).expression = renameFormulaRefs(
          (f as FormulaField).expression,
          (k) => renames.get(k) ?? k,
        );

  const byRef = (ref: string) => fields.find((f) => f.id === ref || f.key === ref);
  const def: FormDef = {
    id: opts.id,
    appId: opts.appId,
    key: input.key,
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    ...(input.icon ? { icon: input.icon } : {}),
    fields,
    version: (prev?.version ?? 0) + 1,
  };

  // Removed fields keep their data (and column) until purged.
  const removed = [...prevFields.values()].filter(
    (f) =>
      !seenIds.has(f.id) &&
      !(f.type === 'relation' && (f as RelationField).reverseOf && !prev?.fields.some((x) => x.id === f.id)),
  );
  const kept = removed.filter(
    (f) =>
      fieldType(f.type).storage(f, { form: prev!, forms: opts.forms }) !== 'none' || f.type === 'relation',
  );
  if (kept.length) def.removedFields = kept;

  const ctx: DefinitionContext = { form: def, forms: opts.forms };
  fields.forEach((f, i) => {
    const t = fieldType(f.type);
    const path = `/fields/${i}`;
    if (f.required && !t.supports.required)
      errors.push({ path: `${path}/required`, message: `a ${f.type} field cannot be required` });
    if (f.unique && !t.supports.unique)
      errors.push({ path: `${path}/unique`, message: `a ${f.type} field cannot be unique` });
    if (
      f.default !== undefined &&
      t.supports.default &&
      !['today', 'now', '$me', '$myDepartment'].includes(f.default as string)
    ) {
      const r = t.input(f).safeParse(f.default);
      if (!r.success)
        errors.push({ path: `${path}/default`, message: r.error.issues[0]?.message ?? 'invalid default' });
    }
    if (refersThrough(f.type)) {
      const rel = byRef(f.relationField as string);
      if (rel) f.relationField = rel.id;
    }
    if (f.sensitive && !t.facts.mayBeSensitive)
      errors.push({
        path: `${path}/sensitive`,
        message: 'only text, phone and e-mail fields can be sensitive',
      });
  });
  // Lookup/rollup targets resolve to ids on the related form.
  fields.forEach((f) => {
    if (refersThrough(f.type) && f.targetField) {
      const rel = fields.find((x) => x.id === f.relationField) as RelationField | undefined;
      const target = rel && (rel.formId === def.id ? def : opts.forms.get(rel.formId));
      const tf = target?.fields.find((x) => x.id === f.targetField || x.key === f.targetField);
      if (tf) f.targetField = tf.id;
    }
  });
  fields.forEach((f, i) => {
    const t = fieldType(f.type);
    if (t.check) errors.push(...t.check(f, ctx, `/fields/${i}`));
  });

  checkFormulas(fields, ctx, errors);

  if (input.layout) {
    const sections = (input.layout.sections ?? []).map((s, si) => ({
      ...s,
      fields: s.fields.map((ref, fi) => {
        const f = byRef(ref);
        if (!f)
          errors.push({ path: `/layout/sections/${si}/fields/${fi}`, message: `unknown field "${ref}"` });
        return f?.id ?? ref;
      }),
    }));
    def.layout = { ...input.layout, ...(input.layout.sections ? { sections } : {}) };
  }
  if (input.titleField) {
    const f = byRef(input.titleField);
    if (!f) errors.push({ path: '/titleField', message: `unknown field "${input.titleField}"` });
    else def.titleField = f.id;
  } else {
    const first = fields.find((f) => ['text', 'autonumber', 'email', 'phone'].includes(f.type));
    if (first) def.titleField = first.id;
  }

  if (errors.length) throw invalid(`${errors[0].path}: ${errors[0].message}`, errors);
  return def;
}

/** Infers each formula's result type in dependency order; reports unknown fields, type errors and cycles. */
function checkFormulas(fields: FieldDef[], ctx: DefinitionContext, errors: ErrorDetail[]) {
  const formulas = fields.map((f, i) => ({ f: f as FormulaField, i })).filter((x) => x.f.type === 'formula');
  if (!formulas.length) return;
  const parsed = new Map<string, ReturnType<typeof parseFormula>['ast']>();
  const deps = new Map<string, string[]>();
  for (const { f, i } of formulas) {
    const r = parseFormula(f.expression);
    if (!r.ast) {
      errors.push(
        ...r.errors.map((e) => ({
          path: `/fields/${i}/expression`,
          message: `${e.message}${e.position !== undefined ? ` (at ${e.position})` : ''}`,
        })),
      );
      continue;
    }
    parsed.set(f.key, r.ast);
    deps.set(f.key, formulaDependencies(r.ast));
  }
  const cycle = findFormulaCycle(deps);
  if (cycle.length) {
    for (const { f, i } of formulas)
      if (cycle.includes(f.key))
        errors.push({
          path: `/fields/${i}/expression`,
          message: `formulas refer to each other in a cycle: ${cycle.join(' → ')}`,
        });
    return;
  }
  const resolved = new Map<string, FormulaType>();
  const typeOf = (key: string): FormulaType | undefined => {
    if (resolved.has(key)) return resolved.get(key);
    const f = fields.find((x) => x.key === key);
    if (!f) return undefined;
    if (f.type === 'formula') {
      const ast = parsed.get(key);
      if (!ast) return undefined;
      const r = typecheckFormula(ast, typeOf);
      if (r.type) resolved.set(key, r.type);
      return r.type;
    }
    return kindToFormula[fieldType(f.type).kind(f, ctx)];
  };
  for (const { f, i } of formulas) {
    const ast = parsed.get(f.key);
    if (!ast) continue;
    const r = typecheckFormula(ast, typeOf);
    if (r.errors.length) {
      errors.push(
        ...r.errors.map((e) => ({
          path: `/fields/${i}/expression`,
          message: `${e.message}${e.position !== undefined ? ` (at ${e.position})` : ''}`,
        })),
      );
    } else if (!r.type || r.type === 'null') {
      errors.push({ path: `/fields/${i}/expression`, message: 'the formula is always empty' });
    } else {
      f.resultType = r.type as FormulaResultType;
    }
  }
}
