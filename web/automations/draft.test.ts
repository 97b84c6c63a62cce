import { describe, expect, it } from 'vitest';
import { changeTriggerType, recordExpressions, typedValue } from './draft';

describe('editing an automation draft', () => {
  it('keeps the form when the trigger type changes and drops it where the type has none', () => {
    expect(changeTriggerType({ type: 'record.created', formId: 'frm_a' }, 'record.updated')).toEqual({
      type: 'record.updated',
      formId: 'frm_a',
    });
    expect(changeTriggerType({ type: 'record.created', formId: 'frm_a' }, 'schedule')).toEqual({
      type: 'schedule',
      cron: '0 8 * * *',
      timeZone: 'Asia/Shanghai',
      formId: 'frm_a',
    });
    expect(changeTriggerType({ type: 'schedule', cron: '0 8 * * *' }, 'button')).toEqual({
      type: 'button',
      formId: '',
    });
  });

  it('offers each trigger field as a {{record.key}} expression', () => {
    expect(recordExpressions([{ key: 'nextAction', label: '后续行动', type: 'text' }])).toEqual([
      { label: '后续行动', value: '{{record.nextAction}}' },
    ]);
  });

  it('types numbers and booleans for their fields but keeps expressions as text', () => {
    expect(typedValue('12.5', { type: 'currency' })).toBe(12.5);
    expect(typedValue('true', { type: 'checkbox' })).toBe(true);
    expect(typedValue('{{record.amount}}', { type: 'number' })).toBe('{{record.amount}}');
    expect(typedValue('abc', { type: 'number' })).toBe('abc');
    expect(typedValue('', { type: 'number' })).toBe('');
  });
});
