import { Worker } from 'node:worker_threads';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/database.js';

/** `create index if not exists <name> on <table> (<parts>)`: what views and dashboards ask for. */
export const createIndex = (name: string, table: string, parts: RawBuilder<unknown>[]): RawBuilder<unknown> =>
  sql`create index if not exists ${sql.id(name)} on ${sql.table(table)} (${sql.join(parts)})`;

/**
 * A job of the index builder: works out, when it runs, the DDL statements (`create index if not
 * exists …`, `drop index if exists …`) that bring some indexes in line with what is saved.
 * Working them out late lets a job queued twice do the latest work once, and lets a restart
 * redo a job from the saved definitions alone (see `reconcileIndexes`).
 */
export type IndexJob = () => Promise<string[]>;

interface Builder {
  jobs: Map<string, { job: IndexJob; attempts: number }>;
  draining: Promise<void> | null;
}

const builders = new WeakMap<Db, Builder>();
const maxAttempts = 5;
// Between two builds: long enough for the requests that waited to finish.
const pauseMs = 25;

/**
 * Queues `job` under `key` (e.g. `dashboards:<appId>`) for the database `db` (the root Kysely
 * instance, never a transaction: the job runs after the caller's request has answered). A job
 * already waiting under the same key is replaced. Jobs run one at a time, each statement in a
 * worker thread with its own connection: while SQLite sorts a million rows for seconds, the event
 * loop stays free, and this process's queries wait (without blocking it) only for the one index
 * being built, not for all of them.
 */
export function scheduleIndexJob(db: Db, key: string, job: IndexJob): void {
  let b = builders.get(db);
  if (!b) builders.set(db, (b = { jobs: new Map(), draining: null }));
  b.jobs.set(key, { job, attempts: b.jobs.get(key)?.attempts ?? 0 });
  kick(db, b);
}

/** Resolves when no index job of `db` is waiting or running (tests wait for the builds with it). */
export async function indexJobsSettled(db: Db): Promise<void> {
  const b = builders.get(db);
  while (b?.draining) await b.draining;
}

function kick(db: Db, b: Builder): void {
  if (b.draining) return;
  b.draining = drain(db, b).then(() => {
    b.draining = null;
    // A job queued after the loop's last look.
    if (b.jobs.size) kick(db, b);
  });
}

async function drain(db: Db, b: Builder): Promise<void> {
  // After the request that queued the job has answered (and its other jobs have joined).
  await new Promise((resolve) => setImmediate(resolve));
  let runner: StatementRunner | undefined;
  try {
    while (b.jobs.size) {
      const [key, entry] = b.jobs.entries().next().value!;
      b.jobs.delete(key);
      try {
        const statements = await entry.job();
        if (statements.length) runner ??= await statementRunner(db);
        // Each statement holds this process's connection while the worker builds: our queries wait
        // for it without blocking the event loop. Not holding it, reads would go on, but a write
        // transaction that had read first would fail at once with SQLITE_BUSY (SQLite does not wait
        // to upgrade a read to a write), and an import would fail. Between two statements the
        // requests that waited run to their end (a request makes several queries in a row).
        for (const text of statements) {
          await db.connection().execute((conn) => runner!.run(text, conn));
          await new Promise((resolve) => setTimeout(resolve, pauseMs));
        }
      } catch (e) {
        // Closed meanwhile (a stop, the end of a test): the next start builds what is missing.
        if (/driver has already been destroyed/.test(String((e as Error).message))) {
          b.jobs.clear();
          break;
        }
        const busy = (e as { code?: string }).code === 'SQLITE_BUSY';
        if (busy && entry.attempts + 1 < maxAttempts && !b.jobs.has(key)) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          b.jobs.set(key, { ...entry, attempts: entry.attempts + 1 });
        } else console.error(`[indexes] ${key}:`, (e as Error).message ?? e);
      }
    }
  } finally {
    await runner?.close();
  }
}

interface StatementRunner {
  /** Runs one statement; `conn` is the main connection, held meanwhile. */
  run(text: string, conn: Db): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs DDL statements on a worker thread's connection to the same SQLite file, so the main
 * thread stays free while SQLite sorts a million rows; a database without a file (`:memory:`)
 * runs them on `db` itself.
 */
async function statementRunner(db: Db): Promise<StatementRunner> {
  const file = (
    await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db)
  ).rows[0]?.file;
  if (!file)
    return { run: async (text, conn) => void (await sql.raw(text).execute(conn)), close: async () => {} };
  const worker = new Worker(new URL('./index-build.worker.mjs', import.meta.url), { workerData: { file } });
  // An unfinished build never keeps the process alive: it is rolled back, and redone at the next start.
  worker.unref();
  let next = 0;
  const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: { id: number; error?: string; code?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error) w?.reject(Object.assign(new Error(m.error), { code: m.code }));
    else w?.resolve();
  });
  worker.on('error', failAll);
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      failAll(new Error('the index worker stopped'));
      resolve();
    }),
  );
  return {
    run: (text) =>
      new Promise<void>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, sql: text });
      }),
    close: async () => {
      worker.postMessage({ close: true });
      await exited;
    },
  };
}
