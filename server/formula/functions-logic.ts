import type { FunctionDef } from './function-def.js';
import { checkArgs, strict, unify } from './function-def.js';
import { errors as E } from './messages.js';
import { comparable, compareValues, logicalAnd, logicalNot, logicalOr } from './operators.js';
import type { Value } from './values.js';

const isBlank = (v: Value) => v === null || v === '';

/** IF(condition, then, else?): a null condition takes the else branch; no else means null. */
const IF: FunctionDef = {
  name: 'IF',
  minArgs: 2,
  maxArgs: 3,
  infer: ([cond, ...branches], ctx) => {
    checkArgs([cond], ['boolean'], ctx);
    return unify(branches, ctx);
  },
  evaluate: ([cond, then, otherwise]) => (cond() === true ? then() : otherwise ? otherwise() : null),
};

/** IFS(cond1, value1, cond2, value2, ...): the value of the first true condition, else null. */
const IFS: FunctionDef = {
  name: 'IFS',
  minArgs: 2,
  maxArgs: Infinity,
  infer: (args, ctx) => {
    if (args.length % 2 !== 0) ctx.report(E.pairs('IFS', ctx.call.start));
    checkArgs(
      args.filter((_, i) => i % 2 === 0),
      ['boolean'],
      ctx,
    );
    return unify(
      args.filter((_, i) => i % 2 === 1),
      ctx,
    );
  },
  evaluate: (args) => {
    for (let i = 0; i + 1 < args.length; i += 2) if (args[i]() === true) return args[i + 1]();
    return null;
  },
};

/** SWITCH(x, value1, result1, ..., default?): a null x matches nothing. */
const SWITCH: FunctionDef = {
  name: 'SWITCH',
  minArgs: 3,
  maxArgs: Infinity,
  infer: ([subject, ...rest], ctx) => {
    const results = rest.filter((_, i) => i % 2 === 1 || i === rest.length - 1);
    for (let i = 0; i + 1 < rest.length; i += 2) {
      const { node, type } = rest[i];
      if (
        subject.type &&
        type &&
        type !== 'null' &&
        subject.type !== 'null' &&
        !comparable(subject.type, type)
      ) {
        ctx.report(E.operands('=', subject.type, type, node.start));
      }
    }
    return unify(results, ctx);
  },
  evaluate: ([subject, ...rest], env) => {
    const x = subject();
    for (let i = 0; i + 1 < rest.length; i += 2) {
      if (compareValues(x, rest[i](), env.timeZone) === 0) return rest[i + 1]();
    }
    return rest.length % 2 === 1 ? rest[rest.length - 1]() : null;
  },
};

const logical = (name: string, combine: typeof logicalAnd): FunctionDef => ({
  name,
  minArgs: 1,
  maxArgs: Infinity,
  infer: (args, ctx) => (checkArgs(args, ['boolean'], ctx), 'boolean'),
  evaluate: combine,
});

/** BLANKVALUE(x, fallback) / IFBLANK: the fallback when x is null or empty text. */
const blankValue = (name: string): FunctionDef => ({
  name,
  minArgs: 2,
  maxArgs: 2,
  infer: (args, ctx) => unify(args, ctx),
  evaluate: ([x, fallback]) => {
    const v = x();
    return isBlank(v) ? fallback() : v;
  },
});

const constant = (name: string, value: boolean | null): FunctionDef => ({
  name,
  minArgs: 0,
  maxArgs: 0,
  infer: () => (value === null ? 'null' : 'boolean'),
  evaluate: () => value,
});

export const logicFunctions: FunctionDef[] = [
  IF,
  IFS,
  SWITCH,
  logical('AND', logicalAnd),
  logical('OR', logicalOr),
  strict('NOT', ['boolean'], 'boolean', ([v]) => logicalNot(v)),
  {
    name: 'ISBLANK',
    minArgs: 1,
    maxArgs: 1,
    infer: () => 'boolean',
    evaluate: ([x]) => isBlank(x()),
  },
  blankValue('BLANKVALUE'),
  blankValue('IFBLANK'),
  constant('TRUE', true),
  constant('FALSE', false),
  constant('BLANK', null),
];
