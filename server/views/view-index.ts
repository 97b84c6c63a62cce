import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { Deps } from '../context.js';
import type { Db, Engine } from '../db/database.js';
import { engineOf } from '../db/engine.js';
import type { Filter } from '../filter/index.js';
import { systemFields, type FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { createIndex, scheduleIndexJob } from '../indexes/index-builder.js';
import { parseSort } from '../records/records.query.js';
import type { ViewDef } from './views.schema.js';

/** Top-level equality conditions of a filter: the leading columns of a useful index. */
function equalityFields(filter: Filter | undefined): string[] {
  if (!filter) return [];
  if ('field' in filter) return filter.op === 'eq' ? [filter.field] : [];
  if ('and' in filter) return filter.and.flatMap(equalityFields);
  return [];
}

/** A view's index: its name and columns (`nulls first` on PostgreSQL, where the sort puts nulls first). */
function viewIndex(
  engine: Engine,
  model: FormModel,
  filter: Filter | undefined,
  sort: string | undefined,
): { name: string; parts: RawBuilder<unknown>[] } | undefined {
  const column = (key: string) => {
    const sys = systemFields.find((s) => s.key === key);
    if (sys) return sys.column;
    const f = model.byKey.get(key);
    return f?.column && f.storage !== 'json' ? f.column : undefined;
  };
  const eq = [...new Set(equalityFields(filter).map(column).filter(Boolean) as string[])].slice(0, 3);
  let sortCols: string[] = [];
  try {
    sortCols = parseSort(model, sort)
      .map((k) => k.column)
      .filter((c) => !eq.includes(c))
      .slice(0, 2);
  } catch {
    return undefined;
  }
  if (eq.length + sortCols.length < 2) return undefined;
  // The id ends every page's order (the cursor's tie-break), so the index covers the whole ORDER BY;
  // department and owner follow so data scopes are checked in the index, not by reading each row.
  const cols = [...eq, ...sortCols, 'id', 'department_id', 'owner_id'];
  const name = `vx_${model.def.id.slice(4)}_${createHash('sha1').update(cols.join(',')).digest('hex').slice(0, 10)}`;
  const pg = engine === 'postgres';
  return {
    name,
    parts: cols.map((c, i) =>
      i >= eq.length && i < eq.length + sortCols.length && pg
        ? sql`${sql.ref(c)} nulls first`
        : sql`${sql.ref(c)}`,
    ),
  };
}

/**
 * Indexes follow what views filter and sort on: a view filtering `tier = … and city = …` sorted by
 * `-amount` gets an index (tier, city, amount), so its pages read in index order instead of sorting
 * the matching rows. Created once, named by a hash of its columns. This creates it now, in `db`
 * (which may be a transaction): what PostgreSQL does. On SQLite `indexFormViews` builds them in
 * the background instead.
 */
export async function ensureViewIndex(
  db: Db,
  model: FormModel,
  filter: Filter | undefined,
  sort: string | undefined,
): Promise<string | undefined> {
  const ix = viewIndex(engineOf(db), model, filter, sort);
  if (ix) await createIndex(ix.name, model.table, ix.parts).execute(db);
  return ix?.name;
}

/**
 * Gives every saved view of a form its index (SQLite), in the background: called after a view is
 * saved or a template installed or upgraded, it returns at once, and a build of seconds over a
 * large table no longer holds up the request or the server. Until the index exists the view's
 * pages are the same, only slower; a restart before the build finished redoes it (`reconcileIndexes`).
 */
export function indexFormViews(deps: Pick<Deps, 'db' | 'engine'>, formId: string): void {
  if (deps.engine !== 'sqlite') return;
  scheduleIndexJob(deps.db, `views:${formId}`, async () => {
    const views = await deps.db.selectFrom('views').select('config').where('form_id', '=', formId).execute();
    if (!views.length) return [];
    const model = await loadModel(deps.db, formId);
    const existing = new Set(
      (
        await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'index' and tbl_name = ${model.table}`.execute(deps.db)
      ).rows.map((r) => r.name),
    );
    const out = new Map<string, string>();
    for (const v of views) {
      const { filter, sort } = JSON.parse(v.config) as Pick<ViewDef, 'filter' | 'sort'>;
      const ix = viewIndex('sqlite', model, filter, sort);
      if (ix && !existing.has(ix.name))
        out.set(ix.name, createIndex(ix.name, model.table, ix.parts).compile(deps.db).sql);
    }
    return [...out.values()];
  });
}

/** A view's index now on PostgreSQL (as before), in the background on SQLite: what saving a view does. */
export async function indexView(
  deps: Pick<Deps, 'db' | 'engine'>,
  model: FormModel,
  filter: Filter | undefined,
  sort: string | undefined,
): Promise<void> {
  if (deps.engine === 'sqlite') indexFormViews(deps, model.def.id);
  else await ensureViewIndex(deps.db, model, filter, sort);
}
