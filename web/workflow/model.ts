import type { ErrorDetail } from '../api/types';
import type { Workflow, WorkflowInput } from '../api/workflows';

/** The document the designer edits (the server's workflow shape, version included). */
export type Draft = Omit<Workflow, 'version'> & { version?: number };
export type State = Draft['states'][number];
export type Transition = Draft['transitions'][number];
export type Sla = Draft['sla'][number];
export type Escalation = Sla['escalations'][number];
export type NotifyTarget = NonNullable<Escalation['notify']>[number];
export type Variant = Draft['variants'][number];
export type Category = State['category'];

export const CATEGORIES: readonly Category[] = ['todo', 'doing', 'done', 'cancelled'];
export const STATE_COLORS = [
  'default',
  'blue',
  'cyan',
  'green',
  'gold',
  'orange',
  'red',
  'magenta',
  'purple',
  'geekblue',
] as const;
const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** A form field, as far as the designer needs one. */
export interface FieldInfo {
  key: string;
  label: string;
  type: string;
}

/** What a new workflow starts with: 待处理 → 处理中 → 已完成, and 已取消 from anywhere. */
export function starterWorkflow(labels: {
  todo: string;
  doing: string;
  done: string;
  cancelled: string;
  start: string;
  finish: string;
  cancel: string;
}): Draft {
  return {
    states: [
      { key: 'todo', label: labels.todo, color: 'default', category: 'todo' },
      { key: 'doing', label: labels.doing, color: 'blue', category: 'doing' },
      { key: 'done', label: labels.done, color: 'green', category: 'done' },
      { key: 'cancelled', label: labels.cancelled, color: 'red', category: 'cancelled' },
    ],
    initial: 'todo',
    transitions: [
      { from: 'todo', to: 'doing', label: labels.start },
      { from: 'doing', to: 'done', label: labels.finish },
      { from: ['todo', 'doing'], to: 'cancelled', label: labels.cancel },
    ],
    sla: [],
    variants: [],
  };
}

/**
 * Moves the state `activeKey` to where `overKey` is (what a dropped column means), keeping every
 * other state in order; unknown keys change nothing.
 *
 * @example moveState([a, b, c], 'a', 'c') // [b, c, a]
 */
export function moveState<T extends { key: string }>(
  states: readonly T[],
  activeKey: string,
  overKey: string,
): T[] {
  const from = states.findIndex((s) => s.key === activeKey);
  const to = states.findIndex((s) => s.key === overKey);
  if (from < 0 || to < 0 || from === to) return [...states];
  const out = [...states];
  const [moved] = out.splice(from, 1);
  out.splice(to, 0, moved);
  return out;
}

/** A key no state has yet: `state_1`, `state_2`, … */
export function nextStateKey(states: readonly { key: string }[]): string {
  const taken = new Set(states.map((s) => s.key));
  for (let n = states.length + 1; ; n++) if (!taken.has(`state_${n}`)) return `state_${n}`;
}

/** Removes a state; when it was the initial one, the first remaining state becomes initial. References elsewhere stay for validation to point out. */
export function removeState(d: Draft, key: string): Draft {
  const states = d.states.filter((s) => s.key !== key);
  return { ...d, states, initial: d.initial === key ? (states[0]?.key ?? '') : d.initial };
}

/** The states a transition leaves from, `*` standing for every state. */
export const fromKeys = (t: Transition, all: readonly string[]): string[] =>
  t.from === '*' ? [...all] : Array.isArray(t.from) ? t.from : [t.from];

/** One problem found before saving; `path` is the JSON pointer the server would use. */
export interface Issue {
  path: string;
  code:
    | 'noStates'
    | 'duplicateKey'
    | 'badKey'
    | 'emptyLabel'
    | 'noInitial'
    | 'unknownState'
    | 'unknownField'
    | 'notMemberField'
    | 'notDateField'
    | 'noTransitions'
    | 'unreachable'
    | 'deadEnd'
    | 'selfOnly'
    | 'noFrom'
    | 'badHours'
    | 'escalationLate'
    | 'duplicateVariant'
    | 'noDepartment';
  /** The name the message mentions (a state key, field key, …). */
  name?: string;
}

