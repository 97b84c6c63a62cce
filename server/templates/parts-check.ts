import type { ErrorDetail } from '../errors.js';
import { checkWidget } from '../dashboards/widget-check.js';
import { checkFilter, type FilterContext } from '../filter/index.js';
import { buildModel, type FormModel } from '../forms/form-model.js';
import type { FormDef } from '../forms/forms.schema.js';
import { parseSort } from '../records/records.query.js';
import { checkWorkflow } from '../workflows/workflow-check.js';
import { automationForms, rolesNamed } from './template-refs.js';
import type { TemplateDoc, TemplateView } from './template.schema.js';

const sortErrors = (model: FormModel, sort: string | undefined, path: string): ErrorDetail[] => {
  try {
    parseSort(model, sort);
    return [];
  } catch (e) {
    return ((e as { details?: ErrorDetail[] }).details ?? []).map((d) => ({ ...d, path }));
  }
};

/** A view's field references against its form (as saving the view checks them). */
export function viewErrors(
  v: Omit<TemplateView, 'form'>,
  model: FormModel,
  fctx: FilterContext,
  path: string,
): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (v.filter) errors.push(...checkFilter(v.filter, fctx, `${path}/filter`));
  if (v.sort) errors.push(...sortErrors(model, v.sort, `${path}/sort`));
  const known = (k: string) => fctx.fields.has(k) || model.byKey.has(k);
  (v.fields ?? []).forEach(
    (k, i) => !known(k) && errors.push({ path: `${path}/fields/${i}`, message: `unknown field "${k}"` }),
  );
  (v.groupBy ?? []).forEach(
    (k, i) => !known(k) && errors.push({ path: `${path}/groupBy/${i}`, message: `unknown field "${k}"` }),
  );
  if (v.kanban && !known(v.kanban.groupField))
    errors.push({ path: `${path}/kanban/groupField`, message: `unknown field "${v.kanban.groupField}"` });
  if (v.calendar && !['date', 'datetime'].includes(model.byKey.get(v.calendar.dateField)?.kind ?? ''))
    errors.push({ path: `${path}/calendar/dateField`, message: 'must be a date or date-time field' });
  return errors;
}

function duplicates<T>(
  items: T[],
  keyOf: (x: T) => string,
  path: (i: number) => string,
  what: string,
): ErrorDetail[] {
  const seen = new Set<string>();
  return items.flatMap((x, i) => {
    const k = keyOf(x);
    if (seen.has(k)) return [{ path: path(i), message: `duplicate ${what} "${k}"` }];
    seen.add(k);
    return [];
  });
}

/** Duplicate keys anywhere in a template (forms, views of a form, workflows, automations, dashboards, roles). */
export function duplicateErrors(doc: TemplateDoc): ErrorDetail[] {
  return [
    ...duplicates(
      doc.forms,
      (f) => f.key,
      (i) => `/forms/${i}/key`,
      'form key',
    ),
    ...duplicates(
      doc.views,
      (v) => `${v.form}/${v.key ?? v.name}`,
      (i) => `/views/${i}/${doc.views[i].key ? 'key' : 'name'}`,
      'view',
    ),
    ...duplicates(
      doc.workflows,
      (w) => w.form,
      (i) => `/workflows/${i}/form`,
      'workflow of form',
    ),
    ...duplicates(
      doc.automations ?? [],
      (a) => a.key ?? a.name,
      (i) => `/automations/${i}/${doc.automations![i].key ? 'key' : 'name'}`,
      'automation',
    ),
    ...duplicates(
      doc.dashboards ?? [],
      (d) => d.key ?? d.name,
      (i) => `/dashboards/${i}/${doc.dashboards![i].key ? 'key' : 'name'}`,
      'dashboard',
    ),
    ...duplicates(
      doc.roles ?? [],
      (r) => r.key,
      (i) => `/roles/${i}/key`,
      'role key',
    ),
  ];
}

