import os from 'node:os';
import { newSecret } from '../shared/ids.js';

/**
 * This process as an import runner: `host#pid#instance`. The instance part tells a restarted
 * process from its predecessor when the pid repeats (pid 1 in a container).
 */
export const thisRunner = `${os.hostname()}#${process.pid}#${newSecret(6)}`;

/**
 * Whether the process named by `runner` is certainly gone: it ran on this host and its pid is no
 * longer alive, or is ours while the instance is not. A runner elsewhere is judged by its heartbeat.
 */
export function runnerGone(runner: string): boolean {
  if (runner === thisRunner) return false;
  const [host, pidText] = runner.split('#');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    // EPERM: alive, only not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
