import { describe, expect, it } from 'vitest';
import { checkFilter } from './filter.check.js';
import type { FilterContext, FilterField } from './filter.context.js';
import type { Filter } from './filter.schema.js';

const fields: FilterField[] = [
  { key: 'name', label: 'Customer name', kind: 'text', column: 'f_name' },
  { key: 'stage', kind: 'text', column: 'f_stage', options: ['lead', 'won', 'lost'] },
  { key: 'ownerId', kind: 'text', column: 'owner_id' },
  {
    key: 'amount',
    label: 'Amount',
    kind: 'number',
    column: 'f_amount',
    toDb: (v) => Math.round((v as number) * 100),
  },
  { key: 'closeDate', kind: 'date', column: 'f_close' },
  { key: 'createdAt', kind: 'datetime', column: 'created_at' },
  { key: 'vip', kind: 'boolean', column: 'f_vip' },
  { key: 'tags', kind: 'array', column: 'f_tags', options: ['hot', 'cold'] },
  {
    key: 'contacts',
    kind: 'relation',
    column: 'f_contacts',
    relation: { linkFieldId: 'fld_c', mySide: 'source_id' },
  },
];

const ctx: FilterContext = {
  fields: new Map(fields.map((f) => [f.key, f])),
  userId: 'usr_1',
  now: new Date('2024-05-20T08:00:00Z'),
  timeZone: 'Asia/Shanghai',
  engine: 'sqlite',
};

const c = (field: string, op: string, value?: unknown) => ({ field, op, value }) as Filter;

