import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { recordTable } from '../forms/form-model.js';
import { iso } from '../shared/clock.js';
import { takeLease } from '../shared/lease.js';
import { uploadWindowMs } from './file-access.js';

/** A file no record holds is deleted this long after its upload: the upload window and an hour. */
export const orphanAfterMs = uploadWindowMs + 3600_000;

/** How often each process offers to clean up (only the one holding the lease does). */
const everyMs = 3600_000;

/** This process, as a lease holder. */
const processHolder = `files-${randomUUID()}`;

type Def = {
  fields?: Array<{ id: string; type: string }>;
  removedFields?: Array<{ id: string; type: string }>;
};

/**
 * Drops links that no longer hold anything: their form was deleted, their field purged or
 * retyped, or their record is gone from the table (a record in the recycle bin still holds its files).
 */
async function pruneLinks(db: Db): Promise<number> {
  let pruned = 0;
  const formIds = (await db.selectFrom('file_links').select('form_id').distinct().execute()).map(
    (r) => r.form_id,
  );
  for (const formId of formIds) {
    const form = await db
      .selectFrom('forms')
      .select('definition')
      .where('id', '=', formId)
      .executeTakeFirst();
    const def = form ? (JSON.parse(form.definition) as Def) : undefined;
    const all = [...(def?.fields ?? []), ...(def?.removedFields ?? [])];
    const fields = all.filter((f) => f.type === 'attachment').map((f) => f.id);
    let q = db.deleteFrom('file_links').where('form_id', '=', formId);
    if (fields.length) q = q.where('field_id', 'not in', fields);
    pruned += Number((await q.executeTakeFirst()).numDeletedRows);
    if (!fields.length) continue;
    const gone = await db
      .deleteFrom('file_links')
      .where('form_id', '=', formId)
      .where(
        sql<boolean>`not exists (
        select 1 from ${sql.table(recordTable(formId))} r where r.id = file_links.record_id)`,
      )
      .executeTakeFirst();
    pruned += Number(gone.numDeletedRows);
  }
  return pruned;
}

/**
 * One clean-up pass, if this process gets the lease for the hour: prunes dead links, then deletes
 * the files no record holds that were uploaded more than `orphanAfterMs` ago, from the table and
 * from storage. Answers what it did (`ran: false` when another process holds the lease).
 */
export async function cleanUpFiles(deps: Deps, holder = processHolder) {
  const { db } = deps;
  const now = deps.clock.now();
  const taken = await takeLease(db, 'file-cleanup', holder, now, everyMs - 60_000);
  if (!taken) return { ran: false, links: 0, files: 0 };
  const links = await pruneLinks(db);
  await removeStaleUploads(path.join(deps.config.dataDir, 'uploads'));
  const before = iso(new Date(now.getTime() - orphanAfterMs));
  let files = 0;
  for (;;) {
    const orphans = await db
      .selectFrom('files')
      .select(['id', 'storage_key'])
      .where('created_at', '<', before)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('file_links').select('file_id').whereRef('file_id', '=', 'files.id'))),
      )
      .orderBy('created_at')
      .limit(500)
      .execute();
    let deleted = 0;
    for (const f of orphans) {
      // A write attaching the file meanwhile keeps it: the delete checks again, and the link's
      // foreign key refuses it should both run at once.
      const r = await db
        .deleteFrom('files')
        .where('id', '=', f.id)
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('file_links').select('file_id').where('file_id', '=', f.id))),
        )
        .executeTakeFirst()
        .catch(() => undefined);
      if (!r || Number(r.numDeletedRows) !== 1) continue;
      await deps.files.remove(f.storage_key);
      deleted++;
    }
    files += deleted;
    if (orphans.length < 500 || !deleted) break;
  }
  return { ran: true, links, files };
}

/** Upload temp files (`uploads/*.part`) a process died writing, older than a day by their clock. */
async function removeStaleUploads(dir: string): Promise<void> {
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith('.part')) continue;
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > orphanAfterMs) await fs.promises.rm(file, { force: true });
  }
}

/** Offers to clean up every hour (and a minute after start) from this process; answers a stop function. */
export function startFileCleanup(deps: Deps): () => void {
  const tick = () => cleanUpFiles(deps).catch((e) => console.error('file clean-up failed', e));
  const first = setTimeout(tick, 60_000);
  const timer = setInterval(tick, everyMs);
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
