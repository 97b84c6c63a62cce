import type { Db } from '../db/database.js';
import { compileFilter, type Filter, type FilterContext } from '../filter/index.js';
import type { FormModel, ModelField } from '../forms/form-model.js';
import { dyn } from '../records/records.repository.js';

/** An existing record a row's dedupe value matched. */
export interface Match {
  id: string;
  version: number;
  /** Whether the caller's update scope covers it. */
  updatable: boolean;
}

/** Fields a dedupe key may use: one stored scalar value (text, number, date, select, autonumber…). */
export const dedupable = (f: ModelField | undefined): f is ModelField =>
  !!f?.column && f.storage !== 'json' && ['text', 'number', 'date', 'datetime'].includes(f.kind);

const same = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/**
 * Finds live records whose dedupe field holds one of `values` (API values), keyed by the stored
 * value as text. When several records share a value, the oldest one is the match.
 */
export async function findMatches(
  db: Db,
  model: FormModel,
  field: ModelField,
  values: unknown[],
  updateScope: Filter | undefined,
  scopeContext: FilterContext,
): Promise<Map<string, Match>> {
  const out = new Map<string, Match>();
  const stored = [
    ...new Set(values.filter((v) => v !== null && v !== undefined).map((v) => field.type.toDb(v, field.def))),
  ];
  for (let i = 0; i < stored.length; i += 500) {
    const part = stored.slice(i, i + 500);
    // Ordered here rather than in SQL: the lookup then has one good plan, the field's index.
    const rows = (await dyn(db)
      .selectFrom(model.table)
      .select(['id', 'version', 'seq', `${field.column} as v`])
      .where(field.column!, 'in', part)
      .where('deleted_at', 'is', null)
      .execute()) as Array<{ id: string; version: number; seq: number; v: unknown }>;
    rows.sort((a, b) => Number(a.seq) - Number(b.seq));
    let inScope: Set<string> | undefined;
    if (updateScope && rows.length) {
      const ids = rows.map((r) => r.id);
      const scoped = await dyn(db)
        .selectFrom(model.table)
        .select('id')
        .where('id', 'in', ids)
        .where(compileFilter(updateScope, scopeContext))
        .execute();
      inScope = new Set(scoped.map((r) => r.id as string));
    }
    for (const r of rows)
      if (!out.has(same(r.v)))
        out.set(same(r.v), {
          id: r.id,
          version: Number(r.version),
          updatable: !inScope || inScope.has(r.id),
        });
  }
  return out;
}

/** The text a value is matched by (its stored form). */
export const matchKey = (field: ModelField, value: unknown) =>
  same(value === null || value === undefined ? null : field.type.toDb(value, field.def));
