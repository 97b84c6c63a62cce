import fs from 'node:fs';
import path from 'node:path';
import { audit } from '../audit/audit.service.js';
import type { CurrentUser, Deps } from '../context.js';
import { statisticsKeeper } from '../db/pg-statistics.js';
import { AppError } from '../errors.js';
import { need } from '../permissions/access.js';
import { recordContext } from '../permissions/record-access.js';
import { iso } from '../shared/clock.js';
import { loadDirectory } from './directory.js';
import { type ChunkContext, type ChunkOutcome, importChunk } from './import-chunk.js';
import { claimJob, findJobRow, type JobPatch, updateOwnJob } from './import-jobs.repository.js';
import { type ImportOptions, maxReportedRows, type RowErrors } from './imports.schema.js';
import { UnreadableFile } from './limits.js';
import { resolveColumns, suggestMapping, writableFields } from './mapping.js';
import { countRows, type ImportFormat, readRowBatches, type SheetRow } from './read-rows.js';
import { thisRunner } from './runner-id.js';

/**
 * Rows per transaction; each commits with the job's progress, so a resumed job skips it. On
 * SQLite a commit writes every page the transaction touched (and checkpoints the WAL), and a
 * thousand rows touch nearly as many index pages as five thousand: 1,000 rows per transaction
 * spent half the import's time committing.
 */
export const rowsPerTransaction = 5000;

/**
 * Rows checked and written together (one dedupe lookup, one validation pass, multi-row inserts);
 * a transaction runs several. Small, so a piece's objects are garbage before the next piece:
 * the process's memory follows the piece, not the transaction.
 */
export const chunkSize = 1000;

/** How often a running job says it is alive; a job silent for `staleMs` is taken over. */
export const heartbeatMs = 10_000;
export const staleMs = 60_000;

/** Where an upload waits until its job ends (under the data folder, so a restart finds it). */
export const uploadFile = (dataDir: string, jobId: string) =>
  path.join(dataDir, 'imports', `${jobId}.upload`);

export interface ImportRun {
  deps: Deps;
  jobId: string;
  formId: string;
  file: string;
  format: ImportFormat;
  options: ImportOptions;
  user: CurrentUser;
  ip: string | null;
  /** The runner the job belongs to now: this process for a new upload, a dead one for a takeover. */
  from: string | null;
  /** Taken over after its process stopped (import-recovery.ts): counted in `resumes`. */
  resume?: boolean;
}

/** Jobs of this process still running, by id (tests and shutdown can wait for them). */
export const runningImports = new Map<string, Promise<void>>();

class JobFailure extends Error {}
/** Another process took the job over (this one was thought dead): stop without a word. */
class JobLost extends Error {}

const pause = () => new Promise((r) => setImmediate(r));

