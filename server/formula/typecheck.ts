import type { Ast, BinaryOp } from './ast.js';
import { FUNCTIONS } from './functions.js';
import { errors as E } from './messages.js';
import { binaryType, unaryType } from './operators.js';
import type { FormulaError, FormulaType } from './types.js';
import { isFormulaType } from './types.js';

const symbol = (op: string) => (op === 'and' || op === 'or' || op === 'not' ? op.toUpperCase() : op);

/** What an operator yields even when its operands are wrong, so one error does not cascade. */
function fallbackType(op: BinaryOp): FormulaType | undefined {
  if (op === '&') return 'text';
  if (op === 'and' || op === 'or') return 'boolean';
  return binaryType(op, 'number', 'number') === 'boolean' ? 'boolean' : undefined;
}

/**
 * Infers a formula's result type from the types of the fields it reads, reporting unknown
 * fields and functions, wrong argument counts and type errors with their positions.
 * A formula whose type is `null` (always empty, e.g. `NULL`) is an error too.
 *
 * Main rules: `+`/`-` work on numbers, and on dates and date-times with a number of days;
 * date − date and date-time − date-time are days. Text is joined with `&`, never `+`.
 * Comparisons need both sides of the same type (dates and date-times mix). Operators given a
 * literal NULL are rejected, since the result would always be empty.
 *
 * @example typecheckFormula(ast, (key) => ({ amount: 'number' })[key]) // { type: 'number', errors: [] }
 */
export function typecheckFormula(
  ast: Ast,
  fieldTypes: (key: string) => FormulaType | undefined,
): { type?: FormulaType; errors: FormulaError[] } {
  const errors: FormulaError[] = [];
  const report = (e: FormulaError) => void errors.push(e);

  function infer(node: Ast): FormulaType | undefined {
    switch (node.kind) {
      case 'number':
      case 'text':
      case 'boolean':
      case 'null':
        return node.kind;
      case 'field': {
        const type = fieldTypes(node.key);
        if (isFormulaType(type)) return type;
        report(E.unknownField(node.key, node.start));
        return undefined;
      }
      case 'unary': {
        const t = infer(node.operand);
        if (t === undefined) return node.op === 'not' ? 'boolean' : undefined;
        const result = unaryType(node.op, t);
        if (result) return result;
        report(
          t === 'null'
            ? E.nullOperand(symbol(node.op), node.start)
            : E.operand(symbol(node.op), t, node.start),
        );
        return undefined;
      }
      case 'binary': {
        const [l, r] = [infer(node.left), infer(node.right)];
        const fallback = fallbackType(node.op);
        if (l === undefined || r === undefined) return fallback;
        const result = binaryType(node.op, l, r);
        if (result) return result;
        const op = symbol(node.op);
        if (l === 'null' || r === 'null') report(E.nullOperand(op, node.opStart));
        else if ((node.op === '+' || node.op === '-') && (l === 'text' || r === 'text')) {
          report(E.addText(op, l, r, node.opStart));
        } else report(E.operands(op, l, r, node.opStart));
        return fallback;
      }
      case 'call': {
        const args = node.args.map((arg) => ({ node: arg, type: infer(arg) }));
        const def = FUNCTIONS.get(node.name);
        if (!def) return void report(E.unknownFunction(node.name, node.start));
        if (args.length < def.minArgs || args.length > def.maxArgs) {
          return void report(E.arity(node.name, def.minArgs, def.maxArgs, args.length, node.start));
        }
        return def.infer(args, { call: node, report });
      }
    }
  }

  const type = infer(ast);
  if (type === 'null') report(E.alwaysEmpty());
  return errors.length === 0 && type ? { type, errors } : { errors };
}
