import type { Filter } from '../filter/index.js';
import { renameFormulaRefs } from '../formula/index.js';
import type { TemplateParts } from './template-check.js';
import { same } from './template-fields.js';
import { mapAutomation, mapDashboard } from './template-refs.js';
import type { TemplateField, TemplateForm } from './template.schema.js';
import { refersThrough } from '../fields/facts.js';

export interface Merged<T> {
  value: T;
  /** Properties the template changed and the app had not: taken from the template. */
  changed: string[];
  /** Properties both changed differently: the app's kept. */
  conflicts: string[];
}

/**
 * Three-way merge of one object, property by property: base = as installed, theirs = the new
 * template, ours = the app now. What the template did not change stays ours; what only the
 * template changed is taken; where both changed differently, ours wins and it is reported.
 */
export function merge3<T extends object>(
  base: T | undefined,
  theirs: T,
  ours: T,
  ignore: string[] = [],
): Merged<T> {
  const b = (base ?? ours) as Record<string, unknown>;
  const t = theirs as Record<string, unknown>;
  const o = ours as Record<string, unknown>;
  const value: Record<string, unknown> = { ...o };
  const changed: string[] = [];
  const conflicts: string[] = [];
  for (const p of new Set([...Object.keys(b), ...Object.keys(t), ...Object.keys(o)])) {
    if (ignore.includes(p) || same(b[p], t[p]) || same(o[p], t[p])) continue;
    if (same(o[p], b[p])) {
      if (t[p] === undefined) delete value[p];
      else value[p] = t[p];
      changed.push(p);
    } else conflicts.push(p);
  }
  return { value: value as T, changed, conflicts };
}

/** Renames keys where a template refers to fields and forms, for an app whose user renamed some. */
export interface KeyMaps {
  form: (templateFormKey: string) => string;
  field: (templateFormKey: string, templateFieldKey: string) => string;
}

function renameFilter(f: unknown, field: (k: string) => string): unknown {
  if (!f || typeof f !== 'object') return f;
  const x = f as Record<string, unknown>;
  if ('and' in x) return { and: (x.and as Filter[]).map((c) => renameFilter(c, field)) };
  if ('or' in x) return { or: (x.or as Filter[]).map((c) => renameFilter(c, field)) };
  if ('not' in x) return { not: renameFilter(x.not, field) };
  return 'field' in x ? { ...x, field: field(x.field as string) } : x;
}

function renameField(f: TemplateField, formKey: string, m: KeyMaps): TemplateField {
  const own = (k: string) => m.field(formKey, k);
  const out: TemplateField = { ...f };
  if (f.type === 'relation') {
    out.form = m.form(f.form!);
    if (f.reverseOf) out.reverseOf = m.field(f.form!, f.reverseOf);
  }
  if (refersThrough(f.type)) {
    out.relationField = own(f.relationField as string);
    if (f.targetField) out.targetField = m.field(f.form ?? '', f.targetField as string);
  }
  if (f.type === 'formula') out.expression = renameFormulaRefs(f.expression as string, own);
  return out;
}

/**
 * A template's parts with references renamed to the app's keys (the parts' own keys stay, as they
 * identify them). Lookups find their related form through the relation they name.
 */
export function renameParts(p: TemplateParts, m: KeyMaps): TemplateParts {
  const forms: TemplateForm[] = p.forms.map((form) => {
    const rel = (k: string) => form.fields.find((x) => x.key === k);
    const own = (k: string) => m.field(form.key, k);
    return {
      ...form,
      fields: form.fields
        .map((f) =>
          renameField(
            refersThrough(f.type) ? { ...f, form: rel(f.relationField as string)?.form } : f,
            form.key,
            m,
          ),
        )
        .map(
          ({ form: target, ...f }) => (f.type === 'relation' ? { ...f, form: target } : f) as TemplateField,
        ),
      ...(form.layout?.sections
        ? {
            layout: {
              ...form.layout,
              sections: form.layout.sections.map((s) => ({ ...s, fields: s.fields.map(own) })),
            },
          }
        : {}),
      ...(form.titleField ? { titleField: own(form.titleField) } : {}),
    };
  });
  const views = p.views.map((v) => {
    const own = (k: string) => m.field(v.form, k);
    const sort = v.sort
      ?.split(',')
      .map((s) => s.trim().replace(/^([-+]?)(.*)$/, (_, sign: string, k: string) => sign + own(k)))
      .join(',');
    return {
      ...v,
      form: m.form(v.form),
      ...(v.filter ? { filter: renameFilter(v.filter, own) as Filter } : {}),
      ...(sort ? { sort } : {}),
      ...(v.fields ? { fields: v.fields.map(own) } : {}),
      ...(v.groupBy ? { groupBy: v.groupBy.map(own) } : {}),
      ...(v.kanban
        ? {
            kanban: {
              ...v.kanban,
              groupField: own(v.kanban.groupField),
              ...(v.kanban.cardFields ? { cardFields: v.kanban.cardFields.map(own) } : {}),
            },
          }
        : {}),
      ...(v.calendar
        ? {
            calendar: {
              dateField: own(v.calendar.dateField),
              ...(v.calendar.endField ? { endField: own(v.calendar.endField) } : {}),
              ...(v.calendar.titleField ? { titleField: own(v.calendar.titleField) } : {}),
            },
          }
        : {}),
    };
  });
  const workflows = p.workflows.map((w) => {
    const own = (k: string) => m.field(w.form, k);
    const fields = (xs?: string[]) => xs?.map(own);
    const transitions = (ts: typeof w.transitions) =>
      ts.map((t) => ({
        ...t,
        ...(t.requiredFields ? { requiredFields: fields(t.requiredFields) } : {}),
        ...(t.allow?.userFields ? { allow: { ...t.allow, userFields: fields(t.allow.userFields) } } : {}),
      }));
    const slas = (ss: typeof w.sla) =>
      ss.map((s) => ({
        ...s,
        ...(s.from && s.from !== 'enteredState' ? { from: own(s.from) } : {}),
        ...(s.when ? { when: renameFilter(s.when, own) } : {}),
      }));
    return {
      ...w,
      form: m.form(w.form),
      states: w.states.map((s) =>
        s.readonlyFields ? { ...s, readonlyFields: fields(s.readonlyFields) } : s,
      ),
      transitions: transitions(w.transitions),
      sla: slas(w.sla),
      variants: w.variants.map((v) => ({
        ...v,
        ...(v.transitions ? { transitions: transitions(v.transitions) } : {}),
        ...(v.sla ? { sla: slas(v.sla) } : {}),
      })),
    };
  });
  const automations = p.automations.map((a) => mapAutomation(a, m.form, (r) => r));
  const dashboards = p.dashboards.map((d) => mapDashboard(d, m.form));
  const roles = p.roles.map((r) => ({
    ...r,
    grants: r.grants.map((g) => (g.form ? { ...g, form: m.form(g.form) } : g)),
  }));
  return { ...p, forms, views, workflows, automations, dashboards, roles } as TemplateParts;
}
