import type { SelectOption } from '../fields/types/options.js';
import type { ReasonCode, ReasonParams } from '../errors.js';
import { formatLocalDate, localDateOf, parseLocalDate, startOfLocalDay } from '../filter/time-zone.js';
import type { ModelField } from '../forms/form-model.js';
import type { Directory } from './directory.js';
import type { Cell } from './read-rows.js';

export interface CellContext {
  directory: Directory;
  timeZone: string;
  /** Conversions made so far in this job (see `convertCell`); none kept without it. */
  memo?: CellMemo;
}

/** Conversions by field id and cell text: options, people, dates and amounts recur down a column. */
export type CellMemo = Map<string, Map<string, Converted>>;

/** Types whose conversion is more than a trim; at most `memoSize` texts are kept per field. */
const memoized = new Set([
  'number',
  'currency',
  'percent',
  'rating',
  'select',
  'multiselect',
  'checkbox',
  'date',
  'datetime',
  'member',
  'department',
]);
const memoSize = 5000;

/**
 * A copy of a text that holds no reference to the text it was cut from: a cell is a slice of the
 * read buffer, and a kept slice (or a message quoting one) would keep the whole buffer alive.
 */
const detached = (text: string): string =>
  text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);

/** A converted value (API shape, before the field's own validation) or why it could not be. */
export type Converted = { value: unknown } | { error: string; code: ReasonCode; params?: ReasonParams };

type Converter = (cell: Exclude<Cell, null>, field: ModelField, ctx: CellContext) => Converted;

const listSeparators = /[,，;；、\n]/;
const splitList = (text: string) =>
  text
    .split(listSeparators)
    .map((s) => s.trim())
    .filter(Boolean);
const asText = (cell: Exclude<Cell, null>) =>
  (cell instanceof Date ? cell.toISOString() : String(cell)).trim();

/** "1,234.50", "¥1 234", "12.5%": numbers as people type them. */
const toNumber: Converter = (cell) => {
  if (typeof cell === 'number') return { value: cell };
  if (typeof cell !== 'string') return { error: 'is not a number', code: 'not_a_number' };
  const t = cell.replace(/[\s,，¥￥$€]/g, '').replace(/(元|%)$/, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t))
    return { error: `"${cell}" is not a number`, code: 'not_a_number', params: { value: cell } };
  return { value: Number(t) };
};

// Excel counts days from 1899-12-30 (with its 1900 leap-year bug already folded in).
const excelEpoch = Date.UTC(1899, 11, 30);
const fromSerial = (n: number) =>
  n > 0 && n < 2958466 ? new Date(excelEpoch + Math.round(n * 86_400_000)) : undefined;

interface Wall {
  date: string;
  time?: [number, number, number];
}

/** Dates as spreadsheets hold them: 2024-05-20, 2024/5/20, 2024.5.20, 2024年5月20日, Excel serials, Date cells. */
function wallTime(cell: Exclude<Cell, null>): Wall | { instant: string } | undefined {
  const fromDate = (d: Date): Wall => ({
    date: d.toISOString().slice(0, 10),
    time: [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()],
  });
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : fromDate(cell);
  if (typeof cell === 'number') {
    const d = fromSerial(cell);
    return d && fromDate(d);
  }
  const text = String(cell).trim();
  if (/^\d{1,7}(\.\d+)?$/.test(text)) {
    const d = fromSerial(Number(text));
    return d && fromDate(d);
  }
  if (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) &&
    !Number.isNaN(Date.parse(text))
  )
    return { instant: new Date(text).toISOString() };
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$/.exec(
      text,
    );
  if (!m) return undefined;
  const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  if (!parseLocalDate(date)) return undefined;
  return { date, time: m[4] ? [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)] : undefined };
}

const toDate: Converter = (cell, _f, ctx) => {
  const w = wallTime(cell);
  if (!w)
    return {
      error: `"${asText(cell)}" is not a date (like 2024-05-20 or 2024/5/20)`,
      code: 'not_a_date',
      params: { value: asText(cell) },
    };
  if ('instant' in w) return { value: formatLocalDate(localDateOf(Date.parse(w.instant), ctx.timeZone)) };
  return { value: w.date };
};

/** A wall time without a zone is the company's local time (the zone exports are written in). */
const toDatetime: Converter = (cell, _f, ctx) => {
  const w = wallTime(cell);
  if (!w)
    return {
      error: `"${asText(cell)}" is not a date-time (like 2024-05-20 13:45)`,
      code: 'not_a_datetime',
      params: { value: asText(cell) },
    };
  if ('instant' in w) return { value: w.instant };
  const [h, mi, s] = w.time ?? [0, 0, 0];
  if (h > 23 || mi > 59 || s > 59)
    return {
      error: `"${asText(cell)}" has an impossible time`,
      code: 'not_a_datetime',
      params: { value: asText(cell) },
    };
  const start = startOfLocalDay(parseLocalDate(w.date)!, ctx.timeZone);
  return { value: new Date(start + ((h * 60 + mi) * 60 + s) * 1000).toISOString() };
};

