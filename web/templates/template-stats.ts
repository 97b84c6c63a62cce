import type { TemplateDocument, TemplateForm } from '../api/templates';

/** What a template holds, for its card: forms, fields, workflows, automations, dashboards, views. */
export interface TemplateStats {
  forms: number;
  fields: number;
  workflows: number;
  automations: number;
  dashboards: number;
  views: number;
}

const count = (v: unknown): number =>
  Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0;

/** The forms of a template document, whether listed or keyed by form key. */
export function formsOf(doc: Pick<TemplateDocument, 'forms'> | undefined): TemplateForm[] {
  const f = doc?.forms as unknown;
  if (Array.isArray(f)) return f as TemplateForm[];
  if (f && typeof f === 'object')
    return Object.entries(f as Record<string, TemplateForm>).map(([key, form]) => ({
      ...form,
      key: form.key ?? key,
    }));
  return [];
}

/** Counts what is inside a template; workflows may also sit on its forms. */
export function templateStats(doc: TemplateDocument | undefined): TemplateStats {
  const forms = formsOf(doc);
  const onForms = forms.filter((f) => (f as { workflow?: unknown }).workflow).length;
  return {
    forms: forms.length,
    fields: forms.reduce((n, f) => n + (f.fields?.length ?? 0), 0),
    workflows: count(doc?.workflows) + onForms,
    automations: count(doc?.automations),
    dashboards: count(doc?.dashboards),
    views: count(doc?.views),
  };
}

export type PlanAction = 'add' | 'change' | 'remove' | 'keep' | 'conflict';

/** One line of an upgrade plan: what happens to which thing. */
export interface PlanLine {
  action: PlanAction | string;
  kind?: string;
  text: string;
}

const ACTION_WORDS: Record<string, PlanAction> = {
  add: 'add',
  added: 'add',
  create: 'add',
  created: 'add',
  new: 'add',
  change: 'change',
  changed: 'change',
  update: 'change',
  updated: 'change',
  modify: 'change',
  remove: 'remove',
  removed: 'remove',
  delete: 'remove',
  deleted: 'remove',
  keep: 'keep',
  kept: 'keep',
  conflict: 'conflict',
  unchanged: 'keep',
  skip: 'keep',
  skipped: 'keep',
};

const nameOf = (x: Record<string, unknown>) => {
  const name = String(x.name ?? x.label ?? x.title ?? x.key ?? x.path ?? x.id ?? JSON.stringify(x));
  return typeof x.form === 'string' && x.form !== name ? `${x.form}.${name}` : name;
};

/**
 * Reads an upgrade plan into lines, tolerating the shapes a plan may take: a list of changes
 * (`{action|op|type, kind, name|key|path}`), or groups by kind and action
 * (`{forms: {added: [...], changed: [...]}}`, `{added: [...]}`).
 */
export function planLines(plan: unknown, kind?: string): PlanLine[] {
  if (!plan) return [];
  if (Array.isArray(plan))
    return plan.flatMap((item): PlanLine[] => {
      if (typeof item === 'string') return [{ action: 'change', kind, text: item }];
      if (!item || typeof item !== 'object') return [];
      const o = item as Record<string, unknown>;
      const word = String(o.action ?? o.op ?? o.change ?? o.type ?? 'change');
      const detail =
        typeof o.message === 'string'
          ? o.message
          : typeof o.description === 'string'
            ? o.description
            : undefined;
      return [
        {
          action: ACTION_WORDS[word] ?? word,
          kind: (o.kind as string | undefined) ?? kind,
          text: detail ? `${nameOf(o)}: ${detail}` : nameOf(o),
        },
      ];
    });
  if (typeof plan === 'object') {
    const o = plan as Record<string, unknown>;
    if (Array.isArray(o.items)) return planLines(o.items, kind);
    if (Array.isArray(o.changes)) return planLines(o.changes, kind);
    if (Array.isArray(o.steps)) return planLines(o.steps, kind);
    return Object.entries(o).flatMap(([k, v]) => {
      if (ACTION_WORDS[k] && Array.isArray(v))
        return v.map((x) => ({
          action: ACTION_WORDS[k],
          kind,
          text: typeof x === 'string' ? x : nameOf(x as Record<string, unknown>),
        }));
      if (v && typeof v === 'object') return planLines(v, k);
      return [];
    });
  }
  return [];
}
