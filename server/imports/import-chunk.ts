import type { ControlledTransaction } from 'kysely';
import type { Deps } from '../context.js';
import type { Database, Db } from '../db/database.js';
import { AppError, type ErrorDetail } from '../errors.js';
import { formatLocalDate, localDateOf } from '../filter/time-zone.js';
import type { RecordContext } from '../permissions/record-access.js';
import { iso } from '../shared/clock.js';
import {
  type Actor,
  createRecords,
  insertRecords,
  loadRecord,
  patchRecord,
} from '../records/records.write.js';
import { checkReferences, checkUnique, type ParseMemo, parseValues, type Values } from '../records/values.js';
import { type CellContext, convertCell } from './cell-values.js';
import { dedupable, findMatches, matchKey } from './dedupe.js';
import type { ImportOptions, RowErrors } from './imports.schema.js';
import type { Column } from './mapping.js';
import type { SheetRow } from './read-rows.js';

/** What a chunk did; failed rows carry their errors. */
export interface ChunkOutcome {
  created: number;
  updated: number;
  skipped: number;
  failed: RowErrors[];
}

export interface ChunkContext {
  deps: Deps;
  rc: RecordContext;
  actor: Actor;
  columns: Column[];
  options: ImportOptions;
  cells: CellContext;
}

interface Pending {
  row: number;
  fields: Record<string, unknown>;
  /** The record to update (dedupe mode "update"). */
  target?: { id: string; version: number };
  /** Rows merged into this one (same dedupe value in this chunk, mode "update"). */
  merged: number;
  /** A new record's values as checked (written without parsing them again). */
  values?: Values;
}

/** The chunk's transaction: savepoints let one bad row fall back without losing the others. */
export type ChunkTransaction = ControlledTransaction<Database>;

/** A written row counts as created or updated; rows merged into it (same dedupe value) as updates. */
function count(out: ChunkOutcome, p: Pending) {
  if (p.target) out.updated += 1;
  else out.created += 1;
  out.updated += p.merged;
}

/** A new record leaves empty cells out, so defaults apply (an update clears them instead). */
function withoutEmpty(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in fields) if (fields[key] !== null) out[key] = fields[key];
  return out;
}

const fieldsPath = (d: ErrorDetail): ErrorDetail => ({ ...d, path: d.path.replace(/^\/rows\/\d+/, '') });

interface ConvertedRow {
  row: number;
  fields: Record<string, unknown>;
  errors?: ErrorDetail[];
}

function convertRow(ctx: ChunkContext, r: SheetRow): ConvertedRow {
  const out: ConvertedRow = { row: r.row, fields: {} };
  for (const col of ctx.columns) {
    const c = convertCell(r.cells[col.index] ?? null, col.field, ctx.cells);
    if ('error' in c)
      (out.errors ??= []).push({
        path: `/fields/${col.field.def.key}`,
        message: c.error,
        code: c.code,
        params: c.params,
      });
    else out.fields[col.field.def.key] = c.value;
  }
  return out;
}

/**
 * Runs the same checks a write runs (values, references, unique values) in the chunk's
 * transaction; keeps each new record's checked values on its row.
 */
async function validate(ctx: ChunkContext, db: Db, pending: Pending[]): Promise<Map<number, ErrorDetail[]>> {
  const { deps, rc, actor } = ctx;
  const now = deps.clock.now();
  const dctx = {
    userId: actor.userId,
    departmentId: actor.departmentId,
    today: formatLocalDate(localDateOf(now.getTime(), deps.config.timeZone)),
    now: iso(now),
  };
  const errors = new Map<number, ErrorDetail[]>();
  const parsed: Array<{ values: Values; prefix: string; id?: string; i: number }> = [];
  const memo: ParseMemo = new Map();
  pending.forEach((p, i) => {
    const r = parseValues(rc.model, p.fields, p.target ? 'patch' : 'create', `/rows/${i}/fields`, dctx, memo);
    if (r.errors.length) errors.set(i, r.errors);
    else {
      parsed.push({ values: r.values, prefix: `/rows/${i}/fields`, id: p.target?.id, i });
      if (!p.target) p.values = r.values;
    }
  });
  const found = [
    ...(await checkReferences(db, rc.model, parsed, rc.readOf)),
    ...(await checkUnique(db, rc.model, parsed)),
  ];
  for (const d of found) {
    const i = Number(d.path.split('/')[2]);
    errors.set(i, [...(errors.get(i) ?? []), d]);
  }
  return errors;
}

function detailsOf(e: unknown): ErrorDetail[] {
  if (e instanceof AppError)
    return e.details.length ? e.details.map(fieldsPath) : [{ path: '', message: e.message }];
  console.error('import: a row could not be saved', e);
  return [{ path: '', message: 'The row could not be saved' }];
}