/**
 * Checks what refers to forms (views, workflows, automations, dashboards, roles, inline sample
 * data) against the template's own forms, without a database. Paths point into the template.
 */
export function partsErrors(doc: TemplateDoc, defs: Map<string, FormDef>): ErrorDetail[] {
  const byId = new Map([...defs.values()].map((d) => [d.id, d]));
  const models = new Map<string, FormModel>();
  const model = (key: string) => {
    const def = defs.get(key);
    if (!def) return undefined;
    if (!models.has(key)) models.set(key, buildModel(def, byId));
    return models.get(key)!;
  };
  const fctx = (m: FormModel): FilterContext => ({
    fields: m.filterFields,
    userId: 'usr_template000000000000',
    departmentIds: [],
    now: new Date(),
    timeZone: 'Asia/Shanghai',
    engine: 'sqlite',
  });
  const noForm = (key: string, path: string): ErrorDetail => ({ path, message: `no form with key "${key}"` });
  const roles = new Set((doc.roles ?? []).map((r) => r.key));
  const roleErrors = (value: unknown, base: string) =>
    rolesNamed(value)
      .filter((r) => !roles.has(r.ref))
      .map((r) => ({ path: base + r.path, message: `no role with key "${r.ref}"` }));
  const errors: ErrorDetail[] = [];

  doc.views.forEach((v, i) => {
    const m = model(v.form);
    if (!m) return errors.push(noForm(v.form, `/views/${i}/form`));
    errors.push(...viewErrors(v, m, fctx(m), `/views/${i}`));
  });
  doc.workflows.forEach((w, i) => {
    const m = model(w.form);
    if (!m) return errors.push(noForm(w.form, `/workflows/${i}/form`));
    errors.push(
      ...checkWorkflow(w, m).errors.map((e) => ({ ...e, path: `/workflows/${i}${e.path}` })),
      ...roleErrors(w, `/workflows/${i}`),
    );
  });
  (doc.automations ?? []).forEach((a, i) => {
    for (const ref of automationForms(a))
      if (!defs.has(ref.ref)) errors.push(noForm(ref.ref, `/automations/${i}${ref.path}`));
    errors.push(...roleErrors(a.actions, `/automations/${i}/actions`));
  });
  (doc.dashboards ?? []).forEach((d, i) =>
    d.widgets.forEach((w, j) => {
      const m = model(w.formId);
      if (!m) return errors.push(noForm(w.formId, `/dashboards/${i}/widgets/${j}/formId`));
      errors.push(...checkWidget(w, m, fctx(m), `/dashboards/${i}/widgets/${j}`));
    }),
  );
  (doc.roles ?? []).forEach((r, i) =>
    r.grants.forEach((g, j) => {
      if (!g.form) return;
      const m = model(g.form);
      if (!m) return errors.push(noForm(g.form, `/roles/${i}/grants/${j}/form`));
      for (const k of Object.keys(g.fields ?? {}))
        if (!m.byKey.has(k))
          errors.push({ path: `/roles/${i}/grants/${j}/fields/${k}`, message: `unknown field "${k}"` });
      if (typeof g.scope === 'object')
        errors.push(...checkFilter(g.scope.filter, fctx(m), `/roles/${i}/grants/${j}/scope/filter`));
    }),
  );
  if (Array.isArray(doc.sampleData)) {
    const refs = new Set<string>();
    doc.sampleData.forEach((block, i) => {
      const m = model(block.form);
      if (!m) return errors.push(noForm(block.form, `/sampleData/${i}/form`));
      block.records.forEach((r, j) => {
        if (r.ref && refs.has(r.ref))
          errors.push({ path: `/sampleData/${i}/records/${j}/ref`, message: `duplicate ref "${r.ref}"` });
        if (r.ref) refs.add(r.ref);
        for (const k of Object.keys(r.fields))
          if (!m.byKey.has(k))
            errors.push({
              path: `/sampleData/${i}/records/${j}/fields/${k}`,
              message: `"${m.def.name}" has no field "${k}"`,
            });
      });
    });
  }
  return errors;
}
