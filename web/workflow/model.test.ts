import { describe, expect, it } from 'vitest';
import {
  type Draft,
  type FieldInfo,
  isNewTransition,
  moveState,
  nextStateKey,
  reachableStates,
  removeState,
  renameStateKey,
  toSaveInput,
  transitionStatus,
  validateWorkflow,
  variantChanges,
} from './model';

const st = (key: string, category: 'todo' | 'doing' | 'done' | 'cancelled' = 'doing') => ({
  key,
  label: key.toUpperCase(),
  category,
});
const fields: FieldInfo[] = [
  { key: 'amount', label: '金额', type: 'currency' },
  { key: 'dueDate', label: '截止日期', type: 'date' },
  { key: 'handler', label: '处理人', type: 'member' },
];
const base = (): Draft => ({
  states: [st('new', 'todo'), st('work'), st('done', 'done')],
  initial: 'new',
  transitions: [
    { from: 'new', to: 'work', label: '开始' },
    { from: 'work', to: 'done', label: '完成', requiredFields: ['amount'] },
  ],
  sla: [{ state: 'work', hours: 24, escalations: [{ afterHours: 24, notify: ['owner'] }] }],
  variants: [],
});
const codes = (issues: { code: string; path: string }[]) => issues.map((i) => `${i.code} ${i.path}`);

describe('reordering states by drag', () => {
  const s = ['a', 'b', 'c', 'd'].map((k) => ({ key: k }));
  it.each([
    ['forward', 'a', 'c', 'bcad'],
    ['backward', 'd', 'b', 'adbc'],
    ['to the end', 'a', 'd', 'bcda'],
    ['onto itself', 'b', 'b', 'abcd'],
    ['an unknown key', 'x', 'b', 'abcd'],
  ])('moves %s', (_n, active, over, want) => {
    expect(
      moveState(s, active, over)
        .map((x) => x.key)
        .join(''),
    ).toBe(want);
  });
  it('never loses or duplicates a state', () => {
    for (const a of 'abcd')
      for (const o of 'abcd')
        expect(
          moveState(s, a, o)
            .map((x) => x.key)
            .sort()
            .join(''),
        ).toBe('abcd');
  });
});

describe('editing states', () => {
  it('gives a new state a key nobody has', () => {
    expect(nextStateKey([{ key: 'state_4' }, { key: 'a' }, { key: 'b' }])).toBe('state_5');
    expect(nextStateKey([{ key: 'state_1' }])).toBe('state_2');
  });
  it('removing the initial state makes the first remaining one initial', () => {
    expect(removeState(base(), 'new').initial).toBe('work');
    expect(removeState(base(), 'done').initial).toBe('new');
  });
});

