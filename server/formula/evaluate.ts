import type { Ast } from './ast.js';
import type { EvalEnv } from './function-def.js';
import { FUNCTIONS } from './functions.js';
import { applyBinary, applyUnary, logicalAnd, logicalNot, logicalOr } from './operators.js';
import type { FormulaType } from './types.js';
import type { ApiValue, Value } from './values.js';
import { fromApiValue, toApiValue } from './values.js';

export interface EvaluateContext {
  /** The clock reading TODAY() and NOW() see. */
  now: Date;
  /** IANA time zone for TODAY(), calendar parts of date-times and date-times as text. */
  timeZone?: string;
  /**
   * The declared types of fields, as given to `typecheckFormula`. Optional but recommended:
   * without them a text field holding '2026-01-01' is read as a date.
   */
  fieldTypes?: (key: string) => FormulaType | undefined;
}

/**
 * Evaluates a parsed formula against a record's API values. Never throws: runtime problems
 * (bad data, unknown functions in an unchecked formula) give null.
 *
 * Null semantics:
 * - arithmetic, comparisons and functions with an empty (null) argument give null,
 *   except ISBLANK, IFBLANK/BLANKVALUE, IF/IFS/SWITCH (only the branch taken matters),
 *   `&`, CONCAT and TEXT (null is ''), SUM/AVERAGE/MIN/MAX (nulls are skipped; SUM of
 *   nothing is 0, the others null);
 * - AND/OR are three-valued: AND(FALSE, NULL) is FALSE, OR(TRUE, NULL) is TRUE, otherwise null;
 * - IF with a null condition takes the else branch;
 * - division (and MOD) by zero gives null, as do infinite or NaN results;
 * - ISBLANK and IFBLANK treat '' like null.
 *
 * Numbers are doubles; results of + - * / are rounded to 10 decimal places (0.1 + 0.2 = 0.3).
 * `%` is MOD: the remainder takes the sign of the divisor. Text compares case-sensitively.
 * Turned into text, numbers lose trailing zeros, booleans read TRUE/FALSE and date-times read
 * 'YYYY-MM-DD HH:mm' in the time zone (default Asia/Shanghai). Where a date meets a date-time
 * (comparison, subtraction), the date-time counts as its calendar date in the time zone.
 * Dates come back as 'YYYY-MM-DD', date-times as ISO instants in UTC.
 *
 * @example evaluateFormula(ast, (key) => record[key], { now: new Date(), timeZone: 'Asia/Shanghai' })
 */
export function evaluateFormula(ast: Ast, values: (key: string) => unknown, ctx: EvaluateContext): ApiValue {
  const env: EvalEnv = { now: ctx.now, timeZone: ctx.timeZone ?? 'Asia/Shanghai' };

  function run(node: Ast): Value {
    switch (node.kind) {
      case 'number':
      case 'text':
      case 'boolean':
        return node.value;
      case 'null':
        return null;
      case 'field':
        return fromApiValue(values(node.key), ctx.fieldTypes?.(node.key));
      case 'unary':
        return node.op === 'not' ? logicalNot(run(node.operand)) : applyUnary(node.op, run(node.operand));
      case 'binary': {
        const sides = [() => run(node.left), () => run(node.right)];
        if (node.op === 'and') return logicalAnd(sides);
        if (node.op === 'or') return logicalOr(sides);
        return applyBinary(node.op, run(node.left), run(node.right), env.timeZone);
      }
      case 'call': {
        const def = FUNCTIONS.get(node.name);
        if (!def || node.args.length < def.minArgs || node.args.length > def.maxArgs) return null;
        return def.evaluate(
          node.args.map((arg) => () => run(arg)),
          env,
        );
      }
      default:
        return null;
    }
  }

  try {
    return toApiValue(run(ast));
  } catch {
    // A throwing `values` callback or an invalid time zone: the record still saves, empty.
    return null;
  }
}
