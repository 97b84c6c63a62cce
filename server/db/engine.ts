import { type Kysely, PostgresAdapter } from 'kysely';
import type { Engine } from './database.js';

/** Which engine a Kysely instance talks to, read from its adapter. */
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