export interface Validation {
  errors: Issue[];
  warnings: Issue[];
}

/**
 * The checks the designer runs before saving (the server runs them again): unique keys, an initial
 * state, transitions and time limits naming existing states and fields, member and date fields where
 * those are needed; warns about states nothing reaches and escalations later than the limit.
 */
export function validateWorkflow(d: Draft, fields: readonly FieldInfo[]): Validation {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const known = new Set<string>();
  if (!d.states.length) errors.push({ path: '/states', code: 'noStates' });
  d.states.forEach((s, i) => {
    if (!KEY_RE.test(s.key)) errors.push({ path: `/states/${i}/key`, code: 'badKey', name: s.key });
    else if (known.has(s.key)) errors.push({ path: `/states/${i}/key`, code: 'duplicateKey', name: s.key });
    known.add(s.key);
    if (!s.label.trim()) errors.push({ path: `/states/${i}/label`, code: 'emptyLabel' });
    (s.readonlyFields ?? []).forEach(
      (f, j) =>
        !byKey.has(f) &&
        errors.push({ path: `/states/${i}/readonlyFields/${j}`, code: 'unknownField', name: f }),
    );
  });
  if (d.states.length && !known.has(d.initial))
    errors.push({ path: '/initial', code: 'noInitial', name: d.initial });

  const checkTransitions = (list: readonly Transition[], base: string) =>
    list.forEach((t, i) => {
      const from = t.from === '*' ? [] : Array.isArray(t.from) ? t.from : [t.from];
      if (t.from !== '*' && !from.length) errors.push({ path: `${base}/${i}/from`, code: 'noFrom' });
      for (const f of from)
        if (!known.has(f)) errors.push({ path: `${base}/${i}/from`, code: 'unknownState', name: f });
      if (!known.has(t.to)) errors.push({ path: `${base}/${i}/to`, code: 'unknownState', name: t.to });
      else if (from.length && from.every((f) => f === t.to))
        warnings.push({ path: `${base}/${i}/to`, code: 'selfOnly', name: t.to });
      (t.requiredFields ?? []).forEach(
        (f, j) =>
          !byKey.has(f) &&
          errors.push({ path: `${base}/${i}/requiredFields/${j}`, code: 'unknownField', name: f }),
      );
      (t.allow?.userFields ?? []).forEach(
        (f, j) =>
          byKey.get(f)?.type !== 'member' &&
          errors.push({ path: `${base}/${i}/allow/userFields/${j}`, code: 'notMemberField', name: f }),
      );
    });
  const checkSla = (list: readonly Sla[], base: string) =>
    list.forEach((s, i) => {
      if (!known.has(s.state))
        errors.push({ path: `${base}/${i}/state`, code: 'unknownState', name: s.state });
      if (!(s.hours > 0)) errors.push({ path: `${base}/${i}/hours`, code: 'badHours' });
      if (
        s.from &&
        s.from !== 'enteredState' &&
        !['date', 'datetime'].includes(byKey.get(s.from)?.type ?? '')
      )
        errors.push({ path: `${base}/${i}/from`, code: 'notDateField', name: s.from });
      s.escalations.forEach((e, j) => {
        if (!(e.afterHours > 0))
          errors.push({ path: `${base}/${i}/escalations/${j}/afterHours`, code: 'badHours' });
        if (e.moveTo && !known.has(e.moveTo))
          errors.push({ path: `${base}/${i}/escalations/${j}/moveTo`, code: 'unknownState', name: e.moveTo });
        if (
          (e.notify ?? []).some(
            (n) => typeof n === 'object' && 'userField' in n && byKey.get(n.userField)?.type !== 'member',
          )
        )
          errors.push({ path: `${base}/${i}/escalations/${j}/notify`, code: 'notMemberField' });
      });
    });
  checkTransitions(d.transitions, '/transitions');
  checkSla(d.sla, '/sla');
  const seen = new Set<string>();
  d.variants.forEach((v, i) => {
    if (!v.departmentId) errors.push({ path: `/variants/${i}/departmentId`, code: 'noDepartment' });
    else if (seen.has(v.departmentId))
      errors.push({ path: `/variants/${i}/departmentId`, code: 'duplicateVariant' });
    seen.add(v.departmentId);
    if (v.transitions) checkTransitions(v.transitions, `/variants/${i}/transitions`);
    if (v.sla) checkSla(v.sla, `/variants/${i}/sla`);
  });

  if (d.states.length > 1 && !d.transitions.length && !d.variants.some((v) => v.transitions?.length))
    warnings.push({ path: '/transitions', code: 'noTransitions' });
  const reached = reachableStates(d);
  d.states.forEach(
    (s, i) =>
      !reached.has(s.key) && warnings.push({ path: `/states/${i}`, code: 'unreachable', name: s.label }),
  );
  // A state that is not an end (已完成/已取消) but that nothing leaves: records would stop there.
  const leaves = leavingStates(d);
  d.states.forEach(
    (s, i) =>
      d.states.length > 1 &&
      reached.has(s.key) &&
      (s.category === 'todo' || s.category === 'doing') &&
      !leaves.has(s.key) &&
      warnings.push({ path: `/states/${i}`, code: 'deadEnd', name: s.label }),
  );
  return { errors, warnings };
}

