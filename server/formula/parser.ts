import type { Ast, BinaryOp, CallExpr, ComparisonOp } from './ast.js';
import type { Token } from './lexer.js';
import { tokenize } from './lexer.js';
import { errors as E } from './messages.js';
import type { FormulaError } from './types.js';
import { MAX_FORMULA_DEPTH, MAX_FORMULA_LENGTH } from './types.js';

/** Thrown inside the parser only, to stop at the first syntax error. */
class SyntaxAbort {
  constructor(readonly error: FormulaError) {}
}

const COMPARISONS = new Map<string, ComparisonOp>([
  ['=', '='],
  ['==', '='],
  ['!=', '!='],
  ['<>', '!='],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
]);

/**
 * Parses a formula. Never throws: syntax errors come back in `errors` with their position.
 *
 * Precedence, loosest first: `OR` `||`; `AND` `&&`; prefix `NOT` `!`; comparisons; `&`; `+` `-`;
 * `*` `/` `%`; unary `-` `+`. `NOT(...)`, `AND(...)` and `OR(...)` written with parentheses
 * are function calls. Formulas are limited to 2000 characters and 64 levels of nesting
 * (parentheses, calls and prefix operators).
 *
 * @example parseFormula('IF({tier} = "high", "VIP", "普通")').ast
 */
export function parseFormula(src: string): { ast?: Ast; errors: FormulaError[] } {
  if (typeof src !== 'string') return { errors: [E.notText()] };
  if (src.length > MAX_FORMULA_LENGTH) return { errors: [E.tooLong(src.length)] };
  const { tokens, errors } = tokenize(src);
  if (errors.length > 0) return { errors };
  if (tokens.length === 1) return { errors: [E.empty()] };
  try {
    return { ast: parseTokens(src, tokens), errors: [] };
  } catch (e) {
    if (e instanceof SyntaxAbort) return { errors: [e.error] };
    throw e;
  }
}

function parseTokens(src: string, tokens: Token[]): Ast {
  let i = 0;
  let depth = 0;

  const peek = () => tokens[i];
  const isOp = (t: Token | undefined, op: string) => t?.kind === 'op' && t.op === op;
  const isWord = (t: Token, word: string) => t.kind === 'name' && t.name.toUpperCase() === word;
  const fail = (t: Token): never => {
    if (t.kind === 'eof') throw new SyntaxAbort(E.unexpectedEnd(t.start));
    throw new SyntaxAbort(E.unexpectedToken(src.slice(t.start, t.end), t.start));
  };
  const expect = (op: string): Token => {
    const t = peek();
    if (!isOp(t, op)) throw new SyntaxAbort(E.expected(op, t.start));
    i++;
    return t;
  };
  const nested = <T>(at: Token, parse: () => T): T => {
    if (++depth > MAX_FORMULA_DEPTH) throw new SyntaxAbort(E.tooDeep(at.start));
    try {
      return parse();
    } finally {
      depth--;
    }
  };

  const binary = (next: () => Ast, opOf: (t: Token) => BinaryOp | undefined) => (): Ast => {
    let left = next();
    for (let t = peek(), op = opOf(t); op; t = peek(), op = opOf(t)) {
      i++;
      const right = next();
      left = { kind: 'binary', op, opStart: t.start, left, right, start: left.start, end: right.end };
    }
    return left;
  };

  const parseUnary = (): Ast => {
    const t = peek();
    if (!isOp(t, '-') && !isOp(t, '+')) return parsePrimary();
    i++;
    return nested(t, () => {
      const operand = parseUnary();
      return { kind: 'unary', op: isOp(t, '-') ? '-' : '+', operand, start: t.start, end: operand.end };
    });
  };
  const parseProduct = binary(parseUnary, (t) =>
    isOp(t, '*') ? '*' : isOp(t, '/') ? '/' : isOp(t, '%') ? '%' : undefined,
  );
  const parseSum = binary(parseProduct, (t) => (isOp(t, '+') ? '+' : isOp(t, '-') ? '-' : undefined));
  const parseConcat = binary(parseSum, (t) => (isOp(t, '&') ? '&' : undefined));
  const parseComparison = binary(parseConcat, (t) => (t.kind === 'op' ? COMPARISONS.get(t.op) : undefined));
  const parseNot = (): Ast => {
    const t = peek();
    if (!isOp(t, '!') && !(isWord(t, 'NOT') && !isOp(tokens[i + 1], '('))) return parseComparison();
    i++;
    return nested(t, () => {
      const operand = parseNot();
      return { kind: 'unary', op: 'not', operand, start: t.start, end: operand.end };
    });
  };
  const parseAnd = binary(parseNot, (t) => (isOp(t, '&&') || isWord(t, 'AND') ? 'and' : undefined));
  const parseOr = binary(parseAnd, (t) => (isOp(t, '||') || isWord(t, 'OR') ? 'or' : undefined));

  const parseCall = (name: Token & { kind: 'name' }): CallExpr =>
    nested(name, () => {
      i += 2;
      const args: Ast[] = [];
      if (!isOp(peek(), ')')) {
        args.push(parseOr());
        while (isOp(peek(), ',')) {
          i++;
          args.push(parseOr());
        }
      }
      const close = expect(')');
      return { kind: 'call', name: name.name.toUpperCase(), args, start: name.start, end: close.end };
    });

  function parsePrimary(): Ast {
    const t = peek();
    const { start, end } = t;
    switch (t.kind) {
      case 'number':
        i++;
        return { kind: 'number', value: t.value, start, end };
      case 'text':
        i++;
        return { kind: 'text', value: t.value, start, end };
      case 'field':
        i++;
        return { kind: 'field', key: t.key, start, end };
      case 'name': {
        if (isOp(tokens[i + 1], '(')) return parseCall(t);
        const word = t.name.toUpperCase();
        i++;
        if (word === 'TRUE' || word === 'FALSE')
          return { kind: 'boolean', value: word === 'TRUE', start, end };
        if (word === 'NULL') return { kind: 'null', start, end };
        if (word === 'AND' || word === 'OR' || word === 'NOT') return fail(t);
        throw new SyntaxAbort(E.bareName(t.name, start));
      }
      case 'op':
        if (t.op !== '(') return fail(t);
        i++;
        return nested(t, () => {
          const inner = parseOr();
          const close = expect(')');
          return { ...inner, start, end: close.end };
        });
      default:
        return fail(t);
    }
  }

  const ast = parseOr();
  if (peek().kind !== 'eof') fail(peek());
  return ast;
}
