import type { FunctionDef } from './function-def.js';
import { checkArgs, numeric } from './function-def.js';
import { errors as E } from './messages.js';
import { compareValues, mod } from './operators.js';
import type { Value } from './values.js';
import { cleanNumber } from './values.js';

/**
 * Rounds |x| to `digits` decimals (negative: to tens, hundreds…) with `mode`, keeping the sign,
 * so ROUND goes half away from zero like Excel. Float noise is removed before rounding so that
 * ROUND(1.005, 2) is 1.01.
 */
function roundWith(mode: (x: number) => number) {
  return (x: number, digits = 0): number => {
    const d = Math.max(-15, Math.min(15, Math.trunc(digits)));
    const scale = 10 ** Math.abs(d);
    const scaled = d >= 0 ? Math.abs(x) * scale : Math.abs(x) / scale;
    const rounded = mode(Number(scaled.toPrecision(15)));
    return Math.sign(x) * (d >= 0 ? rounded / scale : rounded * scale);
  };
}

/** FLOOR/CEILING to a multiple of `step`; a zero step gives null. */
function toMultiple(mode: (x: number) => number) {
  return (x: number, step = 1): number | null => {
    if (step === 0) return null;
    const ratio = cleanNumber(x / step);
    return ratio === null ? null : mode(ratio) * step;
  };
}

const present = (values: Value[]) => values.filter((v): v is number => typeof v === 'number');

/** SUM/AVERAGE skip empty arguments, like spreadsheets. */
const aggregate = (name: string, fn: (xs: number[]) => number | null): FunctionDef => ({
  name,
  minArgs: 1,
  maxArgs: Infinity,
  infer: (args, ctx) => (checkArgs(args, ['number'], ctx), 'number'),
  evaluate: (args) => cleanNumber(fn(present(args.map((a) => a())))),
});

/** MIN/MAX over numbers, dates or date-times (all the same), skipping empty arguments. */
const extreme = (name: string, sign: 1 | -1): FunctionDef => ({
  name,
  minArgs: 1,
  maxArgs: Infinity,
  infer: (args, ctx) => {
    if (!checkArgs(args, ['orderable'], ctx)) return undefined;
    const types = args.map((a) => a.type).filter((t) => t !== 'null');
    const mismatch = args.find((a) => a.type !== 'null' && a.type !== types[0]);
    if (mismatch?.type) ctx.report(E.sameType(name, types[0] ?? 'null', mismatch.type, mismatch.node.start));
    return mismatch ? undefined : (types[0] ?? 'null');
  },
  evaluate: (args, env) => {
    let best: Value = null;
    for (const arg of args) {
      const v = arg();
      if (v === null) continue;
      const c = best === null ? sign : compareValues(v, best, env.timeZone);
      if (c === null) return null;
      if (c * sign > 0) best = v;
    }
    return best;
  },
});

export const mathFunctions: FunctionDef[] = [
  numeric('ABS', 1, 1, Math.abs),
  numeric('ROUND', 1, 2, roundWith(Math.round)),
  numeric('ROUNDUP', 1, 2, roundWith(Math.ceil)),
  numeric('ROUNDDOWN', 1, 2, roundWith(Math.floor)),
  numeric('FLOOR', 1, 2, toMultiple(Math.floor)),
  numeric('CEILING', 1, 2, toMultiple(Math.ceil)),
  numeric('POWER', 2, 2, Math.pow),
  numeric('SQRT', 1, 1, (x) => (x < 0 ? null : Math.sqrt(x))),
  numeric('MOD', 2, 2, mod),
  aggregate('SUM', (xs) => xs.reduce((a, b) => a + b, 0)),
  aggregate('AVERAGE', (xs) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length)),
  extreme('MIN', -1),
  extreme('MAX', 1),
];
