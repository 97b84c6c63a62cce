import { spawn, spawnSync } from 'node:child_process';
import { AppError } from '../errors.js';

/** Whether a PostgreSQL client tool (`pg_dump`, `pg_restore`) is on the PATH, and its version line. */
export function pgTool(name: 'pg_dump' | 'pg_restore'): string | null {
  const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Refuses clearly when PostgreSQL backups cannot run here. */
export function requirePgTool(name: 'pg_dump' | 'pg_restore'): void {
  if (!pgTool(name))
    throw new AppError(
      'conflict',
      `PostgreSQL backups need ${name} (PostgreSQL client 15 or newer) on the PATH of the Tessera server; ` +
        'install the postgresql-client package, or back up with your own pg_dump',
    );
}

/** Runs a PostgreSQL client tool; rejects with its stderr when it fails. */
export function runPgTool(name: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(name, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err = (err + String(d)).slice(-4000)));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${name} failed (${code}): ${err.trim()}`)),
    );
  });
}
