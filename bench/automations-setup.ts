import { newId } from '../server/shared/ids.js';
import { type BenchContext, systemColumns } from './context.js';

/** A form made for an automation scenario: its id, record table and columns by field key. */
export interface BenchForm {
  id: string;
  table: string;
  col: (key: string) => string;
}

/** The app the seeded customer form belongs to. */
export async function customerAppId(ctx: BenchContext): Promise<string> {
  return (await ctx.api.ok<{ appId: string }>('GET', `/api/forms/${ctx.formId}`)).body.appId;
}

/** Creates a form through the API and reads back its table and columns. */
export async function createForm(
  ctx: BenchContext,
  appId: string,
  body: { key: string; name: string; fields: unknown[] },
): Promise<BenchForm> {
  const created = await ctx.api.ok<{ id: string }>('POST', `/api/apps/${appId}/forms`, body);
  const def = await ctx.api.ok<{ id: string; fields: { id: string; key: string }[] }>(
    'GET',
    `/api/forms/${created.body.id}`,
  );
  const columns = new Map(def.body.fields.map((f) => [f.key, `f_${f.id}`]));
  return { id: def.body.id, table: `r_${def.body.id}`, col: (key) => columns.get(key)! };
}

export async function createAutomation(
  ctx: BenchContext,
  appId: string,
  body: Record<string, unknown>,
): Promise<string> {
  return (await ctx.api.ok<{ id: string }>('POST', `/api/apps/${appId}/automations`, body)).body.id;
}

export async function deleteAutomations(ctx: BenchContext, ids: string[]): Promise<void> {
  for (const id of ids) await ctx.api.ok('DELETE', `/api/automations/${id}`);
}

const count = async (ctx: BenchContext, text: string, params: unknown[] = []) =>
  Number((await ctx.floor.query(text, params))[0].n);

/** What the automation worker still has to do: outbox events not handled and queued runs. */
export async function backlog(ctx: BenchContext): Promise<{ events: number; runs: number }> {
  return {
    events: await count(ctx, 'select count(*) as n from outbox where done_at is null'),
    runs: await count(ctx, `select count(*) as n from automation_jobs where kind = 'run'`),
  };
}

/**
 * Waits until the worker has nothing left to do (or `timeoutMs` passed); answers how long that
 * took and what was left.
 */
export async function waitIdle(
  ctx: BenchContext,
  timeoutMs = 120_000,
): Promise<{ ms: number; left: { events: number; runs: number } }> {
  const t0 = performance.now();
  for (;;) {
    const left = await backlog(ctx);
    const ms = Math.round(performance.now() - t0);
    if ((!left.events && !left.runs) || ms > timeoutMs) return { ms, left };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs of an automation by status. */
export async function runStatuses(ctx: BenchContext, automationId: string): Promise<Record<string, number>> {
  const rows = await ctx.floor.query(
    'select status, count(*) as n from automation_runs where automation_id = ? group by status',
    [automationId],
  );
  return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
}

/** Progress on stderr. */
export const log = (ctx: BenchContext, text: string) => process.stderr.write(`${ctx.engine}: ${text}\n`);

/** An INSERT of `rows` rows into the floor copy of a form's table: the system columns, then `keys`. */
export function rowSql(form: BenchForm, keys: string[], rows: number): string {
  const cols = [...systemColumns, ...keys.map(form.col)];
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  return `insert into "${form.table}_floor" (${cols.map((c) => `"${c}"`).join(', ')}) values ${Array(rows).fill(tuple).join(', ')}`;
}

/** The system column values of a new record row, in `systemColumns` order. */
export const systemValues = (seq: number, at: string, userId: string) => [
  newId('rec'),
  seq,
  1,
  null,
  userId,
  null,
  at,
  userId,
  at,
  userId,
  null,
];