/**
 * The states a record can get to from the initial state, following transitions (of the base and
 * every variant) and escalation moves.
 */
export function reachableStates(d: Draft): Set<string> {
  const all = d.states.map((s) => s.key);
  const edges = [...d.transitions, ...d.variants.flatMap((v) => v.transitions ?? [])].map((t) => ({
    from: fromKeys(t, all),
    to: t.to,
  }));
  for (const s of [...d.sla, ...d.variants.flatMap((v) => v.sla ?? [])])
    for (const e of s.escalations) if (e.moveTo) edges.push({ from: [s.state], to: e.moveTo });
  const reached = new Set(all.includes(d.initial) ? [d.initial] : []);
  let grew = true;
  while (grew) {
    grew = false;
    for (const e of edges)
      if (!reached.has(e.to) && e.from.some((f) => reached.has(f))) {
        reached.add(e.to);
        grew = true;
      }
  }
  return reached;
}

/** The states some transition (base or variant) or escalation move leads out of. */
function leavingStates(d: Draft): Set<string> {
  const all = d.states.map((s) => s.key);
  const out = new Set<string>();
  for (const t of [...d.transitions, ...d.variants.flatMap((v) => v.transitions ?? [])])
    for (const f of fromKeys(t, all)) if (f !== t.to) out.add(f);
  for (const s of [...d.sla, ...d.variants.flatMap((v) => v.sla ?? [])])
    if (s.escalations.some((e) => e.moveTo && e.moveTo !== s.state)) out.add(s.state);
  return out;
}

/** Issues (local or the server's 422 details) under one path prefix, e.g. `/transitions/2`. */
export function issuesUnder<T extends { path: string }>(issues: readonly T[], prefix: string): T[] {
  return issues.filter((i) => i.path === prefix || i.path.startsWith(`${prefix}/`));
}

/** How a variant differs from the base: transitions and time limits added, removed or changed. */
export interface VariantChanges {
  overridesTransitions: boolean;
  overridesSla: boolean;
  transitions: { added: number; removed: number; changed: number };
  sla: { added: number; removed: number; changed: number };
}

const transitionId = (t: Transition) =>
  `${JSON.stringify(t.from === '*' ? '*' : [...(Array.isArray(t.from) ? t.from : [t.from])].sort())}→${t.to}`;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function diff<T>(base: readonly T[], over: readonly T[], id: (x: T) => string) {
  const b = new Map(base.map((x) => [id(x), x]));
  const o = new Map(over.map((x) => [id(x), x]));
  let added = 0;
  let changed = 0;
  for (const [k, x] of o)
    if (!b.has(k)) added++;
    else if (!same(b.get(k), x)) changed++;
  const removed = [...b.keys()].filter((k) => !o.has(k)).length;
  return { added, removed, changed };
}

