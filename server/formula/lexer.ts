import { errors as E } from './messages.js';
import type { FormulaError } from './types.js';
import { FIELD_KEY_PATTERN } from './types.js';

interface At {
  start: number;
  end: number;
}

export type Token =
  | (At & { kind: 'number'; value: number })
  | (At & { kind: 'text'; value: string })
  | (At & { kind: 'field'; key: string })
  | (At & { kind: 'name'; name: string })
  | (At & { kind: 'op'; op: string })
  | (At & { kind: 'eof' });

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NUMBER_TAIL = /[A-Za-z0-9_.]*/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATORS = [
  '&&',
  '||',
  '==',
  '!=',
  '<>',
  '<=',
  '>=',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '!',
  '(',
  ')',
  ',',
];
const ESCAPES = new Map([
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
]);

/** Punctuation a Chinese input method produces by accident, with what was meant. */
const FULL_WIDTH = new Map([
  ['（', '('],
  ['）', ')'],
  ['，', ','],
  ['“', '"'],
  ['”', '"'],
  ['‘', "'"],
  ['’', "'"],
  ['｛', '{'],
  ['｝', '}'],
  ['＋', '+'],
  ['－', '-'],
  ['＊', '*'],
  ['／', '/'],
  ['＝', '='],
  ['＜', '<'],
  ['＞', '>'],
  ['！', '!'],
  ['＆', '&'],
  ['％', '%'],
]);

function match(re: RegExp, src: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(src)?.[0];
}

/**
 * Splits a formula into tokens. It never stops early: after an error it skips ahead and goes on,
 * so `renameFormulaRefs` still sees every well-formed field reference of a broken formula.
 */
export function tokenize(src: string): { tokens: Token[]; errors: FormulaError[] } {
  const tokens: Token[] = [];
  const errors: FormulaError[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '{') {
      const close = src.indexOf('}', i);
      if (close < 0) {
        errors.push(E.unterminatedField(start));
        i++;
        continue;
      }
      const key = src.slice(i + 1, close);
      i = close + 1;
      if (FIELD_KEY_PATTERN.test(key)) tokens.push({ kind: 'field', key, start, end: i });
      else errors.push(E.badFieldRef(start));
    } else if (c === '"' || c === "'") {
      const text = readText(src, i);
      i = text.end;
      if (text.value === undefined) errors.push(E.unterminatedText(start));
      else tokens.push({ kind: 'text', value: text.value, start, end: i });
    } else if (/[0-9.]/.test(c) && match(NUMBER, src, i)) {
      const literal = match(NUMBER, src, i) ?? '';
      const tail = match(NUMBER_TAIL, src, i + literal.length) ?? '';
      i += literal.length + tail.length;
      if (tail) errors.push(E.badNumber(literal + tail, start));
      else tokens.push({ kind: 'number', value: Number(literal), start, end: i });
    } else if (match(NAME, src, i)) {
      const name = match(NAME, src, i) ?? '';
      i += name.length;
      tokens.push({ kind: 'name', name, start, end: i });
    } else {
      const op = OPERATORS.find((o) => src.startsWith(o, i));
      if (op) {
        i += op.length;
        tokens.push({ kind: 'op', op, start, end: i });
        continue;
      }
      const char = String.fromCodePoint(src.codePointAt(i) ?? 0);
      const ascii = FULL_WIDTH.get(char);
      if (ascii) errors.push(E.fullWidth(char, ascii, start));
      else if (char === '^') errors.push(E.caret(start));
      else errors.push(E.unexpectedChar(char, start));
      i += char.length;
    }
  }
  tokens.push({ kind: 'eof', start: src.length, end: src.length });
  return { tokens, errors };
}

/** Reads a quoted text starting at `at`; `value` is undefined when the closing quote is missing. */
function readText(src: string, at: number): { value?: string; end: number } {
  const quote = src[at];
  let value = '';
  let i = at + 1;
  while (i < src.length) {
    const c = src[i];
    if (c === quote) return { value, end: i + 1 };
    if (c === '\\' && i + 1 < src.length) {
      const next = src[i + 1];
      const hex = next === 'u' ? /^[0-9a-fA-F]{4}/.exec(src.slice(i + 2, i + 6))?.[0] : undefined;
      if (hex) {
        value += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        value += ESCAPES.get(next) ?? next;
        i += 2;
      }
    } else {
      value += c;
      i++;
    }
  }
  return { end: src.length };
}