/**
 * Writes pending rows, creates in multi-row statements. Together, a failure (someone else took a
 * unique value or changed a record since the checks) throws, and the caller retries the chunk in a
 * new transaction one by one: then each row runs under its own savepoint, so a row that cannot be
 * saved is reported and the others stay. (Savepoints are kept off the fast path: SQLite journals
 * every page a savepoint touches.)
 */
async function write(
  ctx: ChunkContext,
  trx: ChunkTransaction,
  pending: Pending[],
  out: ChunkOutcome,
  oneByOne: boolean,
): Promise<void> {
  const { deps, rc, actor } = ctx;
  if (!oneByOne) {
    await insertRecords(
      deps,
      trx,
      rc.model,
      pending.filter((p) => !p.target).map((p) => ({ values: p.values! })),
      actor,
      { answer: false },
    );
    for (const p of pending)
      if (p.target)
        await patchRecord(
          deps,
          trx,
          rc.model,
          p.target.id,
          { fields: p.fields, version: p.target.version },
          actor,
          rc.readOf,
        );
    for (const p of pending) count(out, p);
    return;
  }
  for (const p of pending) {
    const one = await trx.savepoint('row').execute();
    try {
      if (!p.target)
        await createRecords(deps, one, rc.model, [{ fields: p.fields }], actor, () => '/fields', rc.readOf);
      else {
        const current = await loadRecord(one, rc.model, p.target.id);
        await patchRecord(
          deps,
          one,
          rc.model,
          p.target.id,
          { fields: p.fields, version: current.version },
          actor,
          rc.readOf,
        );
      }
      await one.releaseSavepoint('row').execute();
      count(out, p);
    } catch (e) {
      await one.rollbackToSavepoint('row').execute();
      await one.releaseSavepoint('row').execute();
      out.failed.push({ row: p.row, errors: detailsOf(e) });
    }
  }
}

/**
 * Imports one chunk of rows in the caller's transaction: converts cells, applies the dedupe rule,
 * validates every row like a write would and (unless a dry run) writes the valid ones through the
 * records service, so each row gets history and an outbox event like any other write. Invalid
 * rows are reported, not fatal. Written together, a row that fails at the last moment throws
 * (retry with `oneByOne`); one by one, it is reported like an invalid row.
 */
export async function importChunk(
  ctx: ChunkContext,
  trx: ChunkTransaction,
  rows: SheetRow[],
  oneByOne = false,
): Promise<ChunkOutcome> {
  const out: ChunkOutcome = { created: 0, updated: 0, skipped: 0, failed: [] };
  const good: ConvertedRow[] = [];
  for (const r of rows) {
    const c = convertRow(ctx, r);
    if (c.errors) out.failed.push({ row: c.row, errors: c.errors });
    else good.push(c);
  }

  const dedupe = ctx.options.dedupe;
  const keyField = dedupe && dedupe.mode !== 'create' ? ctx.rc.model.byKey.get(dedupe.field) : undefined;
  const pending: Pending[] = [];
  if (dedupable(keyField)) {
    const matches = await findMatches(
      trx,
      ctx.rc.model,
      keyField,
      good.map((c) => c.fields[keyField.def.key]),
      ctx.rc.access.scope.update,
      ctx.rc.scopeContext,
    );
    const inChunk = new Map<string, Pending>();
    for (const c of good) {
      const value = c.fields[keyField.def.key];
      const key = value === null || value === undefined ? undefined : matchKey(keyField, value);
      const match = key === undefined ? undefined : matches.get(key);
      const earlier = key === undefined ? undefined : inChunk.get(key);
      if (earlier && dedupe!.mode === 'update') {
        earlier.fields = { ...earlier.fields, ...(earlier.target ? c.fields : withoutEmpty(c.fields)) };
        earlier.merged++;
        continue;
      }
      if ((earlier || match) && dedupe!.mode === 'skip') {
        out.skipped++;
        continue;
      }
      if (match && !match.updatable) {
        out.failed.push({
          row: c.row,
          errors: [
            {
              path: `/fields/${keyField.def.key}`,
              message: 'matches a record you may not update',
              code: 'not_updatable',
            },
          ],
        });
        continue;
      }
      const p: Pending = {
        row: c.row,
        fields: match ? c.fields : withoutEmpty(c.fields),
        merged: 0,
        ...(match ? { target: { id: match.id, version: match.version } } : {}),
      };
      pending.push(p);
      if (key !== undefined) inChunk.set(key, p);
    }
  } else for (const c of good) pending.push({ row: c.row, fields: withoutEmpty(c.fields), merged: 0 });

  const invalid = await validate(ctx, trx, pending);
  for (const [i, errors] of invalid) out.failed.push({ row: pending[i].row, errors: errors.map(fieldsPath) });
  const valid = pending.filter((_, i) => !invalid.has(i));
  if (ctx.options.dryRun) {
    for (const p of valid) count(out, p);
  } else await write(ctx, trx, valid, out, oneByOne);
  out.failed.sort((a, b) => a.row - b.row);
  return out;
}
