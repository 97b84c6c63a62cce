import type { FormulaError, FormulaType } from './types.js';
import { MAX_FORMULA_DEPTH, MAX_FORMULA_LENGTH } from './types.js';

/** What an argument may be; `FormulaType`s plus the unions some functions accept. */
export type ParamKind = FormulaType | 'temporal' | 'orderable' | 'numberOrText' | 'any';

const NAMES: Record<ParamKind, [en: string, zh: string]> = {
  number: ['number', '数字'],
  text: ['text', '文本'],
  date: ['date', '日期'],
  datetime: ['date-time', '日期时间'],
  boolean: ['true/false', '布尔值'],
  null: ['empty (NULL)', '空值'],
  temporal: ['date or date-time', '日期或日期时间'],
  orderable: ['number, date or date-time', '数字、日期或日期时间'],
  numberOrText: ['number or text', '数字或文本'],
  any: ['any value', '任意值'],
};

const en = (kind: ParamKind) => NAMES[kind][0];
const zh = (kind: ParamKind) => NAMES[kind][1];

/** Builds an error; a position is also spelled out (1-based) in both messages. */
export function formulaError(message: string, messageZh: string, position?: number): FormulaError {
  if (position === undefined) return { message, messageZh };
  return {
    message: `${message} (at character ${position + 1})`,
    messageZh: `${messageZh}（第 ${position + 1} 个字符处）`,
    position,
  };
}

function countRange(min: number, max: number): [string, string] {
  if (min === max) return [`${min}`, `${min}`];
  if (max === Infinity) return [`at least ${min}`, `至少 ${min}`];
  return [`${min} to ${max}`, `${min} 到 ${max}`];
}

/** Every message the formula language produces, in one place for translators. */
export const errors = {
  notText: () => formulaError('Formula must be text', '公式必须是文本'),
  empty: () => formulaError('Formula is empty', '公式为空'),
  tooLong: (length: number) =>
    formulaError(
      `Formula is too long (${length} characters, at most ${MAX_FORMULA_LENGTH})`,
      `公式过长（${length} 个字符，最多 ${MAX_FORMULA_LENGTH} 个）`,
      MAX_FORMULA_LENGTH,
    ),
  tooDeep: (at: number) =>
    formulaError(
      `Formula is nested too deeply (at most ${MAX_FORMULA_DEPTH} levels)`,
      `公式嵌套层数过多（最多 ${MAX_FORMULA_DEPTH} 层）`,
      at,
    ),
  unexpectedChar: (char: string, at: number) =>
    formulaError(`Unexpected character "${char}"`, `无法识别的字符“${char}”`, at),
  fullWidth: (char: string, ascii: string, at: number) =>
    formulaError(
      `Full-width "${char}" is not allowed here; type "${ascii}" instead`,
      `请将中文标点“${char}”改为英文标点“${ascii}”`,
      at,
    ),
  caret: (at: number) =>
    formulaError('"^" is not an operator; use POWER(x, y)', '不支持“^”运算符，请使用 POWER(x, y)', at),
  unterminatedText: (at: number) => formulaError('Text is missing its closing quote', '文本缺少结束引号', at),
  unterminatedField: (at: number) =>
    formulaError('Field reference is missing its closing "}"', '字段引用缺少结束的“}”', at),
  badFieldRef: (at: number) =>
    formulaError(
      'Invalid field reference; write it as {fieldKey} with letters, digits and _',
      '字段引用格式不正确，应写作 {字段标识}，只能包含字母、数字和下划线',
      at,
    ),
  badNumber: (text: string, at: number) =>
    formulaError(`Invalid number "${text}"`, `数字格式不正确：“${text}”`, at),
  unexpectedEnd: (at: number) => formulaError('Formula ends unexpectedly', '公式不完整', at),
  unexpectedToken: (text: string, at: number) =>
    formulaError(`Unexpected "${text}"`, `此处不应出现“${text}”`, at),
  expected: (what: string, at: number) => formulaError(`Expected "${what}"`, `此处缺少“${what}”`, at),
  bareName: (name: string, at: number) =>
    formulaError(
      `Unknown name "${name}"; field references need braces, e.g. {${name}}, and functions need parentheses`,
      `无法识别“${name}”；引用字段请加花括号，如 {${name}}，调用函数请加括号`,
      at,
    ),
  unknownField: (key: string, at: number) =>
    formulaError(`Unknown field {${key}}`, `找不到字段 {${key}}`, at),
  unknownFunction: (name: string, at: number) =>
    formulaError(`Unknown function ${name}`, `不存在函数 ${name}`, at),
  arity: (name: string, min: number, max: number, got: number, at: number) => {
    const [rangeEn, rangeZh] = countRange(min, max);
    return formulaError(
      `${name} takes ${rangeEn} argument(s), got ${got}`,
      `函数 ${name} 需要 ${rangeZh} 个参数，实际传入 ${got} 个`,
      at,
    );
  },
  pairs: (name: string, at: number) =>
    formulaError(
      `${name} takes its arguments in condition/value pairs`,
      `函数 ${name} 的参数应成对出现（条件, 结果）`,
      at,
    ),
  argType: (name: string, index: number, expected: ParamKind, got: FormulaType, at: number) =>
    formulaError(
      `Argument ${index} of ${name} must be ${en(expected)}, not ${en(got)}`,
      `函数 ${name} 的第 ${index} 个参数应为${zh(expected)}，而不是${zh(got)}`,
      at,
    ),
  sameType: (name: string, a: FormulaType, b: FormulaType, at: number) =>
    formulaError(
      `The values of ${name} must all have the same type, got ${en(a)} and ${en(b)}`,
      `函数 ${name} 中的值类型必须一致，现为${zh(a)}和${zh(b)}`,
      at,
    ),
  operands: (op: string, a: FormulaType, b: FormulaType, at: number) =>
    formulaError(
      `Cannot use "${op}" on ${en(a)} and ${en(b)}`,
      `不能对${zh(a)}和${zh(b)}使用“${op}”运算`,
      at,
    ),
  operand: (op: string, a: FormulaType, at: number) =>
    formulaError(`Cannot use "${op}" on ${en(a)}`, `不能对${zh(a)}使用“${op}”运算`, at),
  addText: (op: string, a: FormulaType, b: FormulaType, at: number) =>
    formulaError(
      `Cannot use "${op}" on ${en(a)} and ${en(b)}; use & to join text`,
      `不能对${zh(a)}和${zh(b)}使用“${op}”运算；连接文本请使用 &`,
      at,
    ),
  nullOperand: (op: string, at: number) =>
    formulaError(
      `"${op}" with NULL is always empty; use ISBLANK() or IFBLANK()`,
      `与 NULL 进行“${op}”运算的结果总是空值，请使用 ISBLANK() 或 IFBLANK()`,
      at,
    ),
  badUnit: (name: string, unit: string, allowed: string, at: number) =>
    formulaError(
      `Unknown unit "${unit}" for ${name}; use one of ${allowed}`,
      `函数 ${name} 的单位“${unit}”无效，可用：${allowed}`,
      at,
    ),
  alwaysEmpty: () => formulaError('Formula is always empty', '公式的结果始终为空'),
};
