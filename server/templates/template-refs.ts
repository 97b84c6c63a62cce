import type { Action } from '../automations/automations.schema.js';
import type { Workflow } from '../workflows/workflow.schema.js';
import type { TemplateAutomation, TemplateDashboard } from './template.schema.js';

/** Maps one reference (a form key to its id, or back); answers undefined for an unknown one. */
export type RefMap = (ref: string) => string | undefined;

/** Replaces references, keeping unknown ones as they are (the checks that follow name them). */
const keep = (map: RefMap) => (ref: string) => map(ref) ?? ref;

function mapActions(actions: Action[], form: RefMap, role: RefMap): Action[] {
  return actions.map((a): Action => {
    switch (a.type) {
      case 'createRecord':
      case 'upsert':
        return { ...a, formId: keep(form)(a.formId) };
      case 'updateRecord':
        return a.where ? { ...a, where: { ...a.where, formId: keep(form)(a.where.formId) } } : a;
      case 'notify':
        return a.to.roles ? { ...a, to: { ...a.to, roles: a.to.roles.map(keep(role)) } } : a;
      case 'branch':
        return {
          ...a,
          then: mapActions(a.then, form, role),
          ...(a.else ? { else: mapActions(a.else, form, role) } : {}),
        };
      default:
        return a;
    }
  });
}

/** An automation with its form and role references mapped (keys ↔ ids). */
export function mapAutomation<T extends Pick<TemplateAutomation, 'trigger' | 'actions'>>(
  a: T,
  form: RefMap,
  role: RefMap,
): T {
  const t = a.trigger;
  const trigger = 'formId' in t && t.formId ? { ...t, formId: keep(form)(t.formId) } : t;
  return { ...a, trigger, actions: mapActions(a.actions, form, role) };
}

/** A dashboard with each widget's form mapped. */
export function mapDashboard<T extends Pick<TemplateDashboard, 'widgets'>>(d: T, form: RefMap): T {
  return { ...d, widgets: d.widgets.map((w) => ({ ...w, formId: keep(form)(w.formId) })) };
}

type Transitions = Workflow['transitions'];
type Slas = Workflow['sla'];

/** A workflow with the roles it names (who may move, whom to notify) mapped. */
export function mapWorkflowRoles<T extends Pick<Workflow, 'transitions' | 'sla' | 'variants'>>(
  wf: T,
  role: RefMap,
): T {
  const r = keep(role);
  const transitions = (list: Transitions): Transitions =>
    list.map((t) => (t.allow?.roles ? { ...t, allow: { ...t.allow, roles: t.allow.roles.map(r) } } : t));
  const sla = (list: Slas): Slas =>
    list.map((s) => ({
      ...s,
      escalations: s.escalations.map((e) =>
        e.notify
          ? {
              ...e,
              notify: e.notify.map((n) => (typeof n === 'object' && 'role' in n ? { role: r(n.role) } : n)),
            }
          : e,
      ),
    }));
  return {
    ...wf,
    transitions: transitions(wf.transitions),
    sla: sla(wf.sla ?? []),
    variants: (wf.variants ?? []).map((v) => ({
      ...v,
      ...(v.transitions ? { transitions: transitions(v.transitions) } : {}),
      ...(v.sla ? { sla: sla(v.sla) } : {}),
    })),
  };
}

/** Every form an automation names, with the JSON pointer where. */
export function automationForms(
  a: Pick<TemplateAutomation, 'trigger' | 'actions'>,
): Array<{ ref: string; path: string }> {
  const out: Array<{ ref: string; path: string }> = [];
  if ('formId' in a.trigger && a.trigger.formId) out.push({ ref: a.trigger.formId, path: '/trigger/formId' });
  const visit = (actions: Action[], prefix: string) =>
    actions.forEach((x, i) => {
      if (x.type === 'createRecord' || x.type === 'upsert')
        out.push({ ref: x.formId, path: `${prefix}/${i}/formId` });
      if (x.type === 'updateRecord' && x.where)
        out.push({ ref: x.where.formId, path: `${prefix}/${i}/where/formId` });
      if (x.type === 'branch') {
        visit(x.then, `${prefix}/${i}/then`);
        visit(x.else ?? [], `${prefix}/${i}/else`);
      }
    });
  visit(a.actions, '/actions');
  return out;
}

/** Every role a workflow or automation names, with where. */
export function rolesNamed(value: unknown, path = ''): Array<{ ref: string; path: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => rolesNamed(v, `${path}/${i}`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    if (k === 'roles' && Array.isArray(v))
      return v.map((r, i) => ({ ref: String(r), path: `${path}/roles/${i}` }));
    if (k === 'role' && typeof v === 'string') return [{ ref: v, path: `${path}/role` }];
    return rolesNamed(v, `${path}/${k}`);
  });
}