async function run(r: ImportRun): Promise<void> {
  const { deps, jobId, options } = r;
  const db = deps.db;
  const now = () => iso(deps.clock.now());
  if (!(await claimJob(db, jobId, r.from, thisRunner, now(), r.resume))) throw new JobLost();
  const job = (await findJobRow(db, jobId))!;
  const own = async (patch: JobPatch, on = db) => {
    if (!(await updateOwnJob(on, jobId, thisRunner, patch))) throw new JobLost();
  };
  const beat = setInterval(
    () => void updateOwnJob(db, jobId, thisRunner, { heartbeat_at: now() }).catch(() => {}),
    heartbeatMs,
  );
  beat.unref();
  let batches: AsyncGenerator<SheetRow[]> | undefined;
  try {
    if (job.total === null) await own({ total: await countRows(r.file, r.format) });
    // Rights are read again when the job starts: they may have changed since the upload.
    const rc = await recordContext(db, deps, r.user, r.formId, 'create');
    if (options.dedupe?.mode === 'update') need(rc.access, 'update');
    batches = readRowBatches(r.file, r.format);
    const first = await batches.next();
    if (first.done) throw new JobFailure('The file is empty: the first row must name the columns');
    const headers = first.value[0].cells.map((c) =>
      c === null ? '' : c instanceof Date ? c.toISOString() : String(c),
    );
    const mapping =
      options.mapping ?? suggestMapping(headers.filter(Boolean), writableFields(rc.model, rc.access));
    const { columns, ignored, missing } = resolveColumns(headers, mapping, rc.model);
    if (missing.length)
      throw new JobFailure(
        `The file has no column ${missing.map((h) => `"${h}"`).join(', ')} (named in the mapping)`,
      );
    if (!columns.length) throw new JobFailure('No column of the file matches a field; send a mapping');
    await own({
      mapping: JSON.stringify(
        Object.fromEntries(
          headers.filter(Boolean).map((h) => [h, columns.find((c) => c.header === h)?.field.def.key ?? null]),
        ),
      ),
    });

    const ctx: ChunkContext = {
      deps,
      rc,
      actor: { userId: r.user.id, departmentId: r.user.mainDepartmentId },
      columns,
      options,
      cells: { directory: await loadDirectory(db), timeZone: deps.config.timeZone, memo: new Map() },
    };
    // A resumed job goes on from what its committed chunks did.
    const tally = {
      processed: Number(job.processed),
      created: Number(job.created),
      updated: Number(job.updated),
      skipped: Number(job.skipped),
      failed: Number(job.failed),
    };
    const errors: RowErrors[] = JSON.parse(job.errors);
    const resumeAfter = Number(job.last_row);
    // The progress commits with the rows: a job resumed after a crash neither repeats nor skips one.
    const attempt = async (batch: SheetRow[], oneByOne: boolean) => {
      const trx = await db.startTransaction().execute();
      try {
        const out: ChunkOutcome = { created: 0, updated: 0, skipped: 0, failed: [] };
        for (let i = 0; i < batch.length; i += chunkSize) {
          // Between pieces, requests that need no database are answered (this one holds it).
          if (i) await pause();
          const part = await importChunk(ctx, trx, batch.slice(i, i + chunkSize), oneByOne);
          out.created += part.created;
          out.updated += part.updated;
          out.skipped += part.skipped;
          for (const f of part.failed) out.failed.push(f);
        }
        const next = {
          processed: tally.processed + batch.length,
          created: tally.created + out.created,
          updated: tally.updated + out.updated,
          skipped: tally.skipped + out.skipped,
          failed: tally.failed + out.failed.length,
        };
        const reported = out.failed.slice(0, Math.max(0, maxReportedRows - errors.length));
        const patch: JobPatch = {
          ...next,
          last_row: batch[batch.length - 1].row,
          heartbeat_at: now(),
          ...(reported.length ? { errors: JSON.stringify([...errors, ...reported]) } : {}),
        };
        await own(patch, trx);
        await trx.commit().execute();
        Object.assign(tally, next);
        // Kept as fresh copies: a message quoting a cell would otherwise hold on to the file's read buffer.
        if (reported.length) errors.push(...(JSON.parse(JSON.stringify(reported)) as RowErrors[]));
      } catch (e) {
        await trx
          .rollback()
          .execute()
          .catch(() => {});
        throw e;
      }
    };
    const keepStatistics = statisticsKeeper(db, deps.engine, rc.model.table);
    const flush = async (batch: SheetRow[]) => {
      await keepStatistics(batch.length);
      try {
        await attempt(batch, false);
      } catch (e) {
        if (e instanceof JobLost) throw e;
        // A row failed at the last moment (a value taken, a record changed meanwhile): once more, row by row.
        await attempt(batch, true);
      }
      await pause();
    };
    let batch: SheetRow[] = [];
    const take = async (rows: SheetRow[], from: number) => {
      for (let i = from; i < rows.length; i++) {
        if (rows[i].row <= resumeAfter) continue;
        batch.push(rows[i]);
        if (batch.length === rowsPerTransaction) {
          await flush(batch);
          batch = [];
        }
      }
    };
    await take(first.value, 1);
    for await (const rows of batches) await take(rows, 0);
    if (batch.length) await flush(batch);
    await own({ status: 'succeeded', finished_at: now(), total: tally.processed });
    if (!options.dryRun && (tally.created || tally.updated))
      await audit(db, deps.clock.now(), r.ip, {
        action: 'record.created',
        userId: r.user.id,
        targetType: r.formId,
        targetId: jobId,
        summary: `import: ${tally.created} created, ${tally.updated} updated`,
        details: { ignoredColumns: ignored },
      });
  } finally {
    clearInterval(beat);
    // A job that stops early closes the file too.
    await batches?.return(undefined);
  }
}

/**
 * Runs an import in the background of this process; its state lives in `import_jobs`, the
 * uploaded file is removed when it ends. A job that fails as a whole says why in `error`. A job
 * whose process died is resumed by resumeImports (server/imports/import-recovery.ts).
 */
export function startImport(r: ImportRun): void {
  let lost = false;
  const p = run(r)
    .catch(async (e) => {
      if (e instanceof JobLost) return void (lost = true);
      const known = e instanceof JobFailure || e instanceof AppError || e instanceof UnreadableFile;
      const message = known ? e.message : 'The import stopped on an unexpected error';
      if (!known) console.error(`import ${r.jobId}`, e);
      await updateOwnJob(r.deps.db, r.jobId, thisRunner, {
        status: 'failed',
        error: message,
        finished_at: iso(r.deps.clock.now()),
      }).catch(() => {});
    })
    .finally(async () => {
      // A job taken over by another process still needs its file.
      if (!lost) await fs.promises.rm(r.file, { force: true }).catch(() => {});
      runningImports.delete(r.jobId);
    });
  runningImports.set(r.jobId, p);
}
