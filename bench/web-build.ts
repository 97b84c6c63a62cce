import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The scenarios that load the web app in a browser. */
const webScenarios = ['web_data_page'];

let built: Promise<string> | undefined;

/** Builds the web app once per bench run into a temp folder (removed at exit); answers the folder. */
function buildOnce(): Promise<string> {
  built ??= new Promise((resolve, reject) => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-web-'));
    process.once('exit', () => fs.rmSync(outDir, { recursive: true, force: true }));
    process.stderr.write(`building the web app into ${outDir}…\n`);
    // Our own folder, never dist/web: other people's browser tests serve that one.
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '--logLevel',
        'warn',
        '--outDir',
        outDir,
        '--emptyOutDir',
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(outDir) : reject(new Error(`vite build exited with ${code}`)),
    );
  });
  return built;
}

/**
 * The environment that makes the server serve a fresh build of the web app, when a scenario of
 * this run needs one (BENCH_ONLY decides); BENCH_WEB_DIR=<folder> (or TESSERA_WEB_DIR, as for the server)
 * serves a build made beforehand.
 */
export async function webEnv(): Promise<Record<string, string>> {
  const only = process.env.BENCH_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (only && !only.some((s) => webScenarios.includes(s))) return {};
  return { TESSERA_WEB_DIR: process.env.BENCH_WEB_DIR || process.env.TESSERA_WEB_DIR || (await buildOnce()) };
}
