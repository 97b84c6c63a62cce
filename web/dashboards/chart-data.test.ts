import { describe, expect, it } from 'vitest';
import { chartData, metricName } from './chart-data';

const label = (_f: string, v: unknown) => (v === null ? '（空）' : String(v).toUpperCase());
const mlabel = (m: { op: string; field?: string }) => `${m.op}${m.field ? `:${m.field}` : ''}`;

describe('arranging aggregate rows for a chart', () => {
  it('makes one series per metric over the values of one group', () => {
    const w = {
      query: {
        groupBy: ['tier'],
        metrics: [{ op: 'count' as const }, { op: 'sum' as const, field: 'amount' }],
      },
    };
    const rows = [
      { group: { tier: 'a' }, values: { count: 2, sum_amount: 30 } },
      { group: { tier: null }, values: { count: 1, sum_amount: null } },
    ];
    expect(chartData(w, rows, label, mlabel)).toEqual({
      keys: ['a', null],
      categories: ['A', '（空）'],
      series: [
        { name: 'count', values: [2, 1] },
        { name: 'sum:amount', values: [30, 0] },
      ],
    });
  });

  it('makes one series per value of a second group, filling missing cells with 0', () => {
    const w = {
      query: {
        groupBy: [{ field: 'on', bucket: 'month' as const }, 'owner'],
        metrics: [{ op: 'count' as const }],
      },
    };
    const rows = [
      { group: { on: '2024-01', owner: 'u1' }, values: { count: 1 } },
      { group: { on: '2024-01', owner: 'u2' }, values: { count: 2 } },
      { group: { on: '2024-02', owner: 'u2' }, values: { count: 5 } },
    ];
    expect(chartData(w, rows, label, mlabel)).toEqual({
      keys: ['2024-01', '2024-02'],
      categories: ['2024-01', '2024-02'],
      series: [
        { name: 'U1', values: [1, 0] },
        { name: 'U2', values: [2, 5] },
      ],
    });
  });

  it('names metrics as the server does', () => {
    expect(metricName({ op: 'count' })).toBe('count');
    expect(metricName({ op: 'sum', field: 'amount' })).toBe('sum_amount');
    expect(metricName({ op: 'sum', field: 'amount', as: 'total' })).toBe('total');
  });
});
