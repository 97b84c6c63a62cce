import { type Kysely, sql } from 'kysely';
import { runPgTool } from './pg-tools.js';
import type { SnapshotFacts } from './snapshot-sqlite.js';

/**
 * Dumps the current schema with `pg_dump --format=custom` into `target`. The counts and the
 * migration level are read inside the very snapshot pg_dump uses (`pg_export_snapshot`), so the
 * manifest describes exactly what the dump holds, however many writers are busy meanwhile.
 */
export async function snapshotPostgres(
  db: Kysely<any>,
  url: string,
  target: string,
): Promise<SnapshotFacts & { schema: string }> {
  return db.connection().execute(async (conn) => {
    await sql`begin isolation level repeatable read read only`.execute(conn);
    try {
      const snapshot = (await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(conn)).rows[0]
        .id;
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(conn)).rows[0].s;
      const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
        where table_schema = ${schema} and table_type = 'BASE TABLE'`.execute(conn);
      const names = tables.rows.map((r) => r.name);
      const migration = names.includes('kysely_migration')
        ? ((
            await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(
              conn,
            )
          ).rows[0]?.name ?? null)
        : null;
      const counts: Record<string, number> = {};
      for (const t of names.filter((n) => /^r_/.test(n)).sort())
        counts[t] = Number(
          (await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(conn)).rows[0].n,
        );
      const args = [
        '--format=custom',
        '--no-owner',
        `--snapshot=${snapshot}`,
        `--schema=${schema}`,
        `--file=${target}`,
      ];
      await runPgTool('pg_dump', [...args, `--dbname=${url}`]);
      return { schema, migration, counts };
    } finally {
      await sql`commit`.execute(conn);
    }
  });
}
