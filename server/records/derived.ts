import { type RawBuilder, sql } from 'kysely';
import type { Db, Engine } from '../db/database.js';
import type { FormModel, ModelField } from '../forms/form-model.js';
import { recordTable } from '../forms/form-model.js';
import { evaluateFormula, type FormulaType } from '../formula/index.js';
import { fieldType } from '../fields/registry.js';
import { dyn, findRows, loadLinks, toRecord } from './records.repository.js';

export interface EvalContext {
  now: Date;
  timeZone: string;
}

/** Formula values for a record's API values, in dependency order. */
export function computeFormulas(
  model: FormModel,
  values: Record<string, unknown>,
  ctx: EvalContext,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const get = (k: string) => {
    const v = k in out ? out[k] : values[k];
    return Array.isArray(v) ? v.join(', ') : v;
  };
  const fieldTypes = (key: string): FormulaType | undefined => {
    const f = model.byKey.get(key);
    if (!f) return undefined;
    if (f.def.type === 'formula') return f.def.resultType as FormulaType;
    return (
      {
        text: 'text',
        number: 'number',
        date: 'date',
        datetime: 'datetime',
        boolean: 'boolean',
        array: 'text',
      } as Record<string, FormulaType>
    )[f.kind];
  };
  for (const f of model.formulas) {
    out[f.def.key] = f.formula ? evaluateFormula(f.formula.ast, get, { ...ctx, fieldTypes }) : null;
  }
  return out;
}

/** The SQL that computes a lookup or rollup for the row of `table` being updated. */
function derivedExpression(engine: Engine, table: string, f: ModelField): RawBuilder<unknown> {
  const th = f.through!;
  const target = sql.table(recordTable(th.targetForm.id));
  const tcol = sql.ref(`t.f_${th.target.id}`);
  const link = th.link;
  const from = sql`from record_links l join ${target} t on t.id = l.${sql.ref(link.otherSide)} where l.field_id = ${link.linkFieldId} and l.${sql.ref(link.mySide)} = ${sql.table(table)}.id and t.deleted_at is null`;
  if (f.def.type === 'lookup') {
    if (!link.multiple) return sql`(select ${tcol} ${from} order by l.position limit 1)`;
    return engine === 'postgres'
      ? sql`(select jsonb_agg(${tcol} order by l.position) ${from} and ${tcol} is not null)`
      : sql`(select case when count(${tcol}) = 0 then null else json_group_array(${tcol}) end ${from} and ${tcol} is not null)`;
  }
  const op = f.def.op as string;
  if (op === 'count') return sql`(select count(t.id) ${from})`;
  // Aggregate the stored integers first (exact cents), then scale once.
  const scale = fieldType(th.target.type).scale ?? 1;
  const fn = sql.raw(op === 'avg' ? 'avg' : op === 'sum' ? 'sum' : op === 'min' ? 'min' : 'max');
  return scale === 1
    ? sql`(select ${fn}(${tcol}) ${from})`
    : sql`(select ${fn}(${tcol}) / ${sql.lit(scale)}.0 ${from})`;
}

/**
 * Recomputes lookups and rollups of `model` (all, or those in `only`) for the given records
 * (or every record), then the formulas that depend on them.
 */
export async function refreshDerived(
  db: Db,
  engine: Engine,
  model: FormModel,
  ids: string[] | 'all',
  ctx: EvalContext,
  only?: Set<string>,
): Promise<void> {
  const fields = model.derived.filter((f) => !only || only.has(f.def.id));
  if (!fields.length) return;
  const set: Record<string, RawBuilder<unknown>> = {};
  for (const f of fields) set[f.column!] = derivedExpression(engine, model.table, f);
  if (ids === 'all') {
    await dyn(db).updateTable(model.table).set(set).execute();
  } else {
    for (let i = 0; i < ids.length; i += 500)
      await dyn(db)
        .updateTable(model.table)
        .set(set)
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
  }
  const keys = new Set(fields.map((f) => f.def.key));
  if (model.formulas.some((f) => f.formula?.deps.some((d) => keys.has(d))))
    await refreshFormulas(db, model, ids, ctx);
}

/** Recomputes stored formula values for records (used after definition changes and derived updates). */
export async function refreshFormulas(
  db: Db,
  model: FormModel,
  ids: string[] | 'all',
  ctx: EvalContext,
): Promise<void> {
  if (!model.formulas.length) return;
  const batches: string[][] = [];
  if (ids === 'all') {
    let after = '';
    for (;;) {
      const rows = await dyn(db)
        .selectFrom(model.table)
        .select('id')
        .where('id', '>', after)
        .orderBy('id')
        .limit(1000)
        .execute();
      if (!rows.length) break;
      batches.push(rows.map((r: { id: string }) => r.id));
      after = rows[rows.length - 1].id;
    }
  } else for (let i = 0; i < ids.length; i += 1000) batches.push(ids.slice(i, i + 1000));
  for (const batch of batches) {
    const rows = await findRows(db, model, batch, true);
    const links = await loadLinks(db, model, batch);
    for (const row of rows) {
      const rec = toRecord(model, row, links.get(row.id));
      const values = computeFormulas(model, rec.fields, ctx);
      const set: Record<string, unknown> = {};
      for (const f of model.formulas) {
        const v = f.type.toDb(values[f.def.key] ?? null, f.def);
        if (v !== row[f.column!]) set[f.column!] = v;
      }
      if (Object.keys(set).length)
        await dyn(db).updateTable(model.table).set(set).where('id', '=', row.id).execute();
    }
  }
}
