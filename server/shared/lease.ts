import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { iso } from './clock.js';

/**
 * Takes the periodic job `name` for `holder` until `now + ms`, unless another holder's lease is
 * still running: one conditional upsert, so of several processes sharing the database exactly
 * one gets it, once per lease (each take is told apart, also within one process). Answers whether
 * this take got it.
 */
export async function takeLease(
  db: Db,
  name: string,
  holder: string,
  now: Date,
  ms: number,
): Promise<boolean> {
  const until = iso(new Date(now.getTime() + ms));
  holder = `${holder}:${randomUUID()}`;
  await db
    .insertInto('job_leases')
    .values({ name, holder, leased_until: until })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, leased_until: until })
        .where('job_leases.leased_until', '<=', iso(now)),
    )
    .execute();
  const row = await db
    .selectFrom('job_leases')
    .select(['holder', 'leased_until'])
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.holder === holder && row.leased_until === until;
}
