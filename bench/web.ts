import zlib from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumPath, hasBrowser, launchBrowser } from '../test/e2e/support.js';
import type { BenchContext } from './context.js';
import { percentile, round } from './stats.js';
import { type ScrollResult, firstRowsProbe, firstRowsReport, scrollRun } from './web-probes.js';

const FRAME_MS = 1000 / 60;
const FIRST_ROWS = 50;
const JS_TARGET_KB = 350;
const FIRST_ROWS_TARGET_MS = 1000;
const DROPPED_TARGET_PCT = 5;
// Tall enough for 50 rows to be drawn at once (the rows in view plus the grid's overscan).
const TALL = { width: 1440, height: 2000 };
const LAPTOP = { width: 1440, height: 900 };

const envInt = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** A fresh browser context (empty cache) signed in with the bench admin's session cookies. */
async function signedInContext(
  browser: Browser,
  ctx: BenchContext,
  viewport: { width: number; height: number },
  wantRows: number,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  await context.addCookies(ctx.api.sessionCookies().map((c) => ({ ...c, url: ctx.api.base })));
  await context.addInitScript({ content: firstRowsProbe(wantRows) });
  return context;
}

interface FirstRows {
  rowsAt: number;
  paintedAt: number;
  longTasks: [start: number, duration: number][];
  html: number | null;
  domContentLoaded: number | null;
  resources: { name: string; type: string; start: number; end: number }[];
}

/** Navigates to the data page and waits for the probe to see the first rows painted. */
async function openDataPage(page: Page, url: string): Promise<FirstRows> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction('window.__bench && window.__bench.paintedAt !== null', null, {
    timeout: 120_000,
    polling: 50,
  });
  return (await page.evaluate(firstRowsReport)) as FirstRows;
}

/** Where the time of one first visit went: the page, the JS, the API requests (ms since navigation start). */
function waterfall(r: FirstRows) {
  const before = r.resources.filter((x) => x.end <= r.rowsAt);
  const api = r.resources
    .filter((x) => x.name.includes('/api/'))
    .map((x) => {
      const u = new URL(x.name);
      const query = u.searchParams.has('count') ? '?count=true…' : u.search ? '?…' : '';
      return {
        request: `${u.pathname.replace(/[0-9A-Za-z_-]{20,}/g, ':id')}${query}`,
        start: round(x.start, 0),
        end: round(x.end, 0),
      };
    });
  return {
    html_ms: r.html === null ? null : round(r.html, 0),
    dom_content_loaded_ms: r.domContentLoaded === null ? null : round(r.domContentLoaded, 0),
    last_js_before_rows_ms: round(
      Math.max(0, ...before.filter((x) => x.type === 'script' || x.name.endsWith('.js')).map((x) => x.end)),
      0,
    ),
    long_tasks_before_rows_ms: round(
      r.longTasks.filter(([s]) => s < r.rowsAt).reduce((a, [, d]) => a + d, 0),
      0,
    ),
    rows_in_dom_ms: round(r.rowsAt, 0),
    rows_painted_ms: round(r.paintedAt, 0),
    api,
  };
}

