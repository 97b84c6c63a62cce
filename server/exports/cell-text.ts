import type { Db } from '../db/database.js';
import type { SelectOption } from '../fields/types/options.js';
import type { FieldDef } from '../forms/forms.schema.js';
import type { ModelField } from '../forms/form-model.js';

/** What a cell shows: text, a number, or nothing. */
export type CellValue = string | number | null;

/** Names for the ids a record holds (users, departments). */
export interface Names {
  user: Map<string, string>;
  department: Map<string, string>;
  timeZone: string;
}

export async function loadNames(db: Db, timeZone: string): Promise<Names> {
  const users = await db.selectFrom('users').select(['id', 'name']).execute();
  const departments = await db.selectFrom('departments').select(['id', 'name']).execute();
  return {
    user: new Map(users.map((u) => [u.id, u.name])),
    department: new Map(departments.map((d) => [d.id, d.name])),
    timeZone,
  };
}

const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
const join = (parts: unknown[]) => parts.filter((p) => p !== null && p !== undefined && p !== '').join(', ');

/** An instant as the company's local wall time, "2024-05-20 13:45:00" (what the import reads back). */
export function localDateTime(instant: string, timeZone: string): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

type Formatter = (v: unknown, def: FieldDef, names: Names) => CellValue;

const optionLabel = (def: FieldDef, v: unknown) =>
  (def.options as SelectOption[] | undefined)?.find((o) => o.value === v)?.label ?? String(v);
const plain: Formatter = (v) =>
  typeof v === 'number'
    ? v
    : typeof v === 'boolean'
      ? v
        ? '是'
        : '否'
      : Array.isArray(v)
        ? join(v)
        : String(v);

/** Value → what a person reads, by field type (the import understands each of these back). */
const formatters: Record<string, Formatter> = {
  select: (v, def) => optionLabel(def, v),
  multiselect: (v, def) => join(list(v).map((x) => optionLabel(def, x))),
  checkbox: (v) => (v ? '是' : '否'),
  member: (v, _d, n) => join(list(v).map((id) => n.user.get(String(id)) ?? id)),
  department: (v, _d, n) => join(list(v).map((id) => n.department.get(String(id)) ?? id)),
  datetime: (v, _d, n) => localDateTime(String(v), n.timeZone),
  attachment: (v) => join(list(v).map((f) => (f as { name?: string })?.name)),
  relation: (v) => join(list(v)),
};

/** A field's API value as a spreadsheet cell; lookups format with the field they show. */
export function cellText(field: ModelField, value: unknown, names: Names): CellValue {
  if (value === null || value === undefined) return null;
  const def = field.def.type === 'lookup' && field.through ? field.through.target : field.def;
  const format = formatters[def.type] ?? plain;
  if (field.def.type === 'lookup' && Array.isArray(value) && def.type !== 'multiselect')
    return join(value.map((x) => format(x, def, names)));
  return format(value, def, names);
}
