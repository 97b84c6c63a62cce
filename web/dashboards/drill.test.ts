import { describe, expect, it } from 'vitest';
import { type Bucket, bucketRange, drillFilter } from './drill';

describe('clicking a bar or slice', () => {
  it.each<[string, Bucket, string, string]>([
    ['2024-05-20', 'day', '2024-05-20', '2024-05-21'],
    ['2024-12', 'month', '2024-12-01', '2025-01-01'],
    ['2024-Q2', 'quarter', '2024-04-01', '2024-07-01'],
    ['2024-Q4', 'quarter', '2024-10-01', '2025-01-01'],
    ['2024', 'year', '2024-01-01', '2025-01-01'],
    ['2024-W01', 'week', '2024-01-01', '2024-01-08'],
    ['2021-W01', 'week', '2021-01-04', '2021-01-11'],
    ['2020-W53', 'week', '2020-12-28', '2021-01-04'],
  ])('%s by %s covers %s up to %s', (label, bucket, from, to) => {
    expect(bucketRange(label, bucket)).toEqual({ from, to });
  });

  it('filters the data page to the bar’s group within the widget’s own filter', () => {
    const base = { and: [{ field: 'state', op: 'eq' as const, value: 'open' }] };
    expect(drillFilter(base, { field: 'tier' }, 'high')).toEqual({
      and: [
        { field: 'state', op: 'eq', value: 'open' },
        { field: 'tier', op: 'eq', value: 'high' },
      ],
    });
  });

  it('filters a date bucket by its range and an empty group by isEmpty', () => {
    expect(drillFilter(undefined, { field: 'signedOn', bucket: 'month' }, '2024-05')).toEqual({
      and: [
        { field: 'signedOn', op: 'gte', value: '2024-05-01' },
        { field: 'signedOn', op: 'lt', value: '2024-06-01' },
      ],
    });
    expect(drillFilter({ field: 'x', op: 'isNotEmpty' }, { field: 'owner' }, null)).toEqual({
      and: [
        { field: 'x', op: 'isNotEmpty' },
        { field: 'owner', op: 'isEmpty' },
      ],
    });
  });
});
