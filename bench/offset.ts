import { timed } from './compare.js';
import { type BenchContext, systemColumns } from './context.js';
import { customerForm } from './data.js';
import { metrics, round, sample } from './stats.js';

const PAGE = 100;
const order = 'order by created_at desc nulls last, "id" desc nulls last';

/**
 * The grid's jump to a position: one page of 100 in the default order (newest first) by
 * `?offset=`, at the top, a tenth, a quarter, the middle and the end of the list, next to the
 * same two-step SQL (skip along the ids, then read the page's rows) run directly. The line is
 * the middle's (the target: a drag of the scrollbar to row n/2 shows rows within half a second);
 * `by_depth` shows how the cost grows with the offset, and `cursor_next_p50_ms` what the next
 * page costs by cursor from there (the grid's sequential scrolling). In the second half the grid
 * asks with the sort reversed, skipping from the end (`grid_p50_ms`: at the end, a short skip).
 */
export async function offsetPage(ctx: BenchContext): Promise<void> {
  process.stderr.write(`${ctx.engine}: offset_page…\n`);
  const n = ctx.count;
  const cols = [...systemColumns, ...customerForm.fields.map((f) => ctx.col(f.key))]
    .map((c) => `"${c}"`)
    .join(', ');
  const twoStep = `select ${cols} from "${ctx.table}" where "id" in (select "id" from "${ctx.table}" where deleted_at is null ${order} limit ${PAGE + 1} offset ?) ${order}`;
  const oneStep = `select ${cols} from "${ctx.table}" where deleted_at is null ${order} limit ${PAGE + 1} offset ?`;
  const url = (offset: number) => `/api/forms/${ctx.formId}/records?limit=${PAGE}&offset=${offset}`;
  // What the grid asks for the page at `offset` (web/views/grid/row-pages.ts pageRequest).
  const gridUrl = (offset: number) =>
    offset > n / 2
      ? `/api/forms/${ctx.formId}/records?limit=${PAGE}&sort=createdAt&offset=${Math.max(0, n - offset - PAGE)}`
      : url(offset);
  const depths = [0, Math.floor(n / 10), Math.floor(n / 4), Math.floor(n / 2), Math.max(0, n - PAGE)];
  const samples = n > 300_000 ? 6 : 12;
  ctx.meter.reset();
  const byDepth: Array<Record<string, number>> = [];
  let middle: { api: ReturnType<typeof metrics>; floor: ReturnType<typeof metrics> } | undefined;
  for (const offset of depths) {
    const api = metrics(await sample(samples, 2, async () => (await ctx.api.ok('GET', url(offset))).ms));
    const floor = metrics(await sample(samples, 2, () => timed(() => ctx.floor.query(twoStep, [offset]))));
    const naive = metrics(
      await sample(Math.ceil(samples / 2), 1, () => timed(() => ctx.floor.query(oneStep, [offset]))),
    );
    const grid =
      offset > n / 2
        ? metrics(await sample(samples, 2, async () => (await ctx.api.ok('GET', gridUrl(offset))).ms))
        : api;
    byDepth.push({
      offset,
      p50_ms: api.p50_ms,
      p95_ms: api.p95_ms,
      grid_p50_ms: grid.p50_ms,
      floor_p50_ms: floor.p50_ms,
      one_query_floor_p50_ms: naive.p50_ms,
    });
    if (offset === depths[3]) middle = { api, floor };
  }
  const jump = await ctx.api.ok<{ items: unknown[]; nextCursor: string }>('GET', url(depths[3]));
  if (jump.body.items.length !== PAGE)
    throw new Error(`offset page: expected ${PAGE} records at ${depths[3]}, got ${jump.body.items.length}`);
  const next = metrics(
    await sample(
      30,
      3,
      async () =>
        (
          await ctx.api.ok(
            'GET',
            `/api/forms/${ctx.formId}/records?limit=${PAGE}&cursor=${jump.body.nextCursor}`,
          )
        ).ms,
    ),
  );
  ctx.emit({
    scenario: 'offset_page',
    ...middle!.api,
    floor: middle!.floor,
    ratio_to_floor: round(middle!.api.p50_ms / Math.max(middle!.floor.p50_ms, 0.001), 2),
    target: `a page of ${PAGE} at offset n/2 (${depths[3]}): p95 ≤ 500 ms`,
    pass: middle!.api.p95_ms <= 500,
    by_depth: byDepth,
    cursor_next_p50_ms: next.p50_ms,
  });
}
