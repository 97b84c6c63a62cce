import { compare, timed } from './compare.js';
import { type BenchContext, systemColumns } from './context.js';
import { cities, customerForm, prng, tiers } from './data.js';

const pickOf = (seed: number) => {
  const rnd = prng(seed);
  return <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
};

/** Every column the API selects for a record. */
const allColumns = (ctx: BenchContext) =>
  [...systemColumns, ...customerForm.fields.map((f) => ctx.col(f.key))].map((c) => `"${c}"`).join(', ');

const q = (filter: unknown) => encodeURIComponent(JSON.stringify(filter));
const usesIndex = (plan: string) =>
  /USING (COVERING )?INDEX|Index Scan|Index Only Scan|Bitmap Index Scan/i.test(plan);
const sortsRows = (plan: string) => /TEMP B-TREE FOR ORDER BY|Sort Key/i.test(plan);

/** The query plan with field keys in place of generated column and index names. */
async function plan(ctx: BenchContext, text: string, params: unknown[] = []): Promise<string> {
  let out = await ctx.floor.explain(text, params);
  for (const f of customerForm.fields) {
    const column = ctx.col(f.key);
    out = out
      .replace(new RegExp(`\\b[iu]x_\\w*${column.slice(6)}\\b`, 'g'), `<index on ${f.key}>`)
      .replaceAll(column, f.key);
  }
  return out.replaceAll(ctx.table, 'records');
}

/** Fails loudly when the floor does not answer what the API answered: the SQL is not the same work. */
function same(what: string, api: unknown, floor: unknown) {
  if (JSON.stringify(api) !== JSON.stringify(floor))
    throw new Error(
      `${what}: the API and the direct SQL disagree: ${JSON.stringify(api)} vs ${JSON.stringify(floor)}`,
    );
}

/** One page of 25, filtered on 客户分层 and 城市, sorted by 累计合作金额 descending. */
export async function filteredPage(ctx: BenchContext): Promise<void> {
  const [tier, city, amount] = ['tier', 'city', 'amount'].map((k) => `"${ctx.col(k)}"`);
  const text = `select ${allColumns(ctx)} from "${ctx.table}" where deleted_at is null and (${tier} = ? and ${city} = ?) order by ${amount} desc nulls last, "id" desc nulls last limit 26`;
  const [pa, pf] = [pickOf(7), pickOf(7)];
  const url = (t: string, c: string) =>
    `/api/forms/${ctx.formId}/records?filter=${q({
      and: [
        { field: 'tier', op: 'eq', value: t },
        { field: 'city', op: 'eq', value: c },
      ],
    })}&sort=-amount&limit=25`;
  const [t0, c0] = [tiers[0].value, cities[0].value];
  // Indexes follow what views filter and sort on: the saved view 本市高价值客户 gets its index.
  const view = await ctx.api.ok<{ id: string }>('POST', `/api/forms/${ctx.formId}/views`, {
    name: '本市高价值客户',
    type: 'grid',
    filter: {
      and: [
        { field: 'tier', op: 'eq', value: t0 },
        { field: 'city', op: 'eq', value: c0 },
      ],
    },
    sort: '-amount',
  });
  process.stderr.write(
    `filtered page: saved view ${view.body.id} (its index is built now, ${view.ms.toFixed(0)} ms)\n`,
  );
  const api = await ctx.api.ok<{ items: { id: string }[] }>('GET', url(t0, c0));
  same(
    'filtered page',
    api.body.items.map((r) => r.id),
    (await ctx.floor.query(text, [t0, c0])).slice(0, 25).map((r) => r.id),
  );
  const how = await plan(ctx, text, [t0, c0]);
  await compare(ctx, {
    scenario: 'filtered_page',
    samples: 300,
    warmup: 30,
    api: async () => (await ctx.api.ok('GET', url(pa(tiers).value, pa(cities).value))).ms,
    floor: () => timed(() => ctx.floor.query(text, [pf(tiers).value, pf(cities).value])),
    target: 'p95 ≤ 15 ms',
    pass: (m) => m.p95_ms <= 15,
    extra: async () => ({ uses_index: usesIndex(how), sorts_matching_rows: sortsRows(how), plan: how }),
  });
}

