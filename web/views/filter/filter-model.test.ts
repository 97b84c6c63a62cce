import { describe, expect, it } from 'vitest';
import {
  type FilterKind,
  type GroupNode,
  countConditions,
  filterKind,
  fromJsonFilter,
  opsFor,
  presetOf,
  presetRange,
  refreshRelativeDates,
  toJsonFilter,
} from './filter-model';

const kinds: Record<string, FilterKind> = {
  name: 'text',
  tier: 'option',
  amount: 'number',
  signDate: 'date',
  createdAt: 'datetime',
  tags: 'options',
};
const kindOf = (k: string) => kinds[k];
// A Wednesday: the week runs Monday 2025-05-19 … Sunday 2025-05-25.
const wed = new Date(2025, 4, 21);

const g = (conj: 'and' | 'or', items: GroupNode['items']): GroupNode => ({ id: 'g', conj, items });
const c = (field: string, op: string, value?: unknown) =>
  ({ id: `c-${field}`, field, op, value }) as GroupNode['items'][number];

describe('filter builder → JSON', () => {
  it('writes conditions joined by and', () => {
    expect(toJsonFilter(g('and', [c('tier', 'eq', 'high'), c('amount', 'gte', 1000)]), kindOf)).toEqual({
      and: [
        { field: 'tier', op: 'eq', value: 'high' },
        { field: 'amount', op: 'gte', value: 1000 },
      ],
    });
  });

  it('nests or groups and leaves out rows that are not finished', () => {
    const tree = g('and', [
      c('name', 'contains', '公司'),
      g('or', [c('tier', 'eq', 'high'), c('amount', 'gt', undefined), c('', 'eq', 'x')]),
      c('tier', 'in', []),
    ]);
    expect(toJsonFilter(tree, kindOf)).toEqual({
      and: [
        { field: 'name', op: 'contains', value: '公司' },
        { or: [{ field: 'tier', op: 'eq', value: 'high' }] },
      ],
    });
  });

  it('gives no filter at all when nothing is filled in', () => {
    expect(toJsonFilter(g('and', [c('amount', 'gt', ''), g('or', [])]), kindOf)).toBeUndefined();
  });

  it('writes isEmpty without a value and between with both ends', () => {
    expect(
      toJsonFilter(
        g('and', [
          c('name', 'isEmpty', 'ignored'),
          c('amount', 'between', [1, 5]),
          c('amount', 'between', [1]),
        ]),
        kindOf,
      ),
    ).toEqual({
      and: [
        { field: 'name', op: 'isEmpty' },
        { field: 'amount', op: 'between', value: [1, 5] },
      ],
    });
  });

  it('writes relative date presets as between ranges the server resolves', () => {
    expect(toJsonFilter(g('and', [c('signDate', 'preset', 'last30')]), kindOf, wed)).toEqual({
      and: [{ field: 'signDate', op: 'between', value: [{ relative: '-30d' }, 'today'] }],
    });
    expect(toJsonFilter(g('and', [c('signDate', 'preset', 'today')]), kindOf, wed)).toEqual({
      and: [{ field: 'signDate', op: 'between', value: ['today', 'today'] }],
    });
    expect(toJsonFilter(g('and', [c('createdAt', 'preset', 'today')]), kindOf, wed)).toEqual({
      and: [{ field: 'createdAt', op: 'between', value: ['today', { relative: '+1d' }] }],
    });
    expect(toJsonFilter(g('and', [c('signDate', 'preset', 'thisWeek')]), kindOf, wed)).toEqual({
      and: [{ field: 'signDate', op: 'between', value: [{ relative: '-2d' }, { relative: '+4d' }] }],
    });
  });
});

