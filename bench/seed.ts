import { newId } from '../server/shared/ids.js';
import { type BenchContext, systemColumns } from './context.js';
import { customerFields, customerForm, prng } from './data.js';

export const BATCH = 1000;
const SEED = 20261124;
const keys = customerForm.fields.map((f) => f.key);

/** Record numbers whose ids we keep: about 2,000 spread over the whole table. */
const keep = (n: number) => {
  const stride = Math.max(1, Math.floor(n / 2000));
  return (i: number) => i % stride === 0;
};

/** Seeds customers 1…n through POST /records/batch; answers each batch's ms and the wall time. */
export async function seedViaApi(
  ctx: BenchContext,
  n: number,
  progress: (done: number) => void,
): Promise<{ samples: number[]; wallMs: number }> {
  const rnd = prng(SEED);
  const kept = keep(n);
  const samples: number[] = [];
  const t0 = performance.now();
  for (let first = 1; first <= n; first += BATCH) {
    const size = Math.min(BATCH, n - first + 1);
    const records = Array.from({ length: size }, (_, j) => ({
      fields: customerFields(first + j, rnd, ctx.userIds),
      departmentId: ctx.departmentIds[(first + j) % ctx.departmentIds.length],
    }));
    const r = await ctx.api.ok<{ items: { id: string }[] }>(
      'POST',
      `/api/forms/${ctx.formId}/records/batch`,
      { records },
    );
    samples.push(r.ms);
    r.body.items.forEach((rec, j) => kept(first + j) && ctx.ids.push(rec.id));
    progress(first + size - 1);
  }
  ctx.count = n;
  return { samples, wallMs: performance.now() - t0 };
}

/** The stored row of customer i, as the server would write it (the floor writes it directly). */
export function floorRow(
  ctx: BenchContext,
  fields: Record<string, unknown>,
  seq: number,
  at: string,
): unknown[] {
  const stored: Record<string, unknown> = {
    ...fields,
    customerNo: `C${at.slice(0, 4)}${String(seq).padStart(6, '0')}`,
    amount: Math.round((fields.amount as number) * 100),
    tags: (fields.tags as string[]).length ? JSON.stringify(fields.tags) : null,
  };
  const system = [newId('rec'), seq, 1, null, ctx.adminId, null, at, ctx.adminId, at, ctx.adminId, null];
  return [...system, ...keys.map((k) => stored[k] ?? null)];
}

export const insertSql = (ctx: BenchContext, rows: number) => {
  const cols = [...systemColumns, ...keys.map(ctx.col)];
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  return `insert into "${ctx.floorTable}" (${cols.map((c) => `"${c}"`).join(', ')}) values ${Array(rows).fill(tuple).join(', ')}`;
};

/**
 * The same n customers written straight into an empty copy of the table: one multi-row INSERT
 * per 1,000 rows, one transaction each, as the API's batches. Only the SQL is timed.
 */
export async function seedFloor(
  ctx: BenchContext,
  n: number,
  progress: (done: number) => void,
): Promise<number[]> {
  await ctx.floor.copyTable(ctx.table, ctx.floorTable);
  const rnd = prng(SEED);
  const kept = keep(n);
  const samples: number[] = [];
  for (let first = 1; first <= n; first += BATCH) {
    const size = Math.min(BATCH, n - first + 1);
    const at = new Date().toISOString();
    const rows = Array.from({ length: size }, (_, j) =>
      floorRow(ctx, customerFields(first + j, rnd, ctx.userIds), first + j, at),
    );
    const t0 = performance.now();
    await ctx.floor.transaction([[insertSql(ctx, size), rows.flat()]]);
    samples.push(performance.now() - t0);
    rows.forEach((r, j) => kept(first + j) && ctx.floorIds.push(r[0] as string));
    progress(first + size - 1);
  }
  return samples;
}
