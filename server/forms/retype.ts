import type { Db, Engine } from '../db/database.js';
import { invalid } from '../errors.js';
import { dyn } from '../records/records.repository.js';
import { addFieldColumn } from './ddl.js';
import type { FormModel, ModelField } from './form-model.js';

/** Ways to read an old value as input for the new type: itself, as text, an array joined. */
function candidates(v: unknown): unknown[] {
  const out: unknown[] = [v];
  if (Array.isArray(v)) out.push(v.map(String).join(', '), v.map(String));
  else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
  if (typeof v === 'string') out.push([v], v.slice(0, 10));
  return out;
}

/**
 * Converts a retyped field's values. The old column is kept as a backup column (restorable until
 * purged); values that cannot convert are listed (422) unless `force`, which leaves them empty.
 * Answers how many values could not be converted.
 */
export async function convertColumn(
  tx: Db,
  engine: Engine,
  model: FormModel,
  from: ModelField,
  to: ModelField,
  opts: { force: boolean; path: string; backup: string },
): Promise<number> {
  const col = to.column!;
  const rows = (await dyn(tx)
    .selectFrom(model.table)
    .select(['id', `${col} as v`])
    .where(col, 'is not', null)
    .execute()) as { id: string; v: unknown }[];
  const schema = to.type.computed ? undefined : to.type.input(to.def);
  const converted: Array<{ id: string; v: unknown }> = [];
  const failures: Array<{ id: string; v: unknown }> = [];
  for (const r of rows) {
    const old = from.read(r.v);
    if (old === null || old === undefined) continue;
    if (!schema) continue; // computed types recompute their own values
    const ok = candidates(old)
      .map((c) => schema.safeParse(c))
      .find((x) => x.success);
    if (ok) converted.push({ id: r.id, v: to.type.toDb(ok.data, to.def) });
    else failures.push({ id: r.id, v: old });
  }
  if (failures.length && !opts.force) {
    const examples = failures
      .slice(0, 5)
      .map((f) => `${JSON.stringify(f.v)} (${f.id})`)
      .join(', ');
    throw invalid(
      `${failures.length} value(s) of "${to.def.label}" cannot become ${to.def.type}; confirm with ?force=true to leave them empty`,
      [{ path: opts.path, message: `${failures.length} value(s) cannot be converted, e.g. ${examples}` }],
    );
  }
  // Keep the old column as a backup, and give the field a fresh column of the new storage.
  await tx.schema.alterTable(model.table).renameColumn(col, opts.backup).execute();
  await addFieldColumn(tx, engine, model, to);
  for (const c of converted)
    await dyn(tx)
      .updateTable(model.table)
      .set({ [col]: c.v })
      .where('id', '=', c.id)
      .execute();
  return failures.length;
}
