import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../api/types';
import {
  type BuilderField,
  changeFieldType,
  createField,
  duplicateField,
  fromDefinition,
  insertField,
  localProblems,
  moveField,
  moveOption,
  nextFieldKey,
  nextOptionValue,
  removeField,
  toFormInput,
  updateField,
} from './fields';

const texts = { label: 'New', option: (n: number) => `Option ${n}` };
const f = (uid: string, extra: Partial<BuilderField> = {}): BuilderField => ({
  uid,
  key: uid,
  type: 'text',
  label: uid,
  ...extra,
});

describe('nextFieldKey', () => {
  it('starts at field1 on an empty form', () => expect(nextFieldKey([])).toBe('field1'));
  it('takes the first key no field uses', () =>
    expect(nextFieldKey([{ key: 'field1' }, { key: 'field3' }])).toBe('field2'));
  it('skips keys of removed fields, which may be restored', () =>
    expect(nextFieldKey([{ key: 'field1' }], ['field2'])).toBe('field3'));
});

describe('moveField', () => {
  it.each([
    [0, 2, ['b', 'c', 'a']],
    [2, 0, ['c', 'a', 'b']],
    [1, 1, ['a', 'b', 'c']],
    [0, 5, ['a', 'b', 'c']],
    [-1, 0, ['a', 'b', 'c']],
  ])('moves index %i to %i', (from, to, expected) =>
    expect(moveField(['a', 'b', 'c'], from, to)).toEqual(expected),
  );

  it('never changes the list it was given', () => {
    const list = ['a', 'b', 'c'];
    moveField(list, 0, 2);
    expect(list).toEqual(['a', 'b', 'c']);
  });

  it('keeps every item exactly once for any pair of indexes', () => {
    const list = ['a', 'b', 'c', 'd', 'e'];
    for (let from = 0; from < list.length; from++)
      for (let to = 0; to < list.length; to++) {
        const moved = moveField(list, from, to);
        expect([...moved].sort()).toEqual(list);
        expect(moved[to]).toBe(list[from]);
      }
  });
});

describe('insertField and removeField', () => {
  it('inserts at an index, clamping out-of-range ones', () => {
    expect(insertField(['a', 'b'], 'x', 1)).toEqual(['a', 'x', 'b']);
    expect(insertField(['a', 'b'], 'x', 99)).toEqual(['a', 'b', 'x']);
    expect(insertField(['a', 'b'], 'x', -3)).toEqual(['x', 'a', 'b']);
    expect(insertField(['a'], 'x')).toEqual(['a', 'x']);
  });

  it('removes only the field with the uid', () => {
    expect(removeField([f('a'), f('b')], 'a').map((x) => x.uid)).toEqual(['b']);
  });
});

describe('createField', () => {
  it('gives a select three options with distinct values and colors', () => {
    const s = createField('select', 'u1', 'field1', texts);
    expect(s.options).toHaveLength(3);
    expect(new Set(s.options!.map((o) => o.value)).size).toBe(3);
    expect(s.options![0].label).toBe('Option 1');
  });
  it('gives an autonumber a valid format', () =>
    expect(createField('autonumber', 'u', 'k', texts).format).toMatch(/\{0+\}/));
  it('has no id: the server assigns one', () =>
    expect(createField('text', 'u', 'k', texts).id).toBeUndefined());
});

describe('updateField and duplicateField', () => {
  it('patches one field and deletes properties set to undefined', () => {
    const fields = [f('a', { help: 'x' }), f('b')];
    const next = updateField(fields, 'a', { label: 'A', help: undefined });
    expect(next[0]).toEqual({ uid: 'a', key: 'a', type: 'text', label: 'A' });
    expect(next[1]).toBe(fields[1]);
  });

  it('copies a field right after it as a new field with a fresh key', () => {
    const fields = [f('a', { id: 'fld_1', key: 'field1' }), f('b', { key: 'b' })];
    const next = duplicateField(fields, 'a', 'c');
    expect(next.map((x) => x.uid)).toEqual(['a', 'c', 'b']);
    expect(next[1].id).toBeUndefined();
    expect(next[1].key).toBe('field2');
  });
});