describe('checkFilter', () => {
  it.each<[string, Filter]>([
    ['text equality', c('name', 'eq', 'Acme')],
    ['the caller as owner', c('ownerId', 'eq', '$me')],
    ["the caller's departments", c('ownerId', 'in', '$myDepartments')],
    ['a currency range', c('amount', 'between', [10, 20.5])],
    ['a relative date', c('closeDate', 'gte', { relative: '-30d' })],
    ['today on a datetime', c('createdAt', 'lt', 'today')],
    ['an ISO instant with an offset', c('createdAt', 'gt', '2024-05-20T09:30:00+08:00')],
    ['a bare date on a datetime', c('createdAt', 'gte', '2024-05-20')],
    ['a tag', c('tags', 'contains', 'hot')],
    ['the same set of tags', c('tags', 'eq', ['cold', 'hot'])],
    ['a linked record', c('contacts', 'in', ['rec_1', 'rec_2'])],
    ['a literal "$myDepartments" search', c('name', 'contains', '$myDepartments')],
    ['nothing', { and: [] }],
    ['a nested group', { not: { or: [c('vip', 'eq', true), c('name', 'isEmpty')] } }],
  ])('accepts %s', (_, filter) => {
    expect(checkFilter(filter, ctx)).toEqual([]);
  });

  it.each<[string, Filter, string, RegExp]>([
    ['an unknown field', c('nope', 'eq', 1), '/field', /Unknown field "nope"/],
    ['an op the kind does not allow', c('vip', 'gt', true), '/op', /"vip" does not support "gt"/],
    ['contains on a number', c('amount', 'contains', 1), '/op', /"Amount" does not support/],
    [
      'a string for a number',
      c('amount', 'eq', '12'),
      '/value',
      /"Amount": the value must be a finite number/,
    ],
    ['infinity', c('amount', 'gt', Number.POSITIVE_INFINITY), '/value', /finite number/],
    [
      'a value on isEmpty',
      c('name', 'isEmpty', 'x'),
      '/value',
      /"Customer name": the value must be left out/,
    ],
    ['no value on eq', c('name', 'eq'), '/value', /is required/],
    ['null on eq', c('name', 'eq', null), '/value', /use isEmpty/],
    ['an empty string', c('name', 'contains', ''), '/value', /non-empty string/],
    ['a scalar for in', c('name', 'in', 'Acme'), '/value', /must be a list/],
    ['a bad list item', c('amount', 'in', [1, 'two']), '/value/1', /finite number/],
    [
      'a too long list',
      c(
        'amount',
        'in',
        Array.from({ length: 1001 }, (_, i) => i),
      ),
      '/value',
      /at most 1000 items/,
    ],
    ['a between with three values', c('amount', 'between', [1, 2, 3]), '/value', /\[low, high\] pair/],
    ['an unknown option', c('stage', 'eq', 'maybe'), '/value', /one of: lead, won, lost/],
    ['an unknown tag', c('tags', 'in', ['hot', 'warm']), '/value/1', /one of: hot, cold/],
    ['an impossible date', c('closeDate', 'eq', '2024-02-30'), '/value', /must be a date/],
    ['a bad relative unit', c('closeDate', 'gt', { relative: '-3x' }), '/value', /"relative"/],
    ['a relative date out of range', c('closeDate', 'gt', { relative: '+9999y' }), '/value', /outside years/],
    ['a datetime without a zone', c('createdAt', 'gt', '2024-05-20T09:30'), '/value', /ISO date-time/],
    ['a number for a boolean', c('vip', 'eq', 1), '/value', /true or false/],
  ])('reports %s', (_, filter, path, message) => {
    expect(checkFilter(filter, ctx)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('points into nested groups under the base path', () => {
    const filter: Filter = {
      and: [c('name', 'eq', 'a'), { or: [c('vip', 'eq', true), c('amount', 'gt', 'x')] }],
    };
    expect(checkFilter(filter, ctx, '/filter').map((e) => e.path)).toEqual(['/filter/and/1/or/1/value']);
  });

  it('limits a filter to 200 conditions', () => {
    const filter: Filter = { or: Array.from({ length: 201 }, () => c('vip', 'eq', true)) };
    expect(checkFilter(filter, ctx)).toEqual([
      { path: '/or/200', message: expect.stringMatching(/at most 200 conditions/) },
    ]);
  });

  it('limits a filter to 10000 listed values in all', () => {
    const list = Array.from({ length: 1000 }, (_, i) => i);
    const filter: Filter = { or: Array.from({ length: 11 }, () => c('amount', 'in', list)) };
    expect(checkFilter(filter, ctx)).toEqual([
      { path: '/or/10/value', message: expect.stringMatching(/at most 10000 values/) },
    ]);
  });

  it('limits nesting to 10 groups', () => {
    let filter: Filter = c('vip', 'eq', true);
    for (let i = 0; i < 10; i++) filter = { not: filter };
    expect(checkFilter(filter, ctx)).toEqual([]);
    expect(checkFilter({ and: [filter] }, ctx)).toEqual([
      {
        path: '/and/0/not/not/not/not/not/not/not/not/not',
        message: expect.stringMatching(/at most 10 groups/),
      },
    ]);
  });
});

describe('checkFilter on a field the caller sees masked', () => {
  const masked: FilterContext = {
    ...ctx,
    fields: new Map(
      [...ctx.fields].map(([k, f]) => [k, k === 'name' || k === 'amount' ? { ...f, exactOnly: true } : f]),
    ),
  };

  it.each(['eq', 'ne', 'isEmpty', 'isNotEmpty'])('allows the whole-value op %s', (op) => {
    expect(checkFilter(c('name', op, op.startsWith('is') ? undefined : 'Acme'), masked)).toEqual([]);
    expect(checkFilter(c('name', op === 'eq' ? 'in' : 'nin', ['Acme']), masked)).toEqual([]);
  });

  it.each<[string, Filter]>([
    ['a substring', c('name', 'contains', 'cm')],
    ['a missing substring', c('name', 'notContains', 'x')],
    ['a prefix', c('name', 'startsWith', 'A')],
    ['a range', c('amount', 'gt', 10)],
    ['a pair', c('amount', 'between', [1, 2])],
  ])('refuses %s, naming the field, wherever it is nested', (_, cond) => {
    const [problem] = checkFilter({ and: [c('stage', 'eq', 'won'), { not: cond }] }, masked, '/filter');
    expect(problem.path).toBe('/filter/and/1/not/op');
    expect(problem.message).toMatch(/"(Customer name|Amount)" is masked for you/);
  });
});
