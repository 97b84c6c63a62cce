import { describe, expect, it } from 'vitest';
import type { FormulaType } from './index.js';
import { evaluateFormula, parseFormula } from './index.js';

const ctx = { now: new Date('2026-01-01T17:00:00Z'), timeZone: 'Asia/Shanghai' };

function run(src: string, record: Record<string, unknown> = {}) {
  const { ast, errors } = parseFormula(src);
  if (!ast) throw new Error(errors.map((e) => e.message).join('; '));
  return evaluateFormula(ast, (key) => record[key], ctx);
}

type Row = [src: string, expected: unknown, record?: Record<string, unknown>];
const table = (rows: Row[]) => rows.map(([src, expected, record = {}]) => ({ src, expected, record }));

describe('arithmetic and precedence', () => {
  it.each(
    table([
      ['1 + 2 * 3', 7],
      ['(1 + 2) * 3', 9],
      ['-2 * 3', -6],
      ['2 - -3', 5],
      ['+4', 4],
      ['10 / 4', 2.5],
      ['2 * 3 % 4', 2],
      ['7 % 3', 1],
      ['-7 % 3', 2],
      ['0.1 + 0.2', 0.3],
      ['1.1 * 3', 3.3],
      ['0.3 - 0.1', 0.2],
      ['.5 + 1e3', 1000.5],
      ['{amount} * 1.1', 110, { amount: 100 }],
      ['({current} - {baseline}) / ({target} - {baseline})', 0.5, { current: 75, baseline: 50, target: 100 }],
      ['2 + 3 = 5', true],
      ['1 < 2 AND 2 < 3', true],
      ['TRUE OR FALSE AND FALSE', true],
      ['NOT 1 > 2', true],
      ['!(1 > 2) && 2 >= 2', true],
      ['1 <> 2', true],
      ['1 == 1', true],
      ['1 != 1', false],
      ['"a" & 1 + 2', 'a3'],
      ['"b" > "a"', true],
      ['"abc" = "ABC"', false],
    ]),
  )('evaluates $src to $expected', ({ src, expected, record }) => {
    expect(run(src, record)).toBe(expected);
  });
});

describe('text', () => {
  it.each(
    table([
      ['{firstName} & " " & {lastName}', 'Ada Lovelace', { firstName: 'Ada', lastName: 'Lovelace' }],
      ['"合计：" & 1.50 & "元"', '合计：1.5元'],
      ['"x" & NULL & "y"', 'xy'],
      ['"ok" & TRUE', 'okTRUE'],
      ['"n=" & 1 / 3', 'n=0.3333333333'],
      ['"d=" & {d}', 'd=2026-03-01', { d: '2026-03-01' }],
      ['CONCAT("a", 1, NULL, 2.0)', 'a12'],
      ['LEN("héllo 世界😀")', 9],
      ['LEFT("abcdef", 2)', 'ab'],
      ['LEFT("abc")', 'a'],
      ['RIGHT("abcdef", 2)', 'ef'],
      ['RIGHT("abc", 0)', ''],
      ['MID("abcdef", 2, 3)', 'bcd'],
      ['MID("abc", 0, 1)', null],
      ['UPPER("straße")', 'STRASSE'],
      ['LOWER("ABC")', 'abc'],
      ['TRIM("  a   b  ")', 'a b'],
      ['TRIM("\u3000全角\u3000")', '全角'],
      ['CONTAINS("Hello", "ell")', true],
      ['CONTAINS("Hello", "ELL")', false],
      ['TEXT(1 / 4)', '0.25'],
      ['TEXT(NULL)', ''],
      ['TEXT(0.00000001)', '0.00000001'],
      ['VALUE(" 1,234.5 ")', 1234.5],
      ['VALUE("50%")', 0.5],
      ['VALUE("abc")', null],
      ['VALUE("1,23")', null],
    ]),
  )('evaluates $src to $expected', ({ src, expected, record }) => {
    expect(run(src, record)).toBe(expected);
  });
});

