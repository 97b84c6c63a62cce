import fs from 'node:fs';
import path from 'node:path';

const folder = (dataDir: string) => path.join(dataDir, 'run');

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Marks this process as a server using `dataDir` (`<dataDir>/run/server-<pid>`), so a restore
 * can refuse to swap the database under it. Returns the function that removes the mark.
 */
export function announceServer(dataDir: string): () => void {
  fs.mkdirSync(folder(dataDir), { recursive: true });
  const file = path.join(folder(dataDir), `server-${process.pid}`);
  fs.writeFileSync(file, new Date().toISOString());
  return () => fs.rmSync(file, { force: true });
}

/** The ids of live processes that announced themselves on `dataDir` (marks of dead ones are ignored). */
export function liveServers(dataDir: string): number[] {
  const names = fs.existsSync(folder(dataDir)) ? fs.readdirSync(folder(dataDir)) : [];
  return names
    .map((n) => Number(/^server-(\d+)$/.exec(n)?.[1]))
    .filter((pid) => pid && pid !== process.pid && alive(pid));
}
