import { describe, expect, it } from 'vitest';
import { type RelativeDate, resolveRelative } from './relative-date.js';

const cases: [string, string, RelativeDate, 'date' | 'datetime', string][] = [
  // 2024-01-31T16:30Z is already Feb 1, 00:30 in Shanghai.
  ['2024-01-31T16:30:00Z', 'Asia/Shanghai', 'today', 'date', '2024-02-01'],
  ['2024-01-31T16:30:00Z', 'UTC', 'today', 'date', '2024-01-31'],
  ['2024-01-31T16:30:00Z', 'Asia/Shanghai', 'today', 'datetime', '2024-01-31T16:00:00.000Z'],
  ['2024-01-31T16:30:00Z', 'UTC', 'today', 'datetime', '2024-01-31T00:00:00.000Z'],
  ['2024-01-31T16:30:00Z', 'Asia/Shanghai', 'now', 'date', '2024-02-01'],
  ['2024-01-31T16:30:00Z', 'Asia/Shanghai', 'now', 'datetime', '2024-01-31T16:30:00.000Z'],
  ['2024-01-31T16:30:00Z', 'Asia/Shanghai', { relative: '-1d' }, 'date', '2024-01-31'],
  ['2024-01-31T16:30:00Z', 'Asia/Shanghai', { relative: '-1d' }, 'datetime', '2024-01-30T16:00:00.000Z'],
  ['2024-01-31T16:30:00Z', 'Asia/Shanghai', { relative: '+1w' }, 'datetime', '2024-02-07T16:00:00.000Z'],
  ['2024-01-31T16:30:00Z', 'Asia/Shanghai', { relative: '-1h' }, 'date', '2024-01-31'],
  ['2024-01-31T16:30:00Z', 'Asia/Shanghai', { relative: '-1h' }, 'datetime', '2024-01-31T15:30:00.000Z'],
  ['2024-01-31T16:30:00Z', 'UTC', { relative: '+8h' }, 'date', '2024-02-01'],
  // Calendar months clamp the day to the month's end.
  ['2024-01-31T16:30:00Z', 'Asia/Shanghai', { relative: '+1m' }, 'date', '2024-03-01'],
  ['2024-01-31T16:30:00Z', 'UTC', { relative: '+1m' }, 'date', '2024-02-29'],
  ['2024-01-31T16:30:00Z', 'UTC', { relative: '13m' }, 'date', '2025-02-28'],
  ['2024-03-31T10:00:00Z', 'UTC', { relative: '-1m' }, 'date', '2024-02-29'],
  ['2024-03-31T10:00:00Z', 'UTC', { relative: '+1m' }, 'date', '2024-04-30'],
  ['2024-02-29T12:00:00Z', 'UTC', { relative: '+1y' }, 'date', '2025-02-28'],
  ['2024-02-29T12:00:00Z', 'UTC', { relative: '-4y' }, 'date', '2020-02-29'],
  ['2024-12-31T17:00:00Z', 'Asia/Shanghai', { relative: '-30d' }, 'date', '2024-12-02'],
  // Start of day across DST changes, including a midnight that never happens (São Paulo, 2018).
  ['2024-03-10T12:00:00Z', 'America/New_York', 'today', 'datetime', '2024-03-10T05:00:00.000Z'],
  ['2024-03-10T12:00:00Z', 'America/New_York', { relative: '+1d' }, 'datetime', '2024-03-11T04:00:00.000Z'],
  ['2018-11-04T12:00:00Z', 'America/Sao_Paulo', 'today', 'datetime', '2018-11-04T03:00:00.000Z'],
];

describe('resolveRelative', () => {
  it.each(cases)('at %s in %s resolves %j for a %s field to %s', (now, timeZone, value, kind, expected) => {
    expect(resolveRelative(value, kind, { now: new Date(now), timeZone })).toBe(expected);
  });

  it.each([
    [{ relative: '-30x' }],
    [{ relative: '30 d' }],
    ['tomorrow'],
    [{ relative: '+9999y' }],
    [{ relative: '-1d', x: 1 }],
  ])('rejects %j', (value) => {
    expect(() =>
      resolveRelative(value as RelativeDate, 'date', {
        now: new Date('2024-01-01T00:00:00Z'),
        timeZone: 'UTC',
      }),
    ).toThrow(RangeError);
  });
});
