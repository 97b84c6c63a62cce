import type { Kysely } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * The one gateway to the record tables (`r_frm_…`, one per form, columns per field): Kysely
 * cannot type them, so every query on them starts here. Records, workflows and permissions read
 * live rows and make versioned updates through these functions rather than writing the SQL out.
 */
export const dyn = (db: Db) => db as unknown as Kysely<any>;

/** A record table by name or by its form model. */
export type RecordTable = string | { table: string };

const nameOf = (t: RecordTable) => (typeof t === 'string' ? t : t.table);

/** A select from a record table: live rows only (not in the recycle bin) unless `withDeleted`. */
export function selectRows(db: Db, t: RecordTable, opts: { withDeleted?: boolean } = {}) {
  const q = dyn(db).selectFrom(nameOf(t));
  return opts.withDeleted ? q : q.where('deleted_at', 'is', null);
}

/** An update of a record table's rows; the caller narrows it (by id, state…). */
export const updateRows = (db: Db, t: RecordTable) => dyn(db).updateTable(nameOf(t));

/**
 * Writes `set` to one record only if it is still at `version` (and live, unless `withDeleted`):
 * false when another write got there first, for the caller to answer 409.
 */
export async function updateVersioned(
  db: Db,
  t: RecordTable,
  id: string,
  version: number,
  set: Record<string, unknown>,
  opts: { withDeleted?: boolean } = {},
): Promise<boolean> {
  let q = updateRows(db, t).set(set).where('id', '=', id).where('version', '=', version);
  if (!opts.withDeleted) q = q.where('deleted_at', 'is', null);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
