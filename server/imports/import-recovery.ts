import fs from 'node:fs';
import { loadCurrentUser } from '../auth/auth.service.js';
import type { Deps } from '../context.js';
import { iso } from '../shared/clock.js';
import { claimJob, unfinishedJobs, updateOwnJob } from './import-jobs.repository.js';
import { runningImports, staleMs, startImport, uploadFile } from './import-runner.js';
import type { ImportOptions } from './imports.schema.js';
import type { ImportFormat } from './read-rows.js';
import { runnerGone, thisRunner } from './runner-id.js';

/** Fails a dead runner's job for good (taking it over first, so only one process writes the end). */
async function failJob(deps: Deps, id: string, from: string | null, error: string): Promise<boolean> {
  const at = iso(deps.clock.now());
  if (!(await claimJob(deps.db, id, from, thisRunner, at))) return false;
  await updateOwnJob(deps.db, id, thisRunner, { status: 'failed', error, finished_at: at });
  return true;
}

/**
 * Takes over the import jobs whose process died (it ran on this host and is gone, or its heartbeat
 * is older than `staleMs`): each chunk committed with the job's progress, so the job resumes
 * right after its last committed row, from the uploaded file kept under the data folder. A job
 * is resumed once at most: one whose process stopped again after a resume may be what stops it
 * (a crash, a kill for memory), so it fails, naming the row, rather than take down every start.
 * A job whose file or user is gone fails with a message saying how far it got. Answers the ids
 * resumed.
 */
export async function resumeImports(deps: Deps): Promise<string[]> {
  const resumed: string[] = [];
  const staleBefore = deps.clock.now().getTime() - staleMs;
  for (const job of await unfinishedJobs(deps.db)) {
    if (runningImports.has(job.id)) continue;
    const silent = !job.heartbeat_at || Date.parse(job.heartbeat_at) < staleBefore;
    if (job.runner && !runnerGone(job.runner) && !silent) continue;
    const done = Number(job.processed);
    const file = uploadFile(deps.config.dataDir, job.id);
    if (Number(job.resumes) >= 1) {
      const row = Number(job.last_row);
      const at = row ? `in the rows after row ${row}` : 'before it saved a row';
      const failed = await failJob(
        deps,
        job.id,
        job.runner,
        `The import stopped the server twice (the second time ${at}) and is not resumed again: ${done} rows were processed` +
          `${row ? ` (through row ${row} of the file)` : ''}; check the rows after that and import the rest again`,
      );
      if (failed) await fs.promises.rm(file, { force: true }).catch(() => {});
      continue;
    }
    if (!fs.existsSync(file)) {
      await failJob(
        deps,
        job.id,
        job.runner,
        `The server stopped during this import and its uploaded file is gone: ${done} rows were processed (through row ${job.last_row} of the file); import the rest again`,
      );
      continue;
    }
    const user = job.user_id ? await loadCurrentUser(deps.db, job.user_id, 'session') : undefined;
    if (!user) {
      await failJob(
        deps,
        job.id,
        job.runner,
        `The server stopped during this import and the user who started it can no longer sign in: ${done} rows were processed`,
      );
      fs.rm(file, { force: true }, () => {});
      continue;
    }
    const options = JSON.parse(job.options) as ImportOptions;
    startImport({
      deps,
      jobId: job.id,
      formId: job.form_id,
      file,
      format: job.format as ImportFormat,
      options,
      user,
      ip: null,
      from: job.runner,
      resume: true,
    });
    resumed.push(job.id);
  }
  return resumed;
}

/**
 * Resumes dead processes' imports now (a restart picks up its own crashed jobs at once) and then
 * every `everyMs`, so a surviving process takes over from one that died. Answers a stop function.
 */
export function startImportRecovery(deps: Deps, everyMs = 30_000): () => void {
  const pass = () =>
    resumeImports(deps).catch((e) => {
      console.error('import recovery', e);
      return [];
    });
  void pass();
  const timer = setInterval(pass, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
