// The index builder's worker thread (plain JavaScript, so it runs the same under tsx, vitest and
// node): its own SQLite connection to the database file runs one DDL statement per message. While
// it builds, the main connection keeps reading (WAL); a write there waits for this statement.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
// Our wait for the main connection's short writes happens on this thread, so it may be long.
db.pragma('busy_timeout = 60000');
db.pragma('cache_size = -16384');

parentPort.on('message', (msg) => {
  if (msg.close) {
    db.close();
    parentPort.close();
    return;
  }
  const started = performance.now();
  try {
    db.exec(msg.sql);
    parentPort.postMessage({ id: msg.id, ms: performance.now() - started });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: String(e?.message ?? e), code: e?.code });
  }
});
