import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { FieldDef } from '../../api/types';
import { opsFor } from '../filter/filter-model';
import { fieldChoices } from './field-choices';

const t = ((k: string) => k) as unknown as TFunction;
const fields = [
  { id: 'fld_a', key: 'name', type: 'text', label: '客户名称' },
  { id: 'fld_b', key: 'phone', type: 'phone', label: '联系方式', sensitive: true },
] as unknown as FieldDef[];

describe('field choices for a user who sees a field masked', () => {
  it('offers no sorting and only whole-value matches on the masked field', () => {
    const choices = fieldChoices(fields, null, t, ['phone']);
    const phone = choices.find((c) => c.key === 'phone')!;
    const name = choices.find((c) => c.key === 'name')!;
    expect(phone.sortable).toBe(false);
    expect(opsFor(phone)).toEqual(['eq', 'ne', 'isEmpty', 'isNotEmpty']);
    expect(name.sortable).toBe(true);
    expect(opsFor(name)).toContain('startsWith');
  });

  it('leaves every operator to a user who sees the field in full', () => {
    const phone = fieldChoices(fields, null, t).find((c) => c.key === 'phone')!;
    expect(phone.sortable).toBe(true);
    expect(opsFor(phone)).toContain('contains');
  });
});
