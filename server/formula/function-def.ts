import type { Ast, CallExpr } from './ast.js';
import type { ParamKind } from './messages.js';
import { errors as E } from './messages.js';
import type { FormulaError, FormulaType } from './types.js';
import type { Value } from './values.js';
import { asNumber, cleanNumber } from './values.js';

export interface EvalEnv {
  now: Date;
  timeZone: string;
}

export interface ArgInfo {
  node: Ast;
  /** Undefined when the argument already has an error. */
  type: FormulaType | undefined;
}

export interface InferContext {
  call: CallExpr;
  report(error: FormulaError): void;
}

/** A built-in function: its arity, its typing rule and its behaviour. */
export interface FunctionDef {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** The result type; reports argument errors through `ctx`. Arity is already checked. */
  infer(args: ArgInfo[], ctx: InferContext): FormulaType | undefined;
  /** Arguments are evaluated on demand, so IF and friends only run the branch they take. */
  evaluate(args: (() => Value)[], env: EvalEnv): Value;
}

export function accepts(kind: ParamKind, t: FormulaType): boolean {
  switch (kind) {
    case 'any':
      return true;
    case 'temporal':
      return t === 'null' || t === 'date' || t === 'datetime';
    case 'orderable':
      return t === 'null' || t === 'number' || t === 'date' || t === 'datetime';
    case 'numberOrText':
      return t === 'null' || t === 'number' || t === 'text';
    default:
      return t === 'null' || t === kind;
  }
}

/** Checks each argument against its kind (the last kind repeats); false if any is wrong. */
export function checkArgs(args: ArgInfo[], kinds: ParamKind[], ctx: InferContext): boolean {
  let ok = true;
  args.forEach((arg, i) => {
    const kind = kinds[Math.min(i, kinds.length - 1)];
    if (arg.type === undefined) ok = false;
    else if (!accepts(kind, arg.type)) {
      ctx.report(E.argType(ctx.call.name, i + 1, kind, arg.type, arg.node.start));
      ok = false;
    }
  });
  return ok;
}

/**
 * The common type of values that must agree (IF branches, MIN arguments): null fits anything.
 * Reports the first disagreement and returns undefined.
 */
export function unify(args: ArgInfo[], ctx: InferContext): FormulaType | undefined {
  let result: FormulaType = 'null';
  let known = true;
  for (const { node, type } of args) {
    if (type === undefined) known = false;
    else if (result === 'null') result = type;
    else if (type !== 'null' && type !== result) {
      ctx.report(E.sameType(ctx.call.name, result, type, node.start));
      return undefined;
    }
  }
  return known ? result : undefined;
}

interface Arity {
  min?: number;
  /** The last parameter repeats. */
  variadic?: boolean;
}

/**
 * A function with fixed parameter kinds and result type that is empty whenever an argument is.
 * `fn` still gets values of unexpected kinds if the formula was never type-checked, and must
 * answer null for them.
 */
export function strict(
  name: string,
  kinds: ParamKind[],
  returns: FormulaType,
  fn: (args: Value[], env: EvalEnv) => Value,
  arity: Arity = {},
): FunctionDef {
  return {
    name,
    minArgs: arity.min ?? kinds.length,
    maxArgs: arity.variadic ? Infinity : kinds.length,
    infer: (args, ctx) => {
      checkArgs(args, kinds, ctx);
      return returns;
    },
    evaluate: (thunks, env) => {
      const values = thunks.map((t) => t());
      return values.includes(null) ? null : fn(values, env);
    },
  };
}

/** A strict function of numbers to a number, with float noise cleaned from its result. */
export function numeric(
  name: string,
  min: number,
  max: number,
  fn: (...xs: number[]) => number | null,
): FunctionDef {
  const kinds: ParamKind[] = Array.from({ length: max }, () => 'number');
  return strict(
    name,
    kinds,
    'number',
    (values) => {
      const xs = values.map(asNumber);
      return xs.every((x): x is number => x !== null) ? cleanNumber(fn(...xs)) : null;
    },
    { min },
  );
}
