import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/** What the snapshot holds, read from the snapshot itself. */
export interface SnapshotFacts {
  migration: string | null;
  counts: Record<string, number>;
}

// Runs in a worker thread over its own connection, so the server's connection keeps serving. The
// online backup API copies every page in one step (the first step only sets it up): that step reads
// inside one read transaction, and WAL lets writers go on meanwhile, so the copy holds exactly the
// commits made before it started — never a torn page, as a file copy of a live database could.
// A page copy, not VACUUM INTO: rebuilding every index made a snapshot ten times slower.
const worker = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
(async () => {
const src = new Database(workerData.source, { fileMustExist: true });
try {
  src.pragma('busy_timeout = 10000');
  await src.backup(workerData.target, { progress: () => 0x7fffffff });
} finally { src.close(); }
const snap = new Database(workerData.target);
try {
  // The copy is one self-contained file (the live one is in WAL mode; the server sets that again).
  snap.pragma('journal_mode = DELETE');
  const check = snap.pragma('integrity_check', { simple: true });
  if (check !== 'ok') throw new Error('integrity_check: ' + check);
  const has = (t) => !!snap.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(t);
  const migration = has('kysely_migration')
    ? snap.prepare('select name from kysely_migration order by name desc limit 1').pluck().get() ?? null : null;
  const tables = snap.prepare("select name from sqlite_master where type = 'table' and name like 'r\\\\_%' escape '\\\\'")
    .pluck().all();
  const counts = {};
  for (const t of tables) counts[t] = snap.prepare('select count(*) from "' + t + '"').pluck().get();
  parentPort.postMessage({ migration, counts });
} finally { snap.close(); }
})().catch((e) => parentPort.postMessage({ error: String((e && e.message) || e) }));
`;

/**
 * Writes a consistent copy of the live SQLite database `source` to `target` (which must not
 * exist), checks it with `PRAGMA integrity_check` and reads its migration level and form counts.
 */
export function snapshotSqlite(source: string, target: string): Promise<SnapshotFacts> {
  return new Promise((resolve, reject) => {
    const w = new Worker(worker, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), source, target },
    });
    w.once('message', (m: SnapshotFacts | { error: string }) =>
      'error' in m ? reject(new Error(`SQLite snapshot failed: ${m.error}`)) : resolve(m),
    );
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`snapshot worker exited with ${code}`)));
  });
}
