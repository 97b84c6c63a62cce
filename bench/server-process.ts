import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Resident memory of one process from /proc. `peakMb()` is VmHWM, the high-water mark since the
 * start or the last `reset()` (writing 5 to clear_refs resets it, so each scenario gets its own peak).
 */
export class RssMeter {
  private max = 0;
  constructor(readonly pid: number) {}

  private read(key: 'VmHWM' | 'VmRSS'): number {
    const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  }

  /** Resident memory right now (VmRSS), for samples taken during a scenario. */
  rssMb(): number {
    return Math.round(this.read('VmRSS') * 10) / 10;
  }

  peakMb(): number {
    const v = Math.round(this.read('VmHWM') * 10) / 10;
    this.max = Math.max(this.max, v);
    return v;
  }

  /** The highest peak seen over the whole run. */
  runPeakMb(): number {
    return Math.max(this.max, this.peakMb());
  }

  reset(): void {
    this.peakMb();
    try {
      fs.writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
    } catch {
      /* not permitted: peaks stay cumulative, which only overstates them */
    }
  }
}

export interface ServerProcess {
  url: string;
  meter: RssMeter;
  stop(): Promise<void>;
}

/**
 * Starts `server/main.ts` as its own node process (node --import tsx, so the pid we measure is the
 * server itself, not a tsx wrapper) and waits until /api/health answers. Its output goes to a log
 * file in the temp folder. BENCH_SERVER_FLAGS adds node flags (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const flags = process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [];
  // The server's output goes to a file: the automation worker can be chatty, and stderr is for progress.
  const logFile = path.join(os.tmpdir(), `tessera-bench-server-${port}.log`);
  const log = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, [...flags, '--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  process.stderr.write(`server log: ${logFile}\n`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Never leave a server behind, even when the benchmark itself crashes.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null)
      throw new Error(
        `the server exited with code ${child.exitCode}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`,
      );
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 300) throw new Error('the server did not start within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    meter: new RssMeter(child.pid!),
    async stop() {
      process.off('exit', orphanGuard);
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
