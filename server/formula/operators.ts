import type { ArithmeticOp, BinaryOp, ComparisonOp } from './ast.js';
import { DAY_MS, checkedDay } from './dates.js';
import type { FormulaType } from './types.js';
import type { Value } from './values.js';
import { asDay, cleanNumber, date, dateTime, isDate, isDateTime, toText } from './values.js';

// Static rules and runtime behaviour of the operators live side by side so they agree.

type Rule = [left: FormulaType, right: FormulaType, result: FormulaType];

const ARITHMETIC: Record<ArithmeticOp, Rule[]> = {
  '+': [
    ['number', 'number', 'number'],
    ['date', 'number', 'date'],
    ['number', 'date', 'date'],
    ['datetime', 'number', 'datetime'],
    ['number', 'datetime', 'datetime'],
  ],
  '-': [
    ['number', 'number', 'number'],
    ['date', 'number', 'date'],
    ['datetime', 'number', 'datetime'],
    ['date', 'date', 'number'],
    ['datetime', 'datetime', 'number'],
    ['date', 'datetime', 'number'],
    ['datetime', 'date', 'number'],
  ],
  '*': [['number', 'number', 'number']],
  '/': [['number', 'number', 'number']],
  '%': [['number', 'number', 'number']],
};

const TEMPORAL: readonly FormulaType[] = ['date', 'datetime'];

/** Whether two types can be compared; `ordered` excludes booleans (only = and != apply). */
export function comparable(a: FormulaType, b: FormulaType, ordered = false): boolean {
  if (TEMPORAL.includes(a) && TEMPORAL.includes(b)) return true;
  return a === b && a !== 'null' && !(ordered && a === 'boolean');
}

/** The result type of an operator, or undefined when it does not apply to these operand types. */
export function binaryType(op: BinaryOp, l: FormulaType, r: FormulaType): FormulaType | undefined {
  switch (op) {
    case '&':
      return 'text';
    case 'and':
    case 'or':
      return [l, r].every((t) => t === 'boolean' || t === 'null') ? 'boolean' : undefined;
    case '=':
    case '!=':
      return comparable(l, r) ? 'boolean' : undefined;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return comparable(l, r, true) ? 'boolean' : undefined;
    default:
      return ARITHMETIC[op].find(([a, b]) => a === l && b === r)?.[2];
  }
}

export function unaryType(op: '-' | '+' | 'not', t: FormulaType): FormulaType | undefined {
  if (op === 'not') return t === 'boolean' || t === 'null' ? 'boolean' : undefined;
  return t === 'number' ? 'number' : undefined;
}

const addDays = (day: number, n: number) => date(checkedDay(day + Math.trunc(n)));
const addMs = (ms: number, days: number) => dateTime(ms + days * DAY_MS);

function add(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return cleanNumber(a + b);
  if (typeof a === 'number') return add(b, a);
  if (typeof b !== 'number') return null;
  if (isDate(a)) return addDays(a.day, b);
  if (isDateTime(a)) return addMs(a.ms, b);
  return null;
}

function subtract(a: Value, b: Value, timeZone: string): Value {
  if (typeof a === 'number' && typeof b === 'number') return cleanNumber(a - b);
  if (typeof b === 'number') return isDate(a) || isDateTime(a) ? add(a, -b) : null;
  if (isDateTime(a) && isDateTime(b)) return cleanNumber((a.ms - b.ms) / DAY_MS);
  if (!(isDate(a) || isDateTime(a)) || !(isDate(b) || isDateTime(b))) return null;
  const [x, y] = [asDay(a, timeZone), asDay(b, timeZone)];
  return x === null || y === null ? null : x - y;
}

/** Remainder with the sign of the divisor, like Excel's MOD; null when dividing by zero. */
export function mod(a: number, b: number): number | null {
  if (b === 0) return null;
  return cleanNumber(a - b * Math.floor(cleanNumber(a / b) ?? NaN));
}

/**
 * Orders two values: numbers, texts (by code unit, case-sensitive), booleans, dates and
 * date-times. A date meets a date-time on the date-time's calendar day in the time zone.
 * Null when either is null or the two cannot be compared.
 */
export function compareValues(a: Value, b: Value, timeZone: string): number | null {
  if (a === null || b === null) return null;
  const order = <T extends number | string>(x: T, y: T) => (x < y ? -1 : x > y ? 1 : 0);
  if (typeof a === 'number' && typeof b === 'number') return order(a, b);
  if (typeof a === 'string' && typeof b === 'string') return order(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return order(Number(a), Number(b));
  if (isDateTime(a) && isDateTime(b)) return order(a.ms, b.ms);
  const temporal = (v: Value) => isDate(v) || isDateTime(v);
  if (temporal(a) && temporal(b)) return order(asDay(a, timeZone) ?? NaN, asDay(b, timeZone) ?? NaN);
  // Text whose type was guessed to be a date still compares as the text it is.
  if ((typeof a === 'string' && temporal(b)) || (temporal(a) && typeof b === 'string')) {
    return order(toText(a, timeZone), toText(b, timeZone));
  }
  return null;
}

function compare(op: ComparisonOp, a: Value, b: Value, timeZone: string): Value {
  const c = compareValues(a, b, timeZone);
  if (c === null) return null;
  const results: Record<ComparisonOp, boolean> = {
    '=': c === 0,
    '!=': c !== 0,
    '<': c < 0,
    '<=': c <= 0,
    '>': c > 0,
    '>=': c >= 0,
  };
  return results[op];
}

/** Applies a non-logical binary operator; null in (except for `&`), null out. */
export function applyBinary(
  op: Exclude<BinaryOp, 'and' | 'or'>,
  a: Value,
  b: Value,
  timeZone: string,
): Value {
  if (op === '&') return toText(a, timeZone) + toText(b, timeZone);
  if (a === null || b === null) return null;
  const numbers = (f: (x: number, y: number) => number | null) =>
    typeof a === 'number' && typeof b === 'number' ? cleanNumber(f(a, b)) : null;
  switch (op) {
    case '+':
      return add(a, b);
    case '-':
      return subtract(a, b, timeZone);
    case '*':
      return numbers((x, y) => x * y);
    case '/':
      return numbers((x, y) => (y === 0 ? null : x / y));
    case '%':
      return numbers(mod);
    default:
      return compare(op, a, b, timeZone);
  }
}

export function applyUnary(op: '-' | '+', v: Value): Value {
  if (typeof v !== 'number') return null;
  return op === '-' ? cleanNumber(-v) : v;
}

/** Three-valued AND: false wins, then null (unknown), then true. Arguments run lazily. */
export function logicalAnd(args: (() => Value)[]): Value {
  let unknown = false;
  for (const arg of args) {
    const v = arg();
    if (v === false) return false;
    if (v !== true) unknown = true;
  }
  return unknown ? null : true;
}

/** Three-valued OR: true wins, then null (unknown), then false. */
export function logicalOr(args: (() => Value)[]): Value {
  let unknown = false;
  for (const arg of args) {
    const v = arg();
    if (v === true) return true;
    if (v !== false) unknown = true;
  }
  return unknown ? null : false;
}

export function logicalNot(v: Value): Value {
  return typeof v === 'boolean' ? !v : null;
}
