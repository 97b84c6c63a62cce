import { type Kysely, sql } from 'kysely';
import { engineOf } from '../engine.js';

/**
 * Every record table's state index gains `id` as its last column, (state, state_entered_at, id):
 * the time-limit scan pages through a state's overdue records in that order, by keyset, so each
 * scan reads each candidate once from the index however many share one entry time (server/forms/ddl.ts
 * creates new tables with it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const forms = (await db.selectFrom('forms').select('id').execute()) as { id: string }[];
  for (const { id } of forms) {
    const table = `r_${id}`;
    const exists =
      engineOf(db) === 'postgres'
        ? (await sql<{ t: string | null }>`select to_regclass(${table}) as t`.execute(db)).rows[0]?.t
        : (
            await sql<{
              name: string;
            }>`select name from sqlite_master where type = 'table' and name = ${table}`.execute(db)
          ).rows[0];
    if (!exists) continue;
    const name = `sx_${id.slice(4)}_state`;
    await db.schema.dropIndex(name).ifExists().execute();
    await db.schema.createIndex(name).on(table).columns(['state', 'state_entered_at', 'id']).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('irreversible');
}
