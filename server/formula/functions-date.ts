import type { ArgInfo, FunctionDef, InferContext } from './function-def.js';
import { checkArgs, strict } from './function-def.js';
import {
  DAY_MS,
  addMonths,
  checkedDay,
  dayFromParts,
  fromWallClock,
  partsFromDay,
  toWallClock,
  zonedDay,
} from './dates.js';
import { errors as E } from './messages.js';
import type { Value } from './values.js';
import { asDay, asNumber, date, dateTime, isDateTime } from './values.js';

type Unit = 'd' | 'w' | 'm' | 'y';

const UNITS = new Map<string, Unit>([
  ['d', 'd'],
  ['day', 'd'],
  ['days', 'd'],
  ['天', 'd'],
  ['日', 'd'],
  ['w', 'w'],
  ['week', 'w'],
  ['weeks', 'w'],
  ['周', 'w'],
  ['星期', 'w'],
  ['m', 'm'],
  ['month', 'm'],
  ['months', 'm'],
  ['月', 'm'],
  ['y', 'y'],
  ['year', 'y'],
  ['years', 'y'],
  ['年', 'y'],
]);
const UNIT_LIST = '"d", "w", "m", "y"';

const unitOf = (v: Value | undefined): Unit | undefined =>
  v === undefined ? 'd' : typeof v === 'string' ? UNITS.get(v.trim().toLowerCase()) : undefined;

/** A literal unit is checked when the formula is saved, not first found wrong on a record. */
function checkUnit(unit: ArgInfo | undefined, ctx: InferContext): void {
  if (unit?.node.kind === 'text' && !unitOf(unit.node.value)) {
    ctx.report(E.badUnit(ctx.call.name, unit.node.value, UNIT_LIST, unit.node.start));
  }
}

/** DATEADD on a date-time keeps its wall-clock time in the zone for months and years. */
function addToDateTime(ms: number, n: number, unit: Unit, timeZone: string): number | null {
  if (unit === 'd' || unit === 'w') return ms + n * (unit === 'w' ? 7 : 1) * DAY_MS;
  const local = toWallClock(ms, timeZone);
  const day = Math.floor(local / DAY_MS);
  const moved = addMonths(day, Math.trunc(n) * (unit === 'y' ? 12 : 1));
  return moved === null ? null : fromWallClock(moved * DAY_MS + (local - day * DAY_MS), timeZone);
}

function addToDate(day: number, n: number, unit: Unit): number | null {
  const whole = Math.trunc(n);
  if (unit === 'd' || unit === 'w') return checkedDay(day + whole * (unit === 'w' ? 7 : 1));
  return addMonths(day, whole * (unit === 'y' ? 12 : 1));
}

/**
 * Whole units from start to end, like Excel's DATEDIF: a month counts once the day of month is
 * reached (Jan 31 to Feb 29 is 0 months). Unlike Excel, an end before the start gives a
 * negative count instead of an error.
 */
export function dateDiff(start: number, end: number, unit: Unit): number {
  if (end < start) return -dateDiff(end, start, unit);
  if (unit === 'd') return end - start;
  if (unit === 'w') return Math.floor((end - start) / 7);
  const a = partsFromDay(start);
  const b = partsFromDay(end);
  const months = (b.y - a.y) * 12 + (b.m - a.m) - (b.d < a.d ? 1 : 0);
  return unit === 'm' ? months : Math.floor(months / 12);
}

const DATEADD: FunctionDef = {
  name: 'DATEADD',
  minArgs: 2,
  maxArgs: 3,
  infer: (args, ctx) => {
    checkArgs(args, ['temporal', 'number', 'text'], ctx);
    checkUnit(args[2], ctx);
    const type = args[0].type;
    return type === 'date' || type === 'datetime' || type === 'null' ? type : undefined;
  },
  evaluate: (args, env) => {
    const [v, n, unitArg] = args.map((a) => a());
    const unit = unitOf(unitArg);
    const amount = asNumber(n);
    if (v === null || amount === null || !unit) return null;
    if (isDateTime(v)) return dateTime(addToDateTime(v.ms, amount, unit, env.timeZone));
    const day = asDay(v, env.timeZone);
    return day === null ? null : date(addToDate(day, amount, unit));
  },
};

const DATEDIF: FunctionDef = {
  ...strict(
    'DATEDIF',
    ['temporal', 'temporal', 'text'],
    'number',
    ([a, b, unitArg], env) => {
      const [start, end, unit] = [asDay(a, env.timeZone), asDay(b, env.timeZone), unitOf(unitArg)];
      return start === null || end === null || !unit ? null : dateDiff(start, end, unit);
    },
    { min: 2 },
  ),
  infer: (args, ctx) => {
    checkArgs(args, ['temporal', 'temporal', 'text'], ctx);
    checkUnit(args[2], ctx);
    return 'number';
  },
};

/** YEAR, MONTH, DAY of a date, or of a date-time's calendar date in the time zone. */
const part = (name: string, pick: 'y' | 'm' | 'd'): FunctionDef =>
  strict(name, ['temporal'], 'number', ([v], env) => {
    const day = asDay(v, env.timeZone);
    return day === null ? null : partsFromDay(day)[pick];
  });

/** WEEKDAY(date, type = 1): type 1 is Sunday=1..Saturday=7, 2 is Monday=1..Sunday=7, 3 is Monday=0..Sunday=6. */
const WEEKDAY = strict(
  'WEEKDAY',
  ['temporal', 'number'],
  'number',
  ([v, type = 1], env) => {
    const day = asDay(v, env.timeZone);
    if (day === null) return null;
    const sunday0 = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    const monday0 = (sunday0 + 6) % 7;
    return type === 1 ? sunday0 + 1 : type === 2 ? monday0 + 1 : type === 3 ? monday0 : null;
  },
  { min: 1 },
);

export const dateFunctions: FunctionDef[] = [
  {
    name: 'TODAY',
    minArgs: 0,
    maxArgs: 0,
    infer: () => 'date',
    evaluate: (_, env) => date(zonedDay(env.now.getTime(), env.timeZone)),
  },
  {
    name: 'NOW',
    minArgs: 0,
    maxArgs: 0,
    infer: () => 'datetime',
    evaluate: (_, env) => dateTime(env.now.getTime()),
  },
  part('YEAR', 'y'),
  part('MONTH', 'm'),
  part('DAY', 'd'),
  WEEKDAY,
  strict('DATE', ['number', 'number', 'number'], 'date', (xs) => {
    const [y, m, d] = xs.map((x) => Math.trunc(asNumber(x) ?? NaN));
    return y >= 1 && y <= 9999 ? date(checkedDay(dayFromParts(y, m, d))) : null;
  }),
  DATEADD,
  DATEDIF,
  strict('DAYS', ['temporal', 'temporal'], 'number', ([end, start], env) => {
    const [e, s] = [asDay(end, env.timeZone), asDay(start, env.timeZone)];
    return e === null || s === null ? null : e - s;
  }),
];