describe('JSON → filter builder', () => {
  const strip = (n: unknown): unknown =>
    JSON.parse(JSON.stringify(n, (k, v) => (k === 'id' ? undefined : v)));

  it('reads back what it wrote, presets included', () => {
    const tree = g('or', [
      c('tier', 'in', ['high', 'mid']),
      g('and', [c('signDate', 'preset', 'thisWeek'), c('createdAt', 'preset', 'last7')]),
      c('name', 'isNotEmpty'),
    ]);
    const json = toJsonFilter(tree, kindOf, wed);
    const back = fromJsonFilter(json, kindOf, wed)!;
    expect(strip(back)).toEqual(strip(tree));
    expect(toJsonFilter(back, kindOf, wed)).toEqual(json);
  });

  it('wraps a lone condition in an and group, and starts empty without a filter', () => {
    expect(strip(fromJsonFilter({ field: 'tier', op: 'eq', value: 'high' }, kindOf))).toEqual({
      conj: 'and',
      items: [{ field: 'tier', op: 'eq', value: 'high' }],
    });
    expect(strip(fromJsonFilter(undefined, kindOf))).toEqual({ conj: 'and', items: [] });
  });

  it('refuses what it cannot show (not), so the filter is kept as it is', () => {
    expect(fromJsonFilter({ not: { field: 'tier', op: 'eq', value: 'high' } }, kindOf)).toBeUndefined();
    expect(fromJsonFilter({ and: [{ hello: 1 }] }, kindOf)).toBeUndefined();
  });

  it('reads a custom date range as between, not as a preset', () => {
    const back = fromJsonFilter(
      { field: 'signDate', op: 'between', value: ['2025-01-01', '2025-02-01'] },
      kindOf,
      wed,
    )!;
    expect(back.items[0]).toMatchObject({ op: 'between', value: ['2025-01-01', '2025-02-01'] });
  });
});

describe('relative date ranges', () => {
  it('makes 本周 Monday to Sunday whatever the day', () => {
    expect(presetRange('thisWeek', 'date', new Date(2025, 4, 19))).toEqual(['today', { relative: '+6d' }]);
    expect(presetRange('thisWeek', 'date', new Date(2025, 4, 25))).toEqual([{ relative: '-6d' }, 'today']);
    expect(presetRange('thisWeek', 'datetime', wed)).toEqual([{ relative: '-2d' }, { relative: '+5d' }]);
  });

  it('recognizes 本周 saved on another day of another week', () => {
    expect(presetOf([{ relative: '-5d' }, { relative: '+1d' }], 'date', wed)).toBe('thisWeek');
    expect(presetOf([{ relative: '-5d' }, { relative: '+3d' }], 'date', wed)).toBeUndefined();
  });

  it('refreshes a saved 本周 to this week and leaves other conditions alone', () => {
    const saved = {
      and: [
        { field: 'signDate', op: 'between', value: [{ relative: '-5d' }, { relative: '+1d' }] },
        { field: 'tier', op: 'eq', value: 'high' },
      ],
    };
    expect(refreshRelativeDates(saved, kindOf, wed)).toEqual({
      and: [
        { field: 'signDate', op: 'between', value: [{ relative: '-2d' }, { relative: '+4d' }] },
        { field: 'tier', op: 'eq', value: 'high' },
      ],
    });
    const other = { field: 'signDate', op: 'between', value: [{ relative: '-30d' }, 'today'] };
    expect(refreshRelativeDates(other, kindOf, wed)).toBe(other);
  });
});

describe('field kinds and counts', () => {
  it('maps field types to the kinds the operators depend on', () => {
    expect(filterKind({ type: 'currency' })).toBe('number');
    expect(filterKind({ type: 'member', multiple: true })).toBe('refs');
    expect(filterKind({ type: 'member' })).toBe('ref');
    expect(filterKind({ type: 'email' })).toBe('text');
    expect(filterKind({ type: 'formula', resultType: 'number' })).toBe('number');
    expect(filterKind({ type: 'formula', resultType: 'boolean' })).toBe('boolean');
  });
  it('offers the server-allowed ops only, whole values only on a masked field', () => {
    expect(opsFor({ kind: 'options' })).not.toContain('eq');
    expect(opsFor({ kind: 'date' })[0]).toBe('preset');
    expect(opsFor({ kind: 'text', exactOnly: true })).toEqual(['eq', 'ne', 'isEmpty', 'isNotEmpty']);
  });
  it('counts conditions through groups', () => {
    expect(
      countConditions({
        and: [
          { field: 'a', op: 'eq', value: 1 },
          {
            or: [
              { field: 'b', op: 'isEmpty' },
              { field: 'c', op: 'isEmpty' },
            ],
          },
        ],
      }),
    ).toBe(3);
    expect(countConditions(undefined)).toBe(0);
  });
});