describe('conditions', () => {
  const ifTier = 'IF({tier} = "high", "VIP", "普通")';
  const grade = 'IFS({score} >= 90, "A", {score} >= 60, "B", TRUE, "C")';
  const label = 'SWITCH({stage}, "won", "赢单", "lost", "输单", "进行中")';
  it.each(
    table([
      [ifTier, 'VIP', { tier: 'high' }],
      [ifTier, '普通', { tier: 'low' }],
      [ifTier, '普通', { tier: null }],
      ['IF(1 > 2, 1)', null],
      ['IF(TRUE, 1, 1 / 0)', 1],
      [grade, 'A', { score: 95 }],
      [grade, 'B', { score: 75 }],
      [grade, 'C', { score: 10 }],
      [grade, 'C', { score: null }],
      ['IFS(FALSE, 1)', null],
      [label, '赢单', { stage: 'won' }],
      [label, '输单', { stage: 'lost' }],
      [label, '进行中', { stage: 'new' }],
      [label, '进行中', { stage: null }],
      ['SWITCH({n}, 1, "one", 2, "two")', null, { n: 3 }],
      ['SWITCH({n}, 1, "one", 2, "two")', 'two', { n: 2 }],
    ]),
  )('evaluates $src to $expected for $record', ({ src, expected, record }) => {
    expect(run(src, record)).toBe(expected);
  });
});

describe('empty values, division by zero and invalid results', () => {
  it.each(
    table([
      ['{missing} + 1', null],
      ['{n} * 2', null, { n: null }],
      ['-{n}', null, { n: null }],
      ['{n} > 1', null, { n: null }],
      ['{n} = NULL', null, { n: null }],
      ['ROUND({n})', null, { n: null }],
      ['LEN({n})', null, { n: null }],
      ['ISBLANK({n})', true, { n: null }],
      ['ISBLANK("")', true],
      ['ISBLANK(0)', false],
      ['IFBLANK({n}, 0) + 1', 1, { n: null }],
      ['BLANKVALUE({name}, "—")', '—', { name: '' }],
      ['BLANKVALUE({name}, "—")', 'Ada', { name: 'Ada' }],
      ['SUM({a}, {n}, 2)', 3, { a: 1, n: null }],
      ['SUM({n})', 0, { n: null }],
      ['AVERAGE({a}, {n}, 2)', 1.5, { a: 1, n: null }],
      ['AVERAGE({n})', null, { n: null }],
      ['MAX({n}, 3, 1)', 3, { n: null }],
      ['MIN({n})', null, { n: null }],
      ['AND(FALSE, {n})', false, { n: null }],
      ['AND(TRUE, {n})', null, { n: null }],
      ['OR(TRUE, {n})', true, { n: null }],
      ['OR(FALSE, {n})', null, { n: null }],
      ['{n} OR TRUE', true, { n: null }],
      ['NOT {n}', null, { n: null }],
      ['NOT({n})', null, { n: null }],
      ['1 / 0', null],
      ['{a} / ({b} - {b})', null, { a: 1, b: 2 }],
      ['5 % 0', null],
      ['MOD(5, 0)', null],
      ['SQRT(-1)', null],
      ['POWER(10, 400)', null],
      ['FLOOR(5, 0)', null],
      ['1e400', null],
    ]),
  )('evaluates $src to $expected', ({ src, expected, record }) => {
    expect(run(src, record)).toBe(expected);
  });
});

