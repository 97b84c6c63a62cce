import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormulaType } from './index.js';
import { evaluateFormula, parseFormula, renameFormulaRefs, typecheckFormula } from './index.js';

const ctx = { now: new Date('2026-01-01T17:00:00Z'), timeZone: 'Asia/Shanghai' };
const numberFields = (key: string): FormulaType | undefined => (/^n\d$/.test(key) ? 'number' : undefined);

const literal = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => String(Math.abs(x))),
  fc.constantFrom('0', '.5', '1e3', '2.5E-3'),
  fc.integer({ min: 0, max: 3 }).map((i) => `{n${i}}`),
);

const arithmetic = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    fc
      .tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%'), tie('expr'))
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('expr').map((e) => `-${e}`),
    tie('expr').map((e) => `(${e})`),
    fc.tuple(fc.constantFrom('ROUND', 'ABS', 'SQRT'), tie('expr')).map(([f, e]) => `${f}(${e})`),
  ),
})).expr;

const fieldValue = fc.oneof(fc.constant(null), fc.double(), fc.integer());

const formulaish = fc.string({
  unit: fc.constantFrom(...'{}()"\'\\+-*/%&=<>!,.^ 0123456789eEabnIFNOTRUEDAY_（，“'.split('')),
  maxLength: 80,
});

describe('formula properties', () => {
  it('typechecks random arithmetic over numbers to number and evaluates it without throwing', () => {
    fc.assert(
      fc.property(arithmetic, fc.array(fieldValue, { minLength: 4, maxLength: 4 }), (src, values) => {
        const { ast, errors } = parseFormula(src);
        if (src.length > 2000) return;
        expect(errors).toEqual([]);
        expect(typecheckFormula(ast!, numberFields)).toEqual({ type: 'number', errors: [] });
        const result = evaluateFormula(ast!, (key) => values[Number(key.slice(1))], ctx);
        expect(result === null || Number.isFinite(result)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('adds, subtracts and multiplies safe integers exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: -1e7, max: 1e7 }), (a, b) => {
        const value = (src: string) => evaluateFormula(parseFormula(src).ast!, () => null, ctx);
        expect(value(`${a} + ${b}`)).toBe(a + b || 0);
        expect(value(`${a} - ${b}`)).toBe(a - b || 0);
        expect(value(`${a} * ${b}`)).toBe(a * b || 0); // the evaluator answers 0, never -0
      }),
    );
  });

  it('never throws while parsing, checking, evaluating or renaming arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }), formulaish), (src) => {
        const { ast, errors } = parseFormula(src);
        expect(ast === undefined).toBe(errors.length > 0);
        expect(renameFormulaRefs(src, (key) => key)).toBe(src);
        if (!ast) return;
        typecheckFormula(ast, numberFields);
        evaluateFormula(ast, () => 1, ctx);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds whole days and months again with DATEDIF after DATEADD', () => {
    const day = fc.integer({ min: 1, max: 28 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        day,
        fc.integer({ min: -500, max: 500 }),
        (y, m, d, n) => {
          const value = (src: string) => evaluateFormula(parseFormula(src).ast!, () => null, ctx);
          const start = `DATE(${y}, ${m}, ${d})`;
          expect(value(`DATEDIF(${start}, DATEADD(${start}, ${n}, "d"), "d")`)).toBe(n);
          expect(value(`DATEDIF(${start}, DATEADD(${start}, ${n}, "m"), "m")`)).toBe(n);
          expect(value(`DATEADD(${start}, ${n}, "d") - ${start}`)).toBe(n);
        },
      ),
    );
  });
});
