import { describe, expect, it } from 'vitest';
import type { FormulaType } from './index.js';
import { evaluateFormula, parseFormula } from './index.js';

const NOW = new Date('2026-01-01T17:00:00Z');
const TYPES: Record<string, FormulaType> = { d: 'date', e: 'date', dt: 'datetime', et: 'datetime' };

function run(src: string, record: Record<string, unknown> = {}, timeZone = 'Asia/Shanghai') {
  const { ast, errors } = parseFormula(src);
  if (!ast) throw new Error(errors.map((e) => e.message).join('; '));
  return evaluateFormula(ast, (key) => record[key], { now: NOW, timeZone, fieldTypes: (key) => TYPES[key] });
}

type Row = [src: string, record: Record<string, unknown>, expected: unknown];
const table = (rows: Row[]) => rows.map(([src, record, expected]) => ({ src, record, expected }));

describe('date arithmetic', () => {
  it.each(
    table([
      ['{d} + 1', { d: '2024-02-28' }, '2024-02-29'],
      ['{d} + 2', { d: '2024-02-28' }, '2024-03-01'],
      ['1 + {d}', { d: '2023-02-28' }, '2023-03-01'],
      ['{d} - 1', { d: '2024-03-01' }, '2024-02-29'],
      ['{d} - 1', { d: '2023-03-01' }, '2023-02-28'],
      ['{d} + 1.9', { d: '2024-12-31' }, '2025-01-01'],
      ['{e} - {d}', { d: '2024-02-01', e: '2024-03-01' }, 29],
      ['{d} - {e}', { d: '2024-02-01', e: '2024-03-01' }, -29],
      ['{et} - {dt}', { dt: '2026-01-01T00:00:00Z', et: '2026-01-02T06:00:00Z' }, 1.25],
      ['{dt} + 0.5', { dt: '2026-01-01T00:00:00Z' }, '2026-01-01T12:00:00.000Z'],
      ['{dt} - 1', { dt: '2026-01-01T00:00:00+08:00' }, '2025-12-30T16:00:00.000Z'],
      // 2026-01-01T17:00Z is already 2026-01-02 in Shanghai.
      ['{dt} - {d}', { dt: '2026-01-01T17:00:00Z', d: '2026-01-01' }, 1],
      ['{d} + 1', { d: '2026-02-30' }, null],
      ['{d} + 1', { d: 'next monday' }, null],
      ['{d} + 1', { d: '9999-12-31' }, null],
      ['{d} < {e}', { d: '2024-02-29', e: '2024-03-01' }, true],
      ['{dt} = TODAY()', { dt: '2026-01-02T01:00:00Z' }, true],
      ['{dt} > {et}', { dt: '2026-01-01T10:00:00+08:00', et: '2026-01-01T01:00:00Z' }, true],
    ]),
  )('evaluates $src with $record to $expected', ({ src, record, expected }) => {
    expect(run(src, record)).toBe(expected);
  });
});

describe('DATEADD', () => {
  it.each(
    table([
      ['DATEADD({d}, 1, "m")', { d: '2024-01-31' }, '2024-02-29'],
      ['DATEADD({d}, 1, "m")', { d: '2023-01-31' }, '2023-02-28'],
      ['DATEADD({d}, -1, "m")', { d: '2024-03-31' }, '2024-02-29'],
      ['DATEADD({d}, 13, "m")', { d: '2024-01-15' }, '2025-02-15'],
      ['DATEADD({d}, 1, "y")', { d: '2024-02-29' }, '2025-02-28'],
      ['DATEADD({d}, 4, "y")', { d: '2024-02-29' }, '2028-02-29'],
      ['DATEADD({d}, 1, "d")', { d: '2024-12-31' }, '2025-01-01'],
      ['DATEADD({d}, 2, "w")', { d: '2024-02-20' }, '2024-03-05'],
      ['DATEADD({d}, 10)', { d: '2024-02-20' }, '2024-03-01'],
      ['DATEADD({d}, 1, "月")', { d: '2024-01-31' }, '2024-02-29'],
      ['DATEADD({d}, 1, "Months")', { d: '2024-01-31' }, '2024-02-29'],
      ['DATEADD({d}, 1, {unit})', { d: '2024-01-31', unit: 'fortnight' }, null],
      ['DATEADD({dt}, 1, "d")', { dt: '2026-01-31T16:30:00Z' }, '2026-02-01T16:30:00.000Z'],
      // 00:30 on Feb 1 in Shanghai; a month later is 00:30 on Mar 1 there.
      ['DATEADD({dt}, 1, "m")', { dt: '2026-01-31T16:30:00Z' }, '2026-02-28T16:30:00.000Z'],
    ]),
  )('evaluates $src with $record to $expected', ({ src, record, expected }) => {
    expect(run(src, record)).toBe(expected);
  });

  it('keeps the wall-clock time when adding months across a daylight-saving change', () => {
    const result = run('DATEADD({dt}, 1, "m")', { dt: '2026-03-01T15:00:00Z' }, 'America/New_York');
    expect(result).toBe('2026-04-01T14:00:00.000Z');
  });
});

