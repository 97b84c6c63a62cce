/**
 * Scripts that run inside the page, kept as plain JavaScript text: functions handed to
 * page.evaluate would be serialized after tsx compiled them, and its helpers do not exist there.
 */

/** A grid row counts as shown when it is a record's row with text in one of its cells. */
const filledRow = `(row) => {
  if (!row || !row.matches('[role=row][data-record]')) return false;
  for (const cell of row.querySelectorAll('[role=gridcell]')) if (cell.textContent.trim()) return true;
  return false;
}`;

/**
 * Init script: notes `performance.now()` (ms since navigation start) when `want` rows with data are in
 * the DOM (`rowsAt`) and when the frame showing them has been painted (`paintedAt`), plus long tasks.
 */
export const firstRowsProbe = (want: number) => `(() => {
  const filled = ${filledRow};
  const state = (window.__bench = { rowsAt: null, paintedAt: null, longTasks: [] });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) state.longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const enough = () => {
    let n = 0;
    for (const row of document.querySelectorAll('[role=row][data-record]')) if (filled(row) && ++n >= ${want}) return true;
    return false;
  };
  const mo = new MutationObserver(() => {
    if (state.rowsAt !== null || !enough()) return;
    state.rowsAt = performance.now();
    mo.disconnect();
    // The rAF callback runs before that frame's paint; a task queued from it runs after.
    requestAnimationFrame(() => setTimeout(() => { state.paintedAt = performance.now(); }, 0));
  });
  mo.observe(document, { childList: true, subtree: true, characterData: true });
})()`;

/** What the page knows after the first rows: the timings above, the navigation and every request. */
export const firstRowsReport = `(() => {
  const s = window.__bench;
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource').map((r) => ({ name: r.name, type: r.initiatorType, start: r.startTime, end: r.responseEnd }));
  return { rowsAt: s.rowsAt, paintedAt: s.paintedAt, longTasks: s.longTasks, html: nav ? nav.responseEnd : null, domContentLoaded: nav ? nav.domContentLoadedEventEnd : null, resources };
})()`;

export interface ScrollArgs {
  /** Rows to scroll past. */
  rows: number;
  /** The steady pace. */
  rowsPerSecond: number;
  timeoutMs: number;
}

export interface ScrollResult {
  /** Time between consecutive frames (rAF timestamps), ms. */
  frames: number[];
  /** Frames in which a probe point over the grid body showed no row at all, a row without data, or the "loading more" row. */
  blankFrames: number;
  placeholderFrames: number;
  loaderFrames: number;
  /** Rows scrolled past, and whether the rows in view showed data two frames after the end and 500 ms later. */
  rowsPassed: number;
  filledAtEnd: boolean;
  filledLater: boolean;
  timedOut: boolean;
}

/**
 * Scrolls `.grid-scroll` on every animation frame by pace × elapsed time until `rows` rows are
 * passed; when the loaded rows run out the position waits at the end (as a user's would) while the
 * next page loads. Each frame probes three points over the grid body: what is painted there (a
 * row with data, a placeholder row, the "loading more" row, or nothing). It starts once the page
 * shows the list's total (the grid draws its first rows before the total is counted, and the
 * scroll box's height follows the total).
 */
export const scrollRun = (args: ScrollArgs) => `new Promise((resolve) => {
  const waitedFrom = performance.now();
  const counted = () => document.querySelector('.record-total') || performance.now() - waitedFrom > 30000;
  const begin = () => (counted() ? run() : setTimeout(begin, 50));
  const run = () => {
    const a = ${JSON.stringify(args)};
    const filled = ${filledRow};
    const el = document.querySelector('.grid-scroll');
    const rect = el.getBoundingClientRect();
    const head = el.querySelector('.grid-header').getBoundingClientRect().height;
    const x = rect.left + 160;
    const rowHeight = el.querySelector('[role=row][data-record]').getBoundingClientRect().height;
    const ys = [rect.top + head + 4, rect.top + (rect.height + head) / 2, rect.bottom - 24];
    // A list taller than a browser allows is drawn in a shorter box whose scroll position is scaled
    // (web/views/grid/row-window.ts): one scrolled pixel then passes more than one pixel of rows.
    const count = Number(el.getAttribute('aria-rowcount') || 1) - 1;
    const viewport = el.clientHeight - head;
    const box = el.scrollHeight - head;
    const ratio = count * rowHeight > box && box > viewport ? (count * rowHeight - viewport) / (box - viewport) : 1;
    const target = (a.rows * rowHeight) / ratio;
    const pxPerMs = (a.rowsPerSecond * rowHeight) / ratio / 1000;
    const out = { frames: [], blankFrames: 0, placeholderFrames: 0, loaderFrames: 0, rowsPassed: 0, filledAtEnd: false, filledLater: false, timedOut: false };
    const probe = () => {
      let blank = false, placeholder = false, loader = false;
      for (const y of ys) {
        const row = document.elementFromPoint(x, y)?.closest('[role=row], .grid-row');
        if (!row) blank = true;
        else if (row.classList.contains('loader')) loader = true;
        else if (!filled(row)) placeholder = true;
      }
      return { blank, placeholder, loader };
    };
    // The position is kept here: scrollTop reads back rounded to device pixels, which would slow the pace.
    let start = null, last = null, pos = el.scrollTop;
    const frame = (t) => {
      if (start === null) start = t;
      if (last !== null) {
        out.frames.push(t - last);
        const p = probe();
        out.blankFrames += p.blank ? 1 : 0;
        out.placeholderFrames += p.placeholder ? 1 : 0;
        out.loaderFrames += p.loader ? 1 : 0;
        // A long frame moves the page further, like a real scroll (at most 100 ms worth at once); never
        // past the rows there are (a grid that loads more at its end makes the scroll wait there).
        pos = Math.min(target, pos + pxPerMs * Math.min(t - last, 100), el.scrollHeight - el.clientHeight);
        el.scrollTop = pos;
      }
      last = t;
      out.rowsPassed = Math.floor((pos * ratio) / rowHeight);
      if (pos >= target - 1 || t - start > a.timeoutMs) {
        out.timedOut = pos < target - 1;
        // Two more frames for the last rows to render, then: is everything in view real data? And half a second later?
        const ok = () => { const p = probe(); return !p.blank && !p.placeholder && !p.loader; };
        requestAnimationFrame(() => requestAnimationFrame(() => {
          out.filledAtEnd = ok();
          setTimeout(() => { out.filledLater = ok(); resolve(out); }, 500);
        }));
        return;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  };
  begin();
})`;
