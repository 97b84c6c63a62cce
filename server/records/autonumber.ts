import type { Db } from '../db/database.js';
import type { FormModel, ModelField } from '../forms/form-model.js';
import { autonumberPeriod } from '../fields/types/autonumber.js';
import { dyn } from './records.repository.js';

/**
 * Takes `n` consecutive values of a counter inside the caller's transaction. The upsert locks the
 * counter row until commit, so concurrent writers queue and a rolled-back write gives its numbers
 * back: numbers are unique and gap-free. Answers the first value.
 */
export async function takeCounter(db: Db, key: string, period: string, n: number): Promise<number> {
  const row = await db
    .insertInto('counters')
    .values({ field_id: key, period, value: n })
    .onConflict((oc) =>
      oc.columns(['field_id', 'period']).doUpdateSet((eb) => ({ value: eb('counters.value', '+', n) })),
    )
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - n + 1;
}

/** Autonumber values for `n` new records of one field. */
export async function nextAutonumbers(
  db: Db,
  f: ModelField,
  n: number,
  now: Date,
  timeZone: string,
): Promise<string[]> {
  const { period, render } = autonumberPeriod(f.def.format as string, now, timeZone);
  const first = await takeCounter(db, f.def.id, period, n);
  return Array.from({ length: n }, (_, i) => render(first + i));
}

/** Numbers the existing records (in creation order) when an autonumber field is added. */
export async function backfillAutonumbers(
  db: Db,
  model: FormModel,
  f: ModelField,
  ctx: { now: Date; timeZone: string },
): Promise<void> {
  const rows = (await dyn(db)
    .selectFrom(model.table)
    .select(['id', 'created_at'])
    .orderBy('seq')
    .execute()) as { id: string; created_at: string }[];
  for (const r of rows) {
    const [value] = await nextAutonumbers(db, f, 1, new Date(r.created_at), ctx.timeZone);
    await dyn(db)
      .updateTable(model.table)
      .set({ [f.column!]: value })
      .where('id', '=', r.id)
      .execute();
  }
}