describe('DATEDIF and DAYS', () => {
  it.each(
    table([
      ['DATEDIF({d}, {e}, "m")', { d: '2024-01-31', e: '2024-02-29' }, 0],
      ['DATEDIF({d}, {e}, "m")', { d: '2024-01-31', e: '2024-03-31' }, 2],
      ['DATEDIF({d}, {e}, "m")', { d: '2024-01-15', e: '2025-01-14' }, 11],
      ['DATEDIF({d}, {e}, "y")', { d: '2024-02-29', e: '2025-02-28' }, 0],
      ['DATEDIF({d}, {e}, "y")', { d: '2024-02-29', e: '2025-03-01' }, 1],
      ['DATEDIF({d}, {e}, "y")', { d: '2020-02-29', e: '2024-02-28' }, 3],
      ['DATEDIF({d}, {e}, "y")', { d: '2020-02-29', e: '2024-02-29' }, 4],
      ['DATEDIF({d}, {e}, "d")', { d: '2023-12-31', e: '2024-12-31' }, 366],
      ['DATEDIF({d}, {e}, "d")', { d: '2024-03-01', e: '2024-02-01' }, -29],
      ['DATEDIF({d}, {e}, "m")', { d: '2024-03-31', e: '2024-01-31' }, -2],
      ['DATEDIF({d}, {e}, "w")', { d: '2024-02-01', e: '2024-03-01' }, 4],
      ['DATEDIF({d}, {e}, "D")', { d: '2024-02-01', e: '2024-03-01' }, 29],
      ['DATEDIF({d}, TODAY(), "d")', { d: '2025-12-31' }, 2],
      ['DATEDIF({dt}, {et}, "d")', { dt: '2026-01-01T15:59:00Z', et: '2026-01-01T16:01:00Z' }, 1],
      ['DATEDIF({d}, {e}, "q")', { d: '2024-02-01', e: '2024-03-01' }, null],
      ['DAYS({e}, {d})', { d: '2024-02-01', e: '2024-03-01' }, 29],
      ['DAYS({e}, {d})', { d: '2024-02-01', e: null }, null],
    ]),
  )('evaluates $src with $record to $expected', ({ src, record, expected }) => {
    expect(run(src, record)).toBe(expected);
  });
});

describe('calendar parts and DATE', () => {
  it.each(
    table([
      ['YEAR({d})', { d: '2024-02-29' }, 2024],
      ['MONTH({d})', { d: '2024-02-29' }, 2],
      ['DAY({d})', { d: '2024-02-29' }, 29],
      ['YEAR({dt})', { dt: '2025-12-31T20:00:00Z' }, 2026],
      ['WEEKDAY({d})', { d: '2026-01-01' }, 5],
      ['WEEKDAY({d}, 2)', { d: '2026-01-01' }, 4],
      ['WEEKDAY({d}, 3)', { d: '2026-01-04' }, 6],
      ['WEEKDAY({d})', { d: '1969-12-28' }, 1],
      ['WEEKDAY({d}, 9)', { d: '2026-01-01' }, null],
      ['DATE(2024, 2, 29)', {}, '2024-02-29'],
      ['DATE(2023, 2, 29)', {}, '2023-03-01'],
      ['DATE(2024, 13, 1)', {}, '2025-01-01'],
      ['DATE(2024, 3, 0)', {}, '2024-02-29'],
      ['DATE(0, 1, 1)', {}, null],
      ['DATE(1e20, 1, 1)', {}, null],
      ['TEXT({dt})', { dt: '2026-01-01T17:00:00Z' }, '2026-01-02 01:00'],
      ['TEXT({d})', { d: '2026-01-01' }, '2026-01-01'],
      ['MAX({d}, {e})', { d: '2024-02-29', e: '2024-03-01' }, '2024-03-01'],
    ]),
  )('evaluates $src with $record to $expected', ({ src, record, expected }) => {
    expect(run(src, record)).toBe(expected);
  });
});

describe('the clock and time zone', () => {
  it.each([
    ['Asia/Shanghai', '2026-01-02'],
    ['UTC', '2026-01-01'],
    ['America/New_York', '2026-01-01'],
    ['Pacific/Kiritimati', '2026-01-02'],
  ])('says TODAY() at 2026-01-01T17:00Z in %s is %s', (timeZone, today) => {
    expect(run('TODAY()', {}, timeZone)).toBe(today);
  });

  it('answers NOW() with the injected instant', () => {
    expect(run('NOW()')).toBe('2026-01-01T17:00:00.000Z');
  });

  it('returns null rather than throwing for an unknown time zone', () => {
    expect(run('TODAY()', {}, 'Mars/Olympus_Mons')).toBeNull();
  });

  it('reads date-like text as dates when no field types are given', () => {
    const { ast } = parseFormula('{d} + 1');
    const ctx = { now: NOW, timeZone: 'Asia/Shanghai' };
    expect(evaluateFormula(ast!, () => '2024-02-28', ctx)).toBe('2024-02-29');
    expect(evaluateFormula(parseFormula('{t} & "!"').ast!, () => '2026-01-01T17:00:00Z', ctx)).toBe(
      '2026-01-01T17:00:00Z!',
    );
  });
});
