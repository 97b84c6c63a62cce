import { describe, expect, it } from 'vitest';
import { parseFormula } from './index.js';

const firstError = (src: string) => {
  const { ast, errors } = parseFormula(src);
  expect(ast).toBeUndefined();
  return errors[0];
};

describe('parseFormula', () => {
  it('builds a tree that follows operator precedence', () => {
    const { ast, errors } = parseFormula('1 + 2 * {x}');
    expect(errors).toEqual([]);
    expect(ast).toEqual({
      kind: 'binary',
      op: '+',
      opStart: 2,
      start: 0,
      end: 11,
      left: { kind: 'number', value: 1, start: 0, end: 1 },
      right: {
        kind: 'binary',
        op: '*',
        opStart: 6,
        start: 4,
        end: 11,
        left: { kind: 'number', value: 2, start: 4, end: 5 },
        right: { kind: 'field', key: 'x', start: 8, end: 11 },
      },
    });
  });

  it.each([
    ['{a} == 1', '='],
    ['{a} <> 1', '!='],
    ['{a} && TRUE', 'and'],
    ['{a} or {b}', 'or'],
  ])('normalizes the operator of %s to %s', (src, op) => {
    expect(parseFormula(src).ast).toMatchObject({ kind: 'binary', op });
  });

  it('upper-cases function names and keeps field keys as written', () => {
    expect(parseFormula('round({Amount_1}, 2)').ast).toMatchObject({
      kind: 'call',
      name: 'ROUND',
      args: [
        { kind: 'field', key: 'Amount_1' },
        { kind: 'number', value: 2 },
      ],
    });
  });

  it.each([
    ['"a\\"b"', 'a"b'],
    ["'it\\'s'", "it's"],
    ['"line\\nbreak\\ttab"', 'line\nbreak\ttab'],
    ['"\\u4e2d\\\\"', '中\\'],
    ['"单引号\'可以"', "单引号'可以"],
  ])('reads the text literal %s with its escapes', (src, value) => {
    expect(parseFormula(src).ast).toMatchObject({ kind: 'text', value });
  });

  it.each([
    ['12', 12],
    ['3.5', 3.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['2.5E-1', 0.25],
  ])('reads the number literal %s', (src, value) => {
    expect(parseFormula(src).ast).toMatchObject({ kind: 'number', value });
  });

  it.each([
    ['1 +', 3, 'ends unexpectedly', '公式不完整'],
    ['(1 + 2', 6, 'Expected ")"', '缺少'],
    ['1 2', 2, 'Unexpected "2"', '不应出现'],
    ['IF(TRUE, 1,)', 11, 'Unexpected ")"', '不应出现'],
    ['"abc', 0, 'closing quote', '引号'],
    ['{amount', 0, 'missing its closing "}"', '}'],
    ['{} + 1', 0, 'Invalid field reference', '字段引用'],
    ['{first name}', 0, 'Invalid field reference', '字段引用'],
    ['12abc', 0, 'Invalid number "12abc"', '数字格式'],
    ['1 + 2 ^ 3', 6, 'POWER', 'POWER'],
    ['IF（TRUE, 1, 2)', 2, 'Full-width', '英文标点“(”'],
    ['SUM(1，2)', 5, 'Full-width', '英文标点“,”'],
    ['amount + 1', 0, 'braces, e.g. {amount}', '{amount}'],
    ['1 @ 2', 2, 'Unexpected character "@"', '无法识别'],
    ['{a}.toString', 3, 'Unexpected character "."', '无法识别'],
    ['1 AND', 5, 'ends unexpectedly', '公式不完整'],
    ['AND', 0, 'Unexpected "AND"', '不应出现'],
  ])('rejects %s at position %i', (src, position, en, zh) => {
    const error = firstError(src);
    expect(error.position).toBe(position);
    expect(error.message).toContain(en);
    expect(error.messageZh).toContain(zh);
    expect(error.message).toContain(`at character ${position + 1}`);
  });

  it.each(['', '   ', '\n\t'])('reports an empty formula for %j', (src) => {
    expect(firstError(src).message).toBe('Formula is empty');
  });

  it('treats NOT followed by parentheses as the NOT function', () => {
    expect(parseFormula('NOT(TRUE) = FALSE').ast).toMatchObject({
      kind: 'binary',
      op: '=',
      left: { kind: 'call', name: 'NOT' },
    });
    expect(parseFormula('NOT TRUE = FALSE').ast).toMatchObject({
      kind: 'unary',
      op: 'not',
      operand: { kind: 'binary', op: '=' },
    });
  });
});

describe('parseFormula limits and hostile input', () => {
  it('accepts a formula of exactly 2000 characters and rejects 2001', () => {
    const src = `1${'+1'.repeat(999)} `;
    expect(src).toHaveLength(2000);
    expect(parseFormula(src).errors).toEqual([]);
    const error = firstError(`${src} `);
    expect(error.message).toContain('too long');
    expect(error.position).toBe(2000);
  });

  it.each([
    ['parentheses', (n: number) => `${'('.repeat(n)}1${')'.repeat(n)}`],
    ['function calls', (n: number) => `${'ABS('.repeat(n)}1${')'.repeat(n)}`],
    ['unary minus', (n: number) => `${'-'.repeat(n)}1`],
    ['NOT', (n: number) => `${'NOT '.repeat(n)}TRUE`],
  ])('allows 64 levels of nested %s and rejects 65', (_, nest) => {
    expect(parseFormula(nest(64)).errors).toEqual([]);
    const error = firstError(nest(65));
    expect(error.message).toContain('nested too deeply');
    expect(error.messageZh).toContain('嵌套');
  });

  it('rejects 10 000 nested parentheses without overflowing the stack', () => {
    expect(firstError('('.repeat(10_000)).message).toContain('too long');
    expect(firstError('('.repeat(1_000)).message).toContain('nested too deeply');
  });

  it.each(['{constructor}', '{__proto__}', '{prototype}', '{hasOwnProperty}'])(
    'reads %s as an ordinary field reference',
    (src) => {
      expect(parseFormula(src).ast).toMatchObject({ kind: 'field', key: src.slice(1, -1) });
    },
  );

  it.each(['__proto__', 'constructor', 'this.x', 'globalThis["x"]', '`x`', 'x => 1', '{a}[0]', '{a}.b()'])(
    'refuses the code-like input %s',
    (src) => {
      expect(parseFormula(src).errors.length).toBeGreaterThan(0);
    },
  );

  it('reports an error instead of throwing when given something that is not text', () => {
    expect(parseFormula(42 as unknown as string).errors[0].message).toContain('must be text');
  });
});
