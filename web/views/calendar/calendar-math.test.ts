import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import {
  byDay,
  dayOf,
  monthGrid,
  prefillFor,
  rangeFilter,
  rescheduled,
  shiftAnchor,
  weekDays,
} from './calendar-math';

describe('calendar days', () => {
  it('shows six Monday-first weeks around a month', () => {
    const days = monthGrid('2025-05-20');
    expect(days).toHaveLength(42);
    expect(days[0]).toBe('2025-04-28'); // May 1st 2025 is a Thursday
    expect(days).toContain('2025-05-31');
    expect(dayjs(days[0]).day()).toBe(1);
  });

  it('shows Monday to Sunday in a week, across a month end', () => {
    expect(weekDays('2025-06-01')).toEqual([
      '2025-05-26',
      '2025-05-27',
      '2025-05-28',
      '2025-05-29',
      '2025-05-30',
      '2025-05-31',
      '2025-06-01',
    ]);
  });

  it('pages by month or week', () => {
    expect(shiftAnchor('month', '2025-01-31', 1)).toBe('2025-02-28');
    expect(shiftAnchor('week', '2025-05-20', -1)).toBe('2025-05-13');
  });

  it('loads only the days shown', () => {
    expect(rangeFilter('signDate', 'date', weekDays('2025-05-20'))).toEqual({
      field: 'signDate',
      op: 'between',
      value: ['2025-05-19', '2025-05-25'],
    });
    const f = rangeFilter('at', 'datetime', ['2025-05-19', '2025-05-25']);
    expect(dayjs(f.value[0]).format('YYYY-MM-DD HH:mm')).toBe('2025-05-19 00:00');
    expect(dayjs(f.value[1]).format('YYYY-MM-DD HH:mm')).toBe('2025-05-25 23:59');
  });
});

describe('rescheduling', () => {
  it('moves a date to the day it is dropped on', () => {
    expect(rescheduled('2025-05-20', 'date', '2025-05-23')).toBe('2025-05-23');
  });

  it('keeps the time of day of a date-time', () => {
    const before = dayjs('2025-05-20').hour(14).minute(30).toISOString();
    const after = rescheduled(before, 'datetime', '2025-05-22');
    expect(dayjs(after).format('YYYY-MM-DD HH:mm')).toBe('2025-05-22 14:30');
  });

  it('puts records on their local day and prefills new ones', () => {
    const at = dayjs('2025-05-20').hour(23).minute(30).toISOString();
    const groups = byDay(
      [{ d: '2025-05-20' }, { d: null }, { d: '2025-05-21' }, { d: '2025-05-20' }],
      (x) => x.d,
      'date',
    );
    expect(groups.get('2025-05-20')).toHaveLength(2);
    expect(dayOf(at, 'datetime')).toBe('2025-05-20');
    expect(prefillFor('date', '2025-05-20')).toBe('2025-05-20');
    expect(dayjs(prefillFor('datetime', '2025-05-20')).format('YYYY-MM-DD HH:mm')).toBe('2025-05-20 09:00');
  });
});