describe('changeFieldType', () => {
  it('drops properties the new type does not accept and adds what it needs', () => {
    const sel = {
      ...createField('select', 'u', 'tier', texts),
      id: 'fld_x',
      label: 'Tier',
      required: true,
      default: 'option1',
    };
    const asText = changeFieldType(sel, 'text', texts);
    expect(asText).toEqual({
      uid: 'u',
      id: 'fld_x',
      key: 'tier',
      type: 'text',
      label: 'Tier',
      required: true,
    });
    const asAuto = changeFieldType(asText, 'autonumber', texts);
    expect(asAuto.required).toBeUndefined();
    expect(asAuto.format).toBeTruthy();
  });

  it('keeps options when switching between select and multiselect, but not a default of another kind', () => {
    const sel = { ...createField('select', 'u', 'k', texts), default: 'option1' };
    const multi = changeFieldType(sel, 'multiselect', texts);
    expect(multi.options).toEqual(sel.options);
    expect(multi.default).toBeUndefined();
  });
});

describe('options', () => {
  it('reorders options', () => {
    const opts = [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' },
    ];
    expect(moveOption(opts, 1, 0).map((o) => o.value)).toEqual(['b', 'a']);
  });
  it('finds an unused option value', () => {
    expect(
      nextOptionValue([
        { value: 'option1', label: '' },
        { value: 'option3', label: '' },
      ]),
    ).toBe('option4');
  });
});

describe('toFormInput', () => {
  it('sends the whole definition without uids, empty properties, or properties of other types', () => {
    const input = toFormInput({
      key: 'customers',
      name: 'Customers',
      version: 3,
      fields: [
        f('a', { id: 'fld_a', key: 'name', required: true, help: '', unique: false }),
        {
          ...f('b', { key: 'tier', type: 'select' }),
          options: [{ value: 'x', label: 'X' }],
          format: 'stale',
        } as BuilderField,
        f('c', { key: 'no', type: 'autonumber', format: 'C{0000}', required: true }),
      ],
      layout: { sections: [{ title: 'S', fields: ['fld_a', 'gone', 'tier'] }] },
    });
    expect(input).toEqual({
      key: 'customers',
      name: 'Customers',
      version: 3,
      fields: [
        { id: 'fld_a', key: 'name', type: 'text', label: 'a', required: true },
        { key: 'tier', type: 'select', label: 'b', options: [{ value: 'x', label: 'X' }] },
        { key: 'no', type: 'autonumber', label: 'c', format: 'C{0000}' },
      ],
      layout: { sections: [{ title: 'S', fields: ['fld_a', 'tier'] }] },
    });
  });

  it('round-trips a stored definition', () => {
    const def: FormDefinition = {
      id: 'frm_1',
      appId: 'app_1',
      key: 'k',
      name: 'N',
      version: 2,
      fields: [{ id: 'fld_1', key: 'a', type: 'currency', label: 'A', min: 0 }],
    };
    let n = 0;
    const state = fromDefinition(def, () => `tmp${n++}`);
    expect(state.fields[0].uid).toBe('fld_1');
    expect(toFormInput(state)).toEqual({ key: 'k', name: 'N', version: 2, fields: def.fields });
  });
});

describe('localProblems', () => {
  it('flags invalid and duplicate keys, empty labels and selects without options', () => {
    const problems = localProblems([
      f('a', { key: '1abc' }),
      f('b', { key: 'dup' }),
      f('c', { key: 'dup', label: ' ' }),
      f('d', { key: 'sel', type: 'select', options: [] }),
      f('e', { key: 'ok' }),
    ]);
    expect(problems.get('a')?.key).toBe('builder.problem.keyInvalid');
    expect(problems.get('b')?.key).toBe('builder.problem.keyDuplicate');
    expect(problems.get('c')?.label).toBe('builder.problem.required');
    expect(problems.get('d')?.options).toBe('builder.problem.noOptions');
    expect(problems.has('e')).toBe(false);
  });
});
