import { describe, expect, it } from 'vitest';
import { render, templateErrors, TemplateError } from './template.js';

const scope = {
  now: new Date('2026-01-31T20:00:00.000Z'), // Feb 1st, 04:00 in Shanghai
  timeZone: 'Asia/Shanghai',
  record: { id: 'rec_1', name: 'A公司', amount: 12.5, tags: ['a', 'b'], customer: ['rec_c'] },
  old: { name: 'A' },
  related: { customer: [{ id: 'rec_c', name: '母公司' }] },
  steps: [{ id: 'rec_t', fields: { title: 'T' } }],
  payload: { deep: { list: [1, 2] } },
};

describe('automation templates', () => {
  it.each([
    ['{{record.amount}}', 12.5],
    ['{{record.tags}}', ['a', 'b']],
    ['{{ record.name }} / {{old.name}}', 'A公司 / A'],
    ['{{record.customer.name}}', '母公司'],
    ['{{steps.0.fields.title}}-{{steps.0.id}}', 'T-rec_t'],
    ['{{payload.deep.list.1}}', 2],
    ['{{record.missing}}', null],
    ['x{{record.missing}}y', 'xy'],
    ['{{today}}', '2026-02-01'],
    ['{{today + 1m}}', '2026-03-01'],
    ['{{today - 3d}}', '2026-01-29'],
    ['{{now}}', '2026-01-31T20:00:00.000Z'],
    ['{{now + 2h}}', '2026-01-31T22:00:00.000Z'],
    ['{{now + 1m}}', '2026-02-28T20:00:00.000Z'],
    ['no templates', 'no templates'],
  ])('renders %s', (text, expected) => {
    expect(render(text, scope)).toEqual(expected);
  });

  it('renders inside objects and arrays, leaving other values alone', () => {
    expect(render({ a: ['{{record.id}}', 3, true, null], b: { c: '{{record.name}}!' } }, scope)).toEqual({
      a: ['rec_1', 3, true, null],
      b: { c: 'A公司!' },
    });
  });

  it.each([
    '{{record.__proto__}}',
    '{{record.constructor.name}}',
    '{{process.env}}',
    '{{record["x"]}}',
    '{{1 + 1}}',
    '{{record.name.toString}}',
  ])('never reaches beyond the documented names: %s', (text) => {
    let value: unknown;
    try {
      value = render(text, scope);
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateError);
      expect(templateErrors(text).length).toBe(1);
      return;
    }
    expect(value).toBeNull();
  });
});
