import type { ErrorDetail } from '../errors.js';
import type { FormModel } from '../forms/form-model.js';
import type { Transition, Workflow } from './workflow.schema.js';

export interface WorkflowCheck {
  errors: ErrorDetail[];
  /** Problems that do not stop a save but a designer should see. */
  warnings: ErrorDetail[];
}

/**
 * Checks a workflow against its form: unique state keys, an existing initial state, transitions and
 * time limits naming existing states and fields, member fields for `userFields`; warns about states
 * no transition reaches.
 */
export function checkWorkflow(wf: Workflow, model: FormModel): WorkflowCheck {
  const errors: ErrorDetail[] = [];
  const warnings: ErrorDetail[] = [];
  const known = new Set<string>();
  wf.states.forEach((s, i) => {
    if (known.has(s.key)) errors.push({ path: `/states/${i}/key`, message: `duplicate state "${s.key}"` });
    known.add(s.key);
    (s.readonlyFields ?? []).forEach(
      (f, j) =>
        !model.byKey.has(f) &&
        errors.push({ path: `/states/${i}/readonlyFields/${j}`, message: `unknown field "${f}"` }),
    );
  });
  if (!known.has(wf.initial)) errors.push({ path: '/initial', message: `"${wf.initial}" is not a state` });
  const checkTransitions = (list: Transition[], base: string) =>
    list.forEach((t, i) => {
      for (const f of t.from === '*' ? [] : Array.isArray(t.from) ? t.from : [t.from])
        if (!known.has(f)) errors.push({ path: `${base}/${i}/from`, message: `"${f}" is not a state` });
      if (!known.has(t.to)) errors.push({ path: `${base}/${i}/to`, message: `"${t.to}" is not a state` });
      (t.requiredFields ?? []).forEach(
        (f, j) =>
          !model.byKey.has(f) &&
          errors.push({ path: `${base}/${i}/requiredFields/${j}`, message: `unknown field "${f}"` }),
      );
      (t.allow?.userFields ?? []).forEach(
        (f, j) =>
          model.byKey.get(f)?.def.type !== 'member' &&
          errors.push({
            path: `${base}/${i}/allow/userFields/${j}`,
            message: `"${f}" is not a member field`,
          }),
      );
    });
  const checkSla = (list: Workflow['sla'], base: string) =>
    list.forEach((s, i) => {
      if (!known.has(s.state))
        errors.push({ path: `${base}/${i}/state`, message: `"${s.state}" is not a state` });
      if (
        s.from &&
        s.from !== 'enteredState' &&
        !['date', 'datetime'].includes(model.byKey.get(s.from)?.kind ?? '')
      )
        errors.push({ path: `${base}/${i}/from`, message: `"${s.from}" is not a date field` });
      s.escalations.forEach(
        (e, j) =>
          e.moveTo &&
          !known.has(e.moveTo) &&
          errors.push({
            path: `${base}/${i}/escalations/${j}/moveTo`,
            message: `"${e.moveTo}" is not a state`,
          }),
      );
    });
  checkTransitions(wf.transitions, '/transitions');
  checkSla(wf.sla, '/sla');
  wf.variants.forEach((v, i) => {
    if (v.transitions) checkTransitions(v.transitions, `/variants/${i}/transitions`);
    if (v.sla) checkSla(v.sla, `/variants/${i}/sla`);
  });
  const reached = new Set([wf.initial]);
  for (const t of [...wf.transitions, ...wf.variants.flatMap((v) => v.transitions ?? [])]) reached.add(t.to);
  for (const e of [...wf.sla, ...wf.variants.flatMap((v) => v.sla ?? [])].flatMap((s) => s.escalations))
    if (e.moveTo) reached.add(e.moveTo);
  wf.states.forEach(
    (s, i) =>
      !reached.has(s.key) &&
      warnings.push({ path: `/states/${i}`, message: `no transition reaches "${s.label}"` }),
  );
  return { errors, warnings };
}