const truthy = new Set(['是', 'true', '1', 'yes', 'y', '√', '✓', '✔', '对', 'on', 'x']);
const falsy = new Set(['否', 'false', '0', 'no', 'n', '×', '✗', '错', 'off']);
const toBoolean: Converter = (cell) => {
  if (typeof cell === 'boolean') return { value: cell };
  const t = asText(cell).toLowerCase();
  if (truthy.has(t)) return { value: true };
  if (falsy.has(t)) return { value: false };
  return {
    error: `"${asText(cell)}" is not 是/否 or true/false`,
    code: 'not_a_boolean',
    params: { value: asText(cell) },
  };
};

function option(options: SelectOption[], text: string): string | undefined {
  const t = text.trim();
  const lower = t.toLowerCase();
  return (
    options.find((o) => o.value === t) ??
    options.find((o) => o.label === t) ??
    options.find((o) => o.value.toLowerCase() === lower || o.label.trim().toLowerCase() === lower)
  )?.value;
}

const toOption: Converter = (cell, f) => {
  const v = option(f.def.options as SelectOption[], asText(cell));
  if (v !== undefined) return { value: v };
  return {
    error: `"${asText(cell)}" is not an option of ${f.def.label}`,
    code: 'not_an_option',
    params: { value: asText(cell) },
  };
};

const toOptions: Converter = (cell, f) => {
  const values: string[] = [];
  for (const part of splitList(asText(cell))) {
    const v = option(f.def.options as SelectOption[], part);
    if (v === undefined)
      return {
        error: `"${part}" is not an option of ${f.def.label}`,
        code: 'not_an_option',
        params: { value: part },
      };
    values.push(v);
  }
  return { value: values };
};

const reference =
  (kind: 'user' | 'department'): Converter =>
  (cell, f, ctx) => {
    const ids: string[] = [];
    for (const part of f.def.multiple ? splitList(asText(cell)) : [asText(cell)]) {
      const r = ctx.directory[kind](part);
      if (r.error) return { error: r.error, code: r.code ?? 'invalid', params: r.params };
      ids.push(r.id!);
    }
    return { value: f.def.multiple ? ids : ids[0] };
  };

const toText: Converter = (cell) => ({
  value: cell instanceof Date ? cell.toISOString().slice(0, 10) : asText(cell),
});

/** Text → value by field type; types not listed here cannot be imported. */
const converters: Record<string, Converter> = {
  text: toText,
  textarea: (cell) => ({ value: cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell) }),
  email: toText,
  phone: toText,
  url: toText,
  number: toNumber,
  currency: toNumber,
  percent: toNumber,
  rating: toNumber,
  select: toOption,
  multiselect: toOptions,
  checkbox: toBoolean,
  date: toDate,
  datetime: toDatetime,
  member: reference('user'),
  department: reference('department'),
  relation: (cell) => ({ value: splitList(asText(cell)) }),
};

/** Whether a field can take values from a spreadsheet column. */
export const importable = (f: ModelField) => !f.type.computed && f.def.type in converters;

const empty: Converted = { value: null };

/**
 * Converts one cell for a field; empty cells are null (the field's own rules decide on required).
 * With `ctx.memo`, a text seen before in the column answers what it answered then; answers are
 * shared, so callers must not change them (a list value is copied for each cell).
 */
export function convertCell(cell: Cell, field: ModelField, ctx: CellContext): Converted {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return empty;
  const convert = converters[field.def.type];
  if (!convert)
    return {
      error: `${field.def.label} cannot be imported`,
      code: 'not_importable',
      params: { label: field.def.label },
    };
  let seen: Map<string, Converted> | undefined;
  const text = typeof cell === 'string' && cell.length <= 64 ? cell : undefined;
  if (ctx.memo && text !== undefined && memoized.has(field.def.type)) {
    seen = ctx.memo.get(field.def.id);
    if (!seen) ctx.memo.set(field.def.id, (seen = new Map()));
    const hit = seen.get(text);
    if (hit) return 'value' in hit && Array.isArray(hit.value) ? { value: [...hit.value] } : hit;
  }
  const r = convert(cell, field, ctx);
  const out =
    'error' in r
      ? { ...r, error: `${field.def.label}: ${r.error}`, params: { ...r.params, label: field.def.label } }
      : r;
  if (seen && seen.size < memoSize) {
    const kept =
      'error' in out
        ? { ...out, error: detached(out.error) }
        : Array.isArray(out.value)
          ? { value: [...out.value] }
          : out;
    seen.set(detached(text!), kept);
  }
  return out;
}
