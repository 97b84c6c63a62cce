import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { engineOf } from '../db/engine.js';
import type { Filter } from '../filter/index.js';
import { systemFields, type FormModel } from '../forms/form-model.js';
import { parseSort } from '../records/records.query.js';

/** Top-level equality conditions of a filter: the leading columns of a useful index. */
function equalityFields(filter: Filter | undefined): string[] {
  if (!filter) return [];
  if ('field' in filter) return filter.op === 'eq' ? [filter.field] : [];
  if ('and' in filter) return filter.and.flatMap(equalityFields);
  return [];
}

/**
 * Indexes follow what views filter and sort on: a view filtering `tier = … and city = …` sorted by
 * `-amount` gets an index (tier, city, amount), so its pages read in index order instead of sorting
 * the matching rows. Created once, named by a hash of its columns.
 */
export async function ensureViewIndex(db: Db, model: FormModel, filter: Filter | undefined, sort: string | undefined): Promise<string | undefined> {
  const column = (key: string) => {
    const sys = systemFields.find((s) => s.key === key);
    if (sys) return sys.column;
    const f = model.byKey.get(key);
    return f?.column && f.storage !== 'json' ? f.column : undefined;
  };
  const eq = [...new Set(equalityFields(filter).map(column).filter(Boolean) as string[])].slice(0, 3);
  let sortCols: string[] = [];
  try {
    sortCols = parseSort(model, sort).map((k) => k.column).filter((c) => !eq.includes(c)).slice(0, 2);
  } catch {
    return undefined;
  }
  if (eq.length + sortCols.length < 2) return undefined;
  // The id ends every page's order (the cursor's tie-break), so the index covers the whole ORDER BY;
  // department and owner follow so data scopes are checked in the index, not by reading each row.
  const cols = [...eq, ...sortCols, 'id', 'department_id', 'owner_id'];
  const name = `vx_${model.def.id.slice(4)}_${createHash('sha1').update(cols.join(',')).digest('hex').slice(0, 10)}`;
  const pg = engineOf(db) === 'postgres';
  const parts = cols.map((c, i) => (i >= eq.length && i < eq.length + sortCols.length && pg ? sql`${sql.ref(c)} nulls first` : sql`${sql.ref(c)}`));
  await sql`create index if not exists ${sql.id(name)} on ${sql.table(model.table)} (${sql.join(parts)})`.execute(db);
  return name;
}
