import type { EvalEnv, FunctionDef } from './function-def.js';
import { strict } from './function-def.js';
import type { FormulaType } from './types.js';
import type { Value } from './values.js';
import { asNumber, cleanNumber, toText } from './values.js';

// Lengths and positions count characters (code points), so an emoji or a rare CJK character is one.
const chars = (v: Value, env: EvalEnv) => [...toText(v, env.timeZone)];
const count = (v: Value | undefined, fallback: number): number | null => {
  if (v === undefined) return fallback;
  const n = asNumber(v);
  return n === null || n < 0 ? null : Math.trunc(n);
};

const THOUSANDS = /(\d),(?=\d{3}(?:\D|$))/g;
const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$/;

/** VALUE: '1,234.5' is 1234.5 and '50%' is 0.5; anything else that is not a number is null. */
function parseNumber(v: Value): Value {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return null;
  const text = v.trim().replace(THOUSANDS, '$1');
  if (!NUMERIC.test(text)) return null;
  return text.endsWith('%') ? cleanNumber(Number(text.slice(0, -1)) / 100) : cleanNumber(Number(text));
}

const textFn = (name: string, returns: FormulaType, fn: (text: string) => Value): FunctionDef =>
  strict(name, ['text'], returns, ([v], env) => fn(toText(v, env.timeZone)));

export const textFunctions: FunctionDef[] = [
  textFn('LEN', 'number', (s) => [...s].length),
  textFn('UPPER', 'text', (s) => s.toUpperCase()),
  textFn('LOWER', 'text', (s) => s.toLowerCase()),
  textFn('TRIM', 'text', (s) => s.trim().replace(/ {2,}/g, ' ')),
  strict(
    'LEFT',
    ['text', 'number'],
    'text',
    ([v, n], env) => {
      const k = count(n, 1);
      return k === null ? null : chars(v, env).slice(0, k).join('');
    },
    { min: 1 },
  ),
  strict(
    'RIGHT',
    ['text', 'number'],
    'text',
    ([v, n], env) => {
      const k = count(n, 1);
      const all = chars(v, env);
      return k === null ? null : all.slice(Math.max(0, all.length - k)).join('');
    },
    { min: 1 },
  ),
  strict('MID', ['text', 'number', 'number'], 'text', ([v, from, n], env) => {
    const start = count(from, 1);
    const k = count(n, 0);
    if (start === null || start < 1 || k === null) return null;
    return chars(v, env)
      .slice(start - 1, start - 1 + k)
      .join('');
  }),
  strict('CONTAINS', ['text', 'text'], 'boolean', ([v, sub], env) =>
    toText(v, env.timeZone).includes(toText(sub, env.timeZone)),
  ),
  strict('VALUE', ['numberOrText'], 'number', ([v]) => parseNumber(v)),
  {
    name: 'TEXT',
    minArgs: 1,
    maxArgs: 1,
    infer: () => 'text',
    evaluate: ([v], env) => toText(v(), env.timeZone),
  },
  {
    name: 'CONCAT',
    minArgs: 1,
    maxArgs: Infinity,
    infer: () => 'text',
    evaluate: (args, env) => args.map((a) => toText(a(), env.timeZone)).join(''),
  },
];
