import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { invalid } from '../errors.js';
import type { RelationField } from '../fields/types/relation.js';
import type { FormInput } from '../forms/form-input.schema.js';
import { getFormDef } from '../forms/forms.repository.js';
import type { FieldDef, FormDef } from '../forms/forms.schema.js';
import { createForm, replaceForm } from '../forms/forms.service.js';
import { formulaDependencies, parseFormula } from '../formula/index.js';
import type { TemplateField, TemplateForm } from './template.schema.js';
import { refersThrough } from '../fields/facts.js';

/** A form as it should end up: template fields by key; existing forms and fields carry their id. */
export interface TargetForm extends Omit<TemplateForm, 'fields'> {
  id?: string;
  /** Whether the form must be saved even when no field is new (a property changed). */
  dirty: boolean;
  /** Where the form sits in the document, for error paths. */
  index: number;
  fields: Array<TemplateField & { id?: string }>;
}

const formulaDeps = (expr: string) => {
  const { ast } = parseFormula(expr);
  return ast ? formulaDependencies(ast) : [];
};

const isForward = (f: FieldDef) => f.type === 'relation' && !(f as RelationField).reverseOf;

/**
 * Brings an app's forms to the target definitions through createForm/replaceForm (so tables
 * migrate as any save would): new forms first with the fields that need nothing else, then in
 * rounds whatever has become resolvable — relations once their target exists, the declared reverse
 * side once the relation made it, lookups and rollups once their relation and target field exist,
 * formulas once their inputs do. `deps.db` is the install transaction. Answers the final forms by key.
 */