describe('numeric functions', () => {
  it.each(
    table([
      ['ROUND(2.5)', 3],
      ['ROUND(-2.5)', -3],
      ['ROUND(1.005, 2)', 1.01],
      ['ROUND(1234.5678, 2)', 1234.57],
      ['ROUND(1250, -2)', 1300],
      ['ROUNDUP(1.21, 1)', 1.3],
      ['ROUNDUP(-1.21, 1)', -1.3],
      ['ROUNDDOWN(1.29, 1)', 1.2],
      ['ROUNDDOWN(-1.29)', -1],
      ['FLOOR(7, 2)', 6],
      ['CEILING(7, 2)', 8],
      ['FLOOR(0.3, 0.1)', 0.3],
      ['CEILING(2.1)', 3],
      ['ABS(-3)', 3],
      ['MIN(3, 1, 2)', 1],
      ['MAX(3, 1, 2)', 3],
      ['SUM(0.1, 0.2)', 0.3],
      ['POWER(2, 10)', 1024],
      ['SQRT(16)', 4],
      ['MOD(-1, 3)', 2],
      ['MOD(5.5, 1.1)', 0],
    ]),
  )('evaluates $src to $expected', ({ src, expected }) => {
    expect(run(src)).toBe(expected);
  });

  it.each(['round(2.5)', 'Round(2.5)', 'ROUND(2.5)', 'rOuNd(2.5)'])(
    'calls %s whatever the case of its name',
    (src) => {
      expect(run(src)).toBe(3);
    },
  );

  it.each(['true', 'True', 'TRUE'])('reads %s as the boolean literal', (src) => {
    expect(run(src)).toBe(true);
  });
});

describe('hostile data', () => {
  it.each(['{constructor}', '{__proto__}', '{toString} & ""', '{hasOwnProperty}'])(
    'reads %s from a plain record as empty, not as a prototype member',
    (src) => {
      const result = run(src, {});
      expect(result === null || result === '').toBe(true);
    },
  );

  it.each([
    ['an object', { toString: () => '1' }],
    ['an array', [1, 2]],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['a bigint', 10n],
    ['NaN', NaN],
  ])('treats %s as an empty field value', (_, value) => {
    expect(run('{x} & ""', { x: value })).toBe('');
    expect(run('ISBLANK({x})', { x: value })).toBe(true);
  });

  it('returns null instead of throwing when the value lookup throws', () => {
    const { ast } = parseFormula('{a} + 1');
    const boom = () => {
      throw new Error('boom');
    };
    expect(evaluateFormula(ast!, boom, ctx)).toBeNull();
  });

  it('returns null for a function that does not exist or gets the wrong number of arguments', () => {
    expect(run('CONSTRUCTOR()')).toBeNull();
    expect(run('TOSTRING(1)')).toBeNull();
    expect(run('ROUND(1, 2, 3)')).toBeNull();
  });
});

describe('field values and context', () => {
  const evaluate = (src: string, value: unknown, type?: FormulaType) =>
    evaluateFormula(parseFormula(src).ast!, () => value, { ...ctx, fieldTypes: () => type });

  it.each([
    ['numeric text of a number field as a number', '{x} + 1', '12.5', 'number', 13.5],
    ['a number of a text field as text', '{x} & "!"', 1.5, 'text', '1.5!'],
    [
      'text of a text field as text even when it looks like a date',
      '{x} & "!"',
      '2026-01-01',
      'text',
      '2026-01-01!',
    ],
    ['a value of the wrong kind as empty', 'ISBLANK({x})', 'abc', 'number', true],
    ['an impossible date as empty', 'ISBLANK({x})', '2026-02-30', 'date', true],
  ] as const)('reads %s', (_, src, value, type, expected) => {
    expect(evaluate(src, value, type)).toBe(expected);
  });

  it('uses Asia/Shanghai when no time zone is given', () => {
    expect(evaluateFormula(parseFormula('TODAY()').ast!, () => null, { now: ctx.now })).toBe('2026-01-02');
  });

  it('reads a very long almost-number quickly', () => {
    const started = Date.now();
    expect(evaluate('VALUE({x})', `${'1'.repeat(100_000)}x`, 'text')).toBeNull();
    expect(evaluate('{x} + 1', `${'1'.repeat(100_000)}x`, 'number')).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