describe('checking a workflow before saving', () => {
  it('a sound workflow has no problems', () => {
    expect(validateWorkflow(base(), fields)).toEqual({ errors: [], warnings: [] });
  });

  it('points at transitions and time limits that name a deleted state', () => {
    const d = removeState(base(), 'work');
    expect(codes(validateWorkflow(d, fields).errors)).toEqual([
      'unknownState /transitions/0/to',
      'unknownState /transitions/1/from',
      'unknownState /sla/0/state',
    ]);
  });

  it('warns about a state that is not an end but that nothing leaves', () => {
    const d = base();
    d.states.push(st('review'));
    d.transitions.push({ from: 'work', to: 'review' });
    expect(codes(validateWorkflow(d, fields).warnings)).toEqual(['deadEnd /states/3']);
    d.sla.push({ state: 'review', hours: 8, escalations: [{ afterHours: 8, moveTo: 'done' }] });
    expect(validateWorkflow(d, fields).warnings).toEqual([]);
  });

  it('warns about a state no transition reaches', () => {
    const d = base();
    d.states.push(st('archived', 'cancelled'));
    expect(codes(validateWorkflow(d, fields).warnings)).toEqual(['unreachable /states/3']);
    expect(reachableStates(d).has('archived')).toBe(false);
  });

  it('counts a state reached through an escalation move or a variant as reachable', () => {
    const d = base();
    d.states.push(st('late'), st('vip'));
    d.sla[0].escalations.push({ afterHours: 48, moveTo: 'late' });
    d.variants.push({ departmentId: 'dep_1', transitions: [{ from: '*', to: 'vip' }] });
    expect(validateWorkflow(d, fields).warnings.filter((w) => w.code === 'unreachable')).toEqual([]);
  });

  it('does not count a transition out of an unreachable state', () => {
    const d = base();
    d.states.push(st('x'), st('y'));
    d.transitions.push({ from: 'x', to: 'y' });
    expect(codes(validateWorkflow(d, fields).warnings)).toEqual([
      'unreachable /states/3',
      'unreachable /states/4',
    ]);
  });

  it('finds duplicate keys, a missing initial state, unknown fields, non-member and non-date fields', () => {
    const d = base();
    d.states.push(st('work'));
    d.initial = 'gone';
    d.transitions[1].requiredFields = ['nope'];
    d.transitions[0].allow = { userFields: ['amount'] };
    d.sla[0].from = 'amount';
    expect(codes(validateWorkflow(d, fields).errors)).toEqual([
      'duplicateKey /states/3/key',
      'noInitial /initial',
      'notMemberField /transitions/0/allow/userFields/0',
      'unknownField /transitions/1/requiredFields/0',
      'notDateField /sla/0/from',
    ]);
  });

  it('checks variants under their own paths, and one variant per department', () => {
    const d = base();
    d.variants.push(
      { departmentId: 'dep_1', transitions: [{ from: 'new', to: 'gone' }] },
      { departmentId: 'dep_1' },
    );
    expect(codes(validateWorkflow(d, fields).errors)).toEqual([
      'unknownState /variants/0/transitions/0/to',
      'duplicateVariant /variants/1/departmentId',
    ]);
  });
});

describe('department variants beside the base', () => {
  it('counts what a variant adds, removes and changes', () => {
    const d = base();
    const v = {
      departmentId: 'dep_1',
      transitions: [
        { from: 'new', to: 'work', label: '受理' },
        { from: 'new' as const, to: 'done' },
      ],
    };
    expect(variantChanges(d, v)).toEqual({
      overridesTransitions: true,
      overridesSla: false,
      transitions: { added: 1, removed: 1, changed: 1 },
      sla: { added: 0, removed: 0, changed: 0 },
    });
    expect(transitionStatus(d.transitions[0], v.transitions)).toBe('changed');
    expect(transitionStatus(d.transitions[1], v.transitions)).toBe('removed');
    expect(isNewTransition(v.transitions[1], d.transitions)).toBe(true);
  });
});

describe('the document that is saved', () => {
  it('leaves out empty lists and unset options, keeping the version', () => {
    const d = { ...base(), version: 3 };
    d.transitions[0] = {
      ...d.transitions[0],
      allow: { roles: [], owner: false },
      requiredFields: [],
      requireComment: false,
      label: '  ',
    };
    d.sla[0] = { ...d.sla[0], from: 'enteredState', businessHours: false };
    const out = toSaveInput(d);
    expect(out.version).toBe(3);
    expect(out.transitions[0]).toEqual({ from: 'new', to: 'work' });
    expect(out.sla?.[0]).toEqual({
      state: 'work',
      hours: 24,
      escalations: [{ afterHours: 24, notify: ['owner'] }],
    });
  });
});

describe('renaming a state key', () => {
  it('follows the key into transitions, time limits, escalations and variants', () => {
    const d = base();
    d.sla[0].escalations.push({ afterHours: 48, moveTo: 'work' });
    d.variants.push({ departmentId: 'dep_1', transitions: [{ from: ['new', 'work'], to: 'done' }] });
    const r = renameStateKey(d, 'work', 'doing');
    expect(r.states.map((s) => s.key)).toEqual(['new', 'doing', 'done']);
    expect(r.transitions.map((t) => [t.from, t.to])).toEqual([
      ['new', 'doing'],
      ['doing', 'done'],
    ]);
    expect(r.sla[0].state).toBe('doing');
    expect(r.sla[0].escalations[1].moveTo).toBe('doing');
    expect(r.variants[0].transitions?.[0].from).toEqual(['new', 'doing']);
    expect(validateWorkflow(r, fields)).toEqual({ errors: [], warnings: [] });
  });
});