export async function applyForms(
  deps: Deps,
  appId: string,
  targets: TargetForm[],
  userId: string | null,
): Promise<Map<string, FormDef>> {
  const db: Db = deps.db;
  const ids = new Map(targets.filter((t) => t.id).map((t) => [t.key, t.id!]));
  const existing = (
    await db.selectFrom('forms').select(['id', 'key']).where('app_id', '=', appId).execute()
  ).map((r) => [r.key, r.id] as const);
  for (const [k, id] of existing) if (!ids.has(k)) ids.set(k, id);
  const load = (key: string) => getFormDef(db, ids.get(key)!);
  // How many target fields each form's last save had; existing fields count as saved.
  const included = new Map(
    targets.filter((t) => t.id).map((t) => [t.key, t.fields.filter((f) => f.id).length]),
  );
  const saved = new Set<string>();

  const forwardId = async (f: TemplateField) =>
    (await load(f.form!)).fields.find((x) => x.key === f.reverseOf && isForward(x))?.id;

  /** The fields that can be saved now, in target order, each as form input. */
  async function resolvable(
    t: TargetForm,
    cur: FormDef | undefined,
    only: (f: TemplateField) => boolean = () => true,
  ): Promise<{ inputs: Array<Record<string, unknown>>; count: number }> {
    const chosen = new Map<number, Record<string, unknown>>();
    const keys = new Set<string>();
    const matched = new Set<string>();
    const ownKeys = new Set(t.fields.map((f) => f.key));
    let grew = true;
    while (grew) {
      grew = false;
      for (const [i, f] of t.fields.entries()) {
        if (chosen.has(i) || !only(f)) continue;
        const input = await asInput(f, t, cur, keys, ownKeys);
        if (!input) continue;
        chosen.set(i, input);
        keys.add(f.key);
        if (input.id) matched.add(input.id as string);
        grew = true;
      }
    }
    const inputs = [...chosen.entries()].sort(([a], [b]) => a - b).map(([, x]) => x);
    // Fields the target does not mention (automatic reverse sides) stay as they are.
    for (const f of cur?.fields ?? []) if (!matched.has(f.id) && !keys.has(f.key)) inputs.push(f);
    return { inputs, count: chosen.size };
  }

  async function asInput(
    f: TemplateField & { id?: string },
    t: TargetForm,
    cur: FormDef | undefined,
    keys: Set<string>,
    ownKeys: Set<string>,
  ): Promise<Record<string, unknown> | undefined> {
    const { form, reverseOf, ...rest } = f;
    if (f.type === 'relation') {
      if (!ids.has(form!)) return undefined;
      if (!reverseOf) {
        const saved = !f.id && cur?.fields.find((x) => x.key === f.key && isForward(x));
        return { ...rest, ...(saved ? { id: saved.id } : {}), formId: ids.get(form!) };
      }
      const fwd = await forwardId(f);
      const rev = fwd && cur?.fields.find((x) => (x as RelationField).reverseOf === fwd);
      return rev
        ? { ...rest, id: rev.id, formId: ids.get(form!), reverseOf: fwd, multiple: true }
        : undefined;
    }
    if (f.id) return rest;
    // Saved in an earlier round: the same field, so it keeps its id (and column).
    const saved = cur?.fields.find((x) => x.key === f.key && !(x as RelationField).reverseOf);
    if (saved) return { ...rest, id: saved.id };
    const have = (k: string) => keys.has(k) || (!ownKeys.has(k) && !!cur?.fields.some((x) => x.key === k));
    if (refersThrough(f.type)) {
      const relKey = f.relationField as string;
      if (!have(relKey)) return undefined;
      const rel =
        t.fields.find((x) => x.key === relKey) ??
        (cur?.fields.find((x) => x.key === relKey) as TemplateField | undefined);
      const targetKey =
        rel?.form ?? [...ids].find(([, id]) => id === (rel as { formId?: string } | undefined)?.formId)?.[0];
      if (
        f.targetField &&
        targetKey &&
        targetKey !== t.key &&
        !(await load(targetKey)).fields.some((x) => x.key === f.targetField || x.id === f.targetField)
      )
        return undefined;
      return rest;
    }
    if (f.type === 'formula')
      return formulaDeps(f.expression as string).every((k) => have(k) || !ownKeys.has(k)) ? rest : undefined;
    return rest;
  }

  function formInput(t: TargetForm, fields: Array<Record<string, unknown>>): FormInput {
    const present = new Set(fields.flatMap((f) => [f.key as string, f.id as string]));
    const layout = t.layout?.sections
      ? {
          ...t.layout,
          sections: t.layout.sections.map((s) => ({ ...s, fields: s.fields.filter((k) => present.has(k)) })),
        }
      : t.layout;
    return {
      key: t.key,
      name: t.name,
      description: t.description,
      icon: t.icon,
      fields,
      layout,
      titleField: t.titleField && present.has(t.titleField) ? t.titleField : undefined,
    } as FormInput;
  }

  for (const t of targets.filter((x) => !ids.has(x.key))) {
    const { inputs, count } = await resolvable(
      t,
      undefined,
      (f) => !['relation', 'lookup', 'rollup'].includes(f.type),
    );
    const def = await createForm(deps, appId, formInput(t, inputs), userId);
    ids.set(t.key, def.id);
    included.set(t.key, count);
    saved.add(t.key);
  }
  for (let round = 0; ; round++) {
    let progress = false;
    let pending: { t: TargetForm; index: number } | undefined;
    for (const t of targets) {
      const cur = await load(t.key);
      const { inputs, count } = await resolvable(t, cur);
      const more = count > (included.get(t.key) ?? -1);
      if (more || (t.dirty && !saved.has(t.key))) {
        await replaceForm(deps, ids.get(t.key)!, formInput(t, inputs), userId);
        progress ||= more;
        included.set(t.key, count);
        saved.add(t.key);
      }
      if (count < t.fields.length && !pending)
        pending = { t, index: t.fields.findIndex((f) => !inputs.some((x) => x.key === f.key)) };
    }
    if (!pending) break;
    if (!progress || round > 8)
      throw invalid(`/forms/${pending.t.index}/fields/${pending.index}: cannot be resolved`, [
        {
          path: `/forms/${pending.t.index}/fields/${pending.index}`,
          message: 'refers to something that does not exist',
        },
      ]);
  }
  const out = new Map<string, FormDef>();
  for (const [key] of ids) out.set(key, await load(key));
  return out;
}
