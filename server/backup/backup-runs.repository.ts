import type { Db } from '../db/database.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { BackupKind } from './backup.schema.js';

/**
 * Records a backup as running. With a `slot`, only the first process to insert that slot gets a
 * row (the lease of a scheduled run); the others get `null` and leave that run alone.
 */
export async function beginRun(
  db: Db,
  r: { kind: BackupKind; name: string; slot?: string; userId?: string; at: Date },
) {
  const row = {
    id: newId('run'),
    slot: r.slot ?? null,
    kind: r.kind,
    name: r.name,
    status: 'running' as const,
    size: null,
    error: null,
    started_by: r.userId ?? null,
    started_at: iso(r.at),
    finished_at: null,
  };
  const res = await db
    .insertInto('backup_runs')
    .values(row)
    .onConflict((oc) => oc.column('slot').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1 ? row : null;
}

/** Marks a run complete (with the archive's size) or failed (with why). */
export async function finishRun(db: Db, id: string, at: Date, outcome: { size: number } | { error: string }) {
  await db
    .updateTable('backup_runs')
    .set(
      'size' in outcome
        ? { status: 'complete', size: outcome.size, finished_at: iso(at) }
        : { status: 'failed', error: outcome.error.slice(0, 2000), finished_at: iso(at) },
    )
    .where('id', '=', id)
    .execute();
}

/** Runs that did not end in an archive: in progress or failed, newest first. */
export function unfinishedRuns(db: Db, limit = 20) {
  return db
    .selectFrom('backup_runs')
    .selectAll()
    .where('status', '!=', 'complete')
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
}