/** Every JS (and CSS) file a cold first visit to the data page loads, gzipped here at level 9. */
async function firstVisitJs(browser: Browser, ctx: BenchContext, url: string): Promise<void> {
  const context = await signedInContext(browser, ctx, TALL, FIRST_ROWS);
  const page = await context.newPage();
  const files: { file: string; kind: 'js' | 'css'; raw: number; gzip: number; at: number }[] = [];
  let serverCompresses = false;
  const pending: Promise<void>[] = [];
  const t0 = Date.now();
  page.on('response', (res) => {
    const kind =
      res.request().resourceType() === 'script'
        ? 'js'
        : res.request().resourceType() === 'stylesheet'
          ? 'css'
          : undefined;
    if (!kind) return;
    const at = Date.now() - t0;
    pending.push(
      (async () => {
        serverCompresses ||= !!res.headers()['content-encoding'];
        const body = await res.body();
        files.push({
          file: new URL(res.url()).pathname.replace(/^\/assets\//, ''),
          kind,
          raw: body.length,
          gzip: zlib.gzipSync(body, { level: 9 }).length,
          at,
        });
      })(),
    );
  });
  const r = await openDataPage(page, url);
  const rowsAt = Date.now() - t0;
  // Whatever the page still loads once the rows are there (lazy chunks, idle prefetches) counts too.
  await page.waitForTimeout(2000);
  await Promise.all(pending);
  await context.close();
  const kb = (b: number) => round(b / 1024, 1);
  const js = files.filter((f) => f.kind === 'js').sort((a, b) => b.gzip - a.gzip);
  const css = files.filter((f) => f.kind === 'css');
  const sum = (xs: typeof files, k: 'raw' | 'gzip') => xs.reduce((a, f) => a + f[k], 0);
  const gzipKb = kb(sum(js, 'gzip'));
  ctx.emit({
    scenario: 'web_first_visit_js',
    samples: 1,
    throughput_per_s: null,
    p50_ms: null,
    p95_ms: null,
    floor: null,
    ratio_to_floor: null,
    target: `gzip JS of a cold first visit to the data page ≤ ${JS_TARGET_KB} kB`,
    pass: gzipKb <= JS_TARGET_KB,
    js_gzip_kb: gzipKb,
    js_raw_kb: kb(sum(js, 'raw')),
    js_files: js.length,
    js_gzip_kb_before_first_rows: kb(
      sum(
        js.filter((f) => f.at <= rowsAt),
        'gzip',
      ),
    ),
    css_gzip_kb: kb(sum(css, 'gzip')),
    first_rows_ms: round(r.paintedAt, 0),
    compression: serverCompresses
      ? 'bodies gzipped here at level 9 (the server compresses too)'
      : 'bodies gzipped here at level 9 (the server sends them uncompressed)',
    files: js.map((f) => ({
      file: f.file,
      raw_kb: kb(f.raw),
      gzip_kb: kb(f.gzip),
      after_first_rows: f.at > rowsAt || undefined,
    })),
  });
}

/** Navigation → 50 rows painted: cold (a new context each time) and warm (the same context again). */
async function firstRows(browser: Browser, ctx: BenchContext, url: string): Promise<void> {
  const coldRuns: FirstRows[] = [];
  for (let i = 0; i < envInt('BENCH_WEB_COLD', 5); i++) {
    const context = await signedInContext(browser, ctx, TALL, FIRST_ROWS);
    coldRuns.push(await openDataPage(await context.newPage(), url));
    await context.close();
  }
  const context = await signedInContext(browser, ctx, TALL, FIRST_ROWS);
  const page = await context.newPage();
  await openDataPage(page, url);
  const warmRuns: FirstRows[] = [];
  for (let i = 0; i < envInt('BENCH_WEB_WARM', 5); i++) warmRuns.push(await openDataPage(page, url));
  await context.close();
  const cold = coldRuns.map((r) => r.paintedAt);
  const warm = warmRuns.map((r) => r.paintedAt);
  const median = (runs: FirstRows[]) =>
    [...runs].sort((a, b) => a.paintedAt - b.paintedAt)[Math.floor((runs.length - 1) / 2)];
  const p50 = round(percentile(cold, 50), 1);
  ctx.emit({
    scenario: 'web_first_rows',
    samples: cold.length,
    throughput_per_s: null,
    p50_ms: p50,
    p95_ms: round(percentile(cold, 95), 1),
    floor: null,
    ratio_to_floor: null,
    target: `navigation → ${FIRST_ROWS} rows painted, cold first visit p50 ≤ ${FIRST_ROWS_TARGET_MS} ms (viewport ${TALL.width}×${TALL.height})`,
    pass: p50 <= FIRST_ROWS_TARGET_MS,
    cold_ms: cold.map((x) => round(x, 0)),
    warm: {
      samples: warm.length,
      p50_ms: round(percentile(warm, 50), 1),
      p95_ms: round(percentile(warm, 95), 1),
      all_ms: warm.map((x) => round(x, 0)),
    },
    cold_median_waterfall: waterfall(median(coldRuns)),
    warm_median_waterfall: waterfall(median(warmRuns)),
  });
}

/** Dropped frames in a frame of `ms`: none within 1.5 budgets, else the budgets it overran (rounded: rAF times jitter). */
const droppedIn = (ms: number) => (ms > 1.5 * FRAME_MS ? Math.round(ms / FRAME_MS) - 1 : 0);

/** Scrolls through `BENCH_WEB_SCROLL_ROWS` rows at a steady pace, recording every frame. */
async function scrollFrames(browser: Browser, ctx: BenchContext, url: string): Promise<void> {
  const rows = Math.min(envInt('BENCH_WEB_SCROLL_ROWS', 10_000), Math.max(0, ctx.count - 50));
  const rowsPerSecond = envInt('BENCH_WEB_SCROLL_RATE', 500);
  const runs: ScrollResult[] = [];
  for (let i = 0; i < envInt('BENCH_WEB_SCROLL_PASSES', 2); i++) {
    const context = await signedInContext(browser, ctx, LAPTOP, 10);
    const page = await context.newPage();
    await openDataPage(page, url);
    runs.push(
      (await page.evaluate(
        scrollRun({ rows, rowsPerSecond, timeoutMs: (rows / rowsPerSecond) * 1000 * 4 + 30_000 }),
      )) as ScrollResult,
    );
    await context.close();
  }
  const frames = runs.flatMap((r) => r.frames);
  const dropped = frames.reduce((a, ms) => a + droppedIn(ms), 0);
  const expected = Math.round(frames.reduce((a, b) => a + b, 0) / FRAME_MS);
  const droppedPct = round((100 * dropped) / Math.max(1, expected), 2);
  const sum = (k: 'blankFrames' | 'placeholderFrames' | 'loaderFrames') => runs.reduce((a, r) => a + r[k], 0);
  ctx.emit({
    scenario: 'web_scroll_frames',
    samples: runs.length,
    throughput_per_s: null,
    p50_ms: round(percentile(frames, 50), 2),
    p95_ms: round(percentile(frames, 95), 2),
    floor: null,
    ratio_to_floor: null,
    target: `scrolling ${rows} rows at ${rowsPerSecond} rows/s (viewport ${LAPTOP.width}×${LAPTOP.height}): ≤ ${DROPPED_TARGET_PCT}% of frames dropped, the rows in view filled within 0.5 s of stopping`,
    pass: droppedPct <= DROPPED_TARGET_PCT && runs.every((r) => r.filledLater && !r.timedOut),
    frames: frames.length,
    dropped_frames: dropped,
    dropped_pct: droppedPct,
    max_frame_ms: round(Math.max(...frames), 1),
    frames_over_50ms: frames.filter((ms) => ms > 50).length,
    blank_frames: sum('blankFrames'),
    placeholder_frames: sum('placeholderFrames'),
    loading_more_frames: sum('loaderFrames'),
    seconds: runs.map((r) => round(r.frames.reduce((a, b) => a + b, 0) / 1000, 1)),
    rows_passed: runs.map((r) => r.rowsPassed),
    filled_at_end: runs.map((r) => r.filledAtEnd),
    filled_500ms_later: runs.map((r) => r.filledLater),
    timed_out: runs.some((r) => r.timedOut),
  });
}

/**
 * The data page of the seeded form in headless Chromium: the JS of a first visit, the time to the
 * first 50 rows (cold and warm), and the frames while scrolling through 10,000 rows. Needs the
 * server to serve a build of the web app (bench/web-build.ts).
 */
export async function webDataPage(ctx: BenchContext): Promise<void> {
  if (!hasBrowser) {
    const note = `skipped: no Chromium at ${chromiumPath}`;
    for (const scenario of ['web_first_visit_js', 'web_first_rows', 'web_scroll_frames'])
      ctx.emit({
        scenario,
        samples: null,
        throughput_per_s: null,
        p50_ms: null,
        p95_ms: null,
        floor: null,
        ratio_to_floor: null,
        target: 'see bench/web.ts',
        pass: null,
        note,
      });
    return;
  }
  process.stderr.write(`${ctx.engine}: web data page (first visit JS, first rows, scrolling)…\n`);
  const browser = await launchBrowser();
  const url = `${ctx.api.base}/forms/${ctx.formId}`;
  // BENCH_WEB_PARTS=js,rows,scroll (the default: all three) runs only some of them.
  const parts = (process.env.BENCH_WEB_PARTS ?? 'js,rows,scroll').split(',');
  try {
    for (const [part, run] of [
      ['js', firstVisitJs],
      ['rows', firstRows],
      ['scroll', scrollFrames],
    ] as const) {
      if (!parts.includes(part)) continue;
      ctx.meter.reset();
      await run(browser, ctx, url);
    }
  } finally {
    await browser.close();
  }
}