/** One record by id, from a sample spread over the whole table. */
export async function getById(ctx: BenchContext): Promise<void> {
  const text = `select ${allColumns(ctx)} from "${ctx.table}" where "id" = ? and deleted_at is null`;
  const [pa, pf] = [pickOf(11), pickOf(11)];
  await compare(ctx, {
    scenario: 'get_by_id',
    samples: 500,
    warmup: 50,
    api: async () => (await ctx.api.ok('GET', `/api/forms/${ctx.formId}/records/${pa(ctx.ids)}`)).ms,
    floor: () => timed(() => ctx.floor.query(text, [pf(ctx.ids)])),
    target: 'p50 ≤ 2 ms',
    pass: (m) => m.p50_ms <= 2,
  });
}

/** The total of a two-field filter (the API also answers the first row, as a list page does). */
export async function filteredCount(ctx: BenchContext): Promise<void> {
  const where = `deleted_at is null and ("${ctx.col('tier')}" = ? and "${ctx.col('lastDealOn')}" >= ?)`;
  const count = `select count(*) as n from "${ctx.table}" where ${where}`;
  const first = `select ${allColumns(ctx)} from "${ctx.table}" where ${where} order by created_at desc nulls last, "id" desc nulls last limit 2`;
  const since = '2025-01-01';
  const url = (t: string) =>
    `/api/forms/${ctx.formId}/records?filter=${q({
      and: [
        { field: 'tier', op: 'eq', value: t },
        { field: 'lastDealOn', op: 'gte', value: since },
      ],
    })}&count=true&limit=1`;
  const api = await ctx.api.ok<{ total: number }>('GET', url(tiers[1].value));
  same(
    'filtered count',
    api.body.total,
    Number((await ctx.floor.query(count, [tiers[1].value, since]))[0].n),
  );
  const [pa, pf] = [pickOf(13), pickOf(13)];
  await compare(ctx, {
    scenario: 'filtered_count',
    samples: 20,
    warmup: 2,
    api: async () => (await ctx.api.ok('GET', url(pa(tiers).value))).ms,
    floor: () =>
      timed(async () => {
        const t = pf(tiers).value;
        await ctx.floor.query(first, [t, since]);
        await ctx.floor.query(count, [t, since]);
      }),
    target: 'report only',
    pass: () => null,
    extra: async () => ({ total: api.body.total, plan: await plan(ctx, count, [tiers[1].value, since]) }),
  });
}

/** Count and sum of 累计合作金额 per 客户分层 over the whole table. */
export async function groupBy(ctx: BenchContext): Promise<void> {
  const text = `select "${ctx.col('tier')}" as g0, count(*) as m0, sum("${ctx.col('amount')}") as m1 from "${ctx.table}" where deleted_at is null group by "${ctx.col('tier')}" order by 1 limit 1000`;
  const body = { groupBy: ['tier'], metrics: [{ op: 'count' }, { op: 'sum', field: 'amount' }] };
  const api = await ctx.api.ok<{ rows: { values: { count: number } }[] }>(
    'POST',
    `/api/forms/${ctx.formId}/aggregate`,
    body,
  );
  same(
    'group by',
    api.body.rows.map((r) => r.values.count),
    (await ctx.floor.query(text)).map((r) => Number(r.m0)),
  );
  await compare(ctx, {
    scenario: 'group_by_aggregate',
    samples: 8,
    warmup: 1,
    api: async () => (await ctx.api.ok('POST', `/api/forms/${ctx.formId}/aggregate`, body)).ms,
    floor: () => timed(() => ctx.floor.query(text)),
    target: 'report only',
    pass: () => null,
    extra: async () => ({ plan: await plan(ctx, text) }),
  });
}
