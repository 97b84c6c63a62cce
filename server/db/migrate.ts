import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { engineOf } from './engine.js';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Every module in ./migrations by file name (imported from here, so tsx and vitest load .ts). */
export const shippedMigrations: MigrationProvider = {
  async getMigrations() {
    const out: Record<string, Migration> = {};
    for (const file of (await fs.readdir(folder)).sort()) {
      if (!/^\d{8}T\d{4}-[a-z0-9-]+\.(ts|js)$/.test(file)) continue;
      out[file.replace(/\.(ts|js)$/, '')] = (await import(`./migrations/${file}`)) as Migration;
    }
    return out;
  },
};

async function migratorFor(db: Kysely<any>, provider: MigrationProvider): Promise<Migrator> {
  // On PostgreSQL, keep Kysely's bookkeeping in the schema we run in (search_path), so several
  // databases in one cluster (tests, tenants) never see each other's migration lock.
  const schema =
    engineOf(db) === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0].s
      : undefined;
  return new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
}

/** Which migrations this code knows, which of them the database has, and which are pending. */
export interface MigrationStatus {
  known: string[];
  applied: string[];
  pending: string[];
}

/** Reads the database's migration level without changing anything. */
export async function migrationStatus(
  db: Kysely<any>,
  provider = shippedMigrations,
): Promise<MigrationStatus> {
  const all = await (await migratorFor(db, provider)).getMigrations();
  return {
    known: all.map((m) => m.name),
    applied: all.filter((m) => m.executedAt).map((m) => m.name),
    pending: all.filter((m) => !m.executedAt).map((m) => m.name),
  };
}

/**
 * Brings the meta tables up to date: every file in ./migrations, named by timestamp
 * (`20261124T1000-meta-tables.ts`), runs once, in name order. Throws with the failing one.
 * All pending migrations run in one transaction on both engines: when one fails, none is kept,
 * and the database stays at the level the previous version of Tessera knows.
 */
export async function migrate(db: Kysely<any>, provider = shippedMigrations): Promise<void> {
  const migrator = await migratorFor(db, provider);
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`);
  }
}