/** Compares a variant with the base, transition by (from → to) and time limit by state. */
export function variantChanges(d: Draft, v: Variant): VariantChanges {
  return {
    overridesTransitions: !!v.transitions,
    overridesSla: !!v.sla,
    transitions: v.transitions
      ? diff(d.transitions, v.transitions, transitionId)
      : { added: 0, removed: 0, changed: 0 },
    sla: v.sla ? diff(d.sla, v.sla, (s) => s.state) : { added: 0, removed: 0, changed: 0 },
  };
}

/** Whether each base transition appears unchanged, changed or not at all in a variant (for side-by-side). */
export function transitionStatus(
  base: Transition,
  variant: readonly Transition[],
): 'same' | 'changed' | 'removed' {
  const match = variant.find((t) => transitionId(t) === transitionId(base));
  return !match ? 'removed' : same(match, base) ? 'same' : 'changed';
}

/** Whether a variant's transition is new compared with the base. */
export const isNewTransition = (t: Transition, base: readonly Transition[]) =>
  !base.some((b) => transitionId(b) === transitionId(t));

/** The document to PUT: empty optional parts left out, the version kept for the conflict check. */
export function toSaveInput(d: Draft): WorkflowInput {
  // Empty lists and unset options are left out (escalations is required, so it stays).
  const clean = <T extends object>(o: T): T =>
    Object.fromEntries(
      Object.entries(o).filter(
        ([k, v]) => v !== undefined && !(Array.isArray(v) && !v.length && k !== 'escalations'),
      ),
    ) as T;
  const transition = (t: Transition): Transition => {
    const allow = t.allow && clean(t.allow);
    return clean({
      ...t,
      label: t.label?.trim() || undefined,
      allow:
        allow && Object.keys(allow).length && !(Object.keys(allow).length === 1 && allow.owner === false)
          ? allow
          : undefined,
      requireComment: t.requireComment || undefined,
    });
  };
  const sla = (s: Sla): Sla =>
    clean({
      ...s,
      from: s.from === 'enteredState' ? undefined : s.from,
      businessHours: s.businessHours || undefined,
      escalations: s.escalations.map((e) => clean({ ...e, message: e.message?.trim() || undefined })),
    });
  return {
    ...(d.version !== undefined ? { version: d.version } : {}),
    states: d.states.map((s) => clean({ ...s, label: s.label.trim() })),
    initial: d.initial,
    transitions: d.transitions.map(transition),
    sla: d.sla.map(sla),
    variants: d.variants.map((v) =>
      clean({ ...v, transitions: v.transitions?.map(transition), sla: v.sla?.map(sla) }),
    ),
  };
}

/** Server 422 details and warnings have the same shape as local issues, minus the code. */
export type ServerDetail = ErrorDetail;

/** Renames a state's key everywhere it is named: initial, transitions, time limits, escalations, variants. */
export function renameStateKey(d: Draft, from: string, to: string): Draft {
  if (from === to) return d;
  const k = (x: string) => (x === from ? to : x);
  const tr = (t: Transition): Transition => ({
    ...t,
    from: t.from === '*' ? '*' : Array.isArray(t.from) ? t.from.map(k) : k(t.from),
    to: k(t.to),
  });
  const sl = (s: Sla): Sla => ({
    ...s,
    state: k(s.state),
    escalations: s.escalations.map((e) => (e.moveTo ? { ...e, moveTo: k(e.moveTo) } : e)),
  });
  return {
    ...d,
    states: d.states.map((s) => (s.key === from ? { ...s, key: to } : s)),
    initial: k(d.initial),
    transitions: d.transitions.map(tr),
    sla: d.sla.map(sl),
    variants: d.variants.map((v) => ({ ...v, transitions: v.transitions?.map(tr), sla: v.sla?.map(sl) })),
  };
}
