import { type ErrorDetail, invalid } from '../errors.js';
import type { FormDef } from '../forms/forms.schema.js';
import { issuesToDetails, unstorableText } from '../shared/validate.js';
import { dryRunForms, relationErrors } from './form-dry-run.js';
import { duplicateErrors, partsErrors } from './parts-check.js';
import { formToTemplate } from './template-fields.js';
import { type TemplateDoc, type TemplateForm, templateSchema } from './template.schema.js';

/** A template's definitions in the one shape both a template and an installed app can be compared in. */
export interface TemplateParts {
  forms: TemplateForm[];
  views: Array<TemplateDoc['views'][number] & { key: string; position: number }>;
  workflows: TemplateDoc['workflows'];
  automations: Array<NonNullable<TemplateDoc['automations']>[number] & { key: string }>;
  dashboards: Array<NonNullable<TemplateDoc['dashboards']>[number] & { key: string }>;
  roles: NonNullable<TemplateDoc['roles']>;
}

export interface CheckedTemplate {
  doc: TemplateDoc;
  /** The forms as the server would store them (dry run), by key. */
  defs: Map<string, FormDef>;
  parts: TemplateParts;
}

/** The parts of a parsed, checked template in comparable shape (keys filled in, forms normalized). */
export function partsOf(doc: TemplateDoc, defs: Map<string, FormDef>): TemplateParts {
  const byId = new Map([...defs.values()].map((d) => [d.id, d]));
  return {
    forms: doc.forms.map((f) => formToTemplate(defs.get(f.key)!, byId)),
    views: doc.views.map(({ $schema: _s, ...v }, i) => ({
      ...v,
      key: v.key ?? v.name,
      position: v.position ?? i,
    })),
    workflows: doc.workflows.map(
      ({ $schema: _s, version: _v, ...w }) => w as TemplateDoc['workflows'][number],
    ),
    automations: (doc.automations ?? []).map(
      ({
        $schema: _s,
        id: _i,
        appId: _a,
        version: _v,
        createdBy: _c,
        createdAt: _ca,
        updatedAt: _u,
        ...a
      }) => ({ ...a, key: a.key ?? a.name }),
    ),
    dashboards: (doc.dashboards ?? []).map(({ $schema: _s, id: _i, appId: _a, version: _v, ...d }) => ({
      ...d,
      key: d.key ?? d.name,
    })),
    roles: doc.roles ?? [],
  };
}

/**
 * Parses and checks a template document without touching the database: its shape (zod), unique
 * keys, references by key (forms, fields, roles), and every form as the server would save it
 * (formula cycles and type errors, lookups, layouts). Throws 422 naming each problem's place in
 * the document, e.g. `/forms/2/fields/5/form`: no form with key "custmers".
 */
export function checkTemplate(raw: unknown): CheckedTemplate {
  const fail = (errors: ErrorDetail[]): never => {
    throw invalid(`${errors[0].path || '/'}: ${errors[0].message}`, errors.slice(0, 100));
  };
  const parsed = templateSchema.safeParse(raw);
  if (!parsed.success) fail(issuesToDetails(parsed.error!.issues));
  const unstorable = unstorableText(parsed.data);
  if (unstorable) fail([unstorable]);
  const doc = parsed.data as TemplateDoc;
  const basic = [...duplicateErrors(doc), ...relationErrors(doc.forms)];
  if (basic.length) fail(basic);
  const { defs, errors } = dryRunForms(doc.forms);
  if (errors.length) fail(errors);
  const partErrors = partsErrors(doc, defs);
  if (partErrors.length) fail(partErrors);
  return { doc, defs, parts: partsOf(doc, defs) };
}
