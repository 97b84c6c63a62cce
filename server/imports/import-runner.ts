import fs from 'node:fs';
import { audit } from '../audit/audit.service.js';
import type { CurrentUser, Deps } from '../context.js';
import { AppError } from '../errors.js';
import { need } from '../permissions/access.js';
import { recordContext } from '../permissions/record-access.js';
import { iso } from '../shared/clock.js';
import { loadDirectory } from './directory.js';
import { type ChunkContext, importChunk } from './import-chunk.js';
import { updateJob } from './import-jobs.repository.js';
import { type ImportOptions, maxReportedRows, type RowErrors } from './imports.schema.js';
import { resolveColumns, suggestMapping, writableFields } from './mapping.js';
import { countRows, type ImportFormat, readRows, type SheetRow } from './read-rows.js';

/** Rows per transaction. */
export const chunkSize = 500;

export interface ImportRun {
  deps: Deps;
  jobId: string;
  formId: string;
  file: string;
  format: ImportFormat;
  options: ImportOptions;
  user: CurrentUser;
  ip: string | null;
}

/** Jobs of this process still running (tests and shutdown can wait for them). */
export const runningImports = new Set<Promise<void>>();

class JobFailure extends Error {}

const pause = () => new Promise((r) => setImmediate(r));

async function run(r: ImportRun): Promise<void> {
  const { deps, jobId, options } = r;
  const db = deps.db;
  await updateJob(db, jobId, { status: 'running', started_at: iso(deps.clock.now()) });
  await updateJob(db, jobId, { total: await countRows(r.file, r.format) });
  // Rights are read again when the job starts: they may have changed since the upload.
  const rc = await recordContext(db, deps, r.user, r.formId, 'create');
  if (options.dedupe?.mode === 'update') need(rc.access, 'update');
  const rows = readRows(r.file, r.format);
  const first = await rows.next();
  if (first.done) throw new JobFailure('The file is empty: the first row must name the columns');
  const headers = first.value.cells.map((c) => (c === null ? '' : c instanceof Date ? c.toISOString() : String(c)));
  const mapping = options.mapping ?? suggestMapping(headers.filter(Boolean), writableFields(rc.model, rc.access));
  const { columns, ignored, missing } = resolveColumns(headers, mapping, rc.model);
  if (missing.length) throw new JobFailure(`The file has no column ${missing.map((h) => `"${h}"`).join(', ')} (named in the mapping)`);
  if (!columns.length) throw new JobFailure('No column of the file matches a field; send a mapping');
  await updateJob(db, jobId, { mapping: JSON.stringify(Object.fromEntries(headers.filter(Boolean).map((h) => [h, columns.find((c) => c.header === h)?.field.def.key ?? null]))) });

  const ctx: ChunkContext = {
    deps,
    rc,
    actor: { userId: r.user.id, departmentId: r.user.mainDepartmentId },
    columns,
    options,
    cells: { directory: await loadDirectory(db), timeZone: deps.config.timeZone },
  };
  const tally = { processed: 0, created: 0, updated: 0, skipped: 0, failed: 0 };
  const errors: RowErrors[] = [];
  const flush = async (batch: SheetRow[]) => {
    const out = await importChunk(ctx, batch);
    tally.processed += batch.length;
    tally.created += out.created;
    tally.updated += out.updated;
    tally.skipped += out.skipped;
    tally.failed += out.failed.length;
    errors.push(...out.failed.slice(0, maxReportedRows - errors.length));
    await updateJob(db, jobId, { ...tally, errors: JSON.stringify(errors) });
    await pause();
  };
  let batch: SheetRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === chunkSize) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length) await flush(batch);
  await updateJob(db, jobId, { status: 'succeeded', finished_at: iso(deps.clock.now()), total: tally.processed });
  if (!options.dryRun && (tally.created || tally.updated))
    await audit(db, deps.clock.now(), r.ip, { action: 'record.created', userId: r.user.id, targetType: r.formId, targetId: jobId, summary: `import: ${tally.created} created, ${tally.updated} updated`, details: { ignoredColumns: ignored } });
}

/**
 * Starts an import in the background of this process; its state lives in `import_jobs`, the
 * uploaded file is removed when it ends. A job that fails as a whole says why in `error`.
 */
export function startImport(r: ImportRun): void {
  const p = run(r)
    .catch(async (e) => {
      const message = e instanceof JobFailure || e instanceof AppError ? e.message : 'The import stopped on an unexpected error';
      if (!(e instanceof JobFailure || e instanceof AppError)) console.error(`import ${r.jobId}`, e);
      await updateJob(r.deps.db, r.jobId, { status: 'failed', error: message, finished_at: iso(r.deps.clock.now()) }).catch(() => {});
    })
    .finally(() => {
      fs.rm(r.file, { force: true }, () => {});
      runningImports.delete(p);
    });
  runningImports.add(p);
}
