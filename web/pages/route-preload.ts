import { preloader } from '../lazy/preloader';

/** Paths of the data page (`/forms/:formId`, the grid): where links and reloads land most. */
const DATA_PAGE = /^\/forms\/([^/]+)\/?$/;

/** The data page's code: app.tsx routes to it (lazy/lazy-component.ts), a direct visit preloads it. */
export const dataPageCode = preloader(() => import('./data-page'));

/** Pages whose code is worth fetching before the shell is up, by path. */
const routes: Array<[RegExp, () => Promise<unknown>]> = [[DATA_PAGE, dataPageCode.preload]];

/**
 * Starts loading the code of the page at `path` when it is one of `routes`; once it is here the
 * page renders without suspending (see lazy/lazy-component.ts).
 */
export function preloadRoute(path: string): void {
  for (const [pattern, load] of routes) if (pattern.test(path)) load().catch(() => undefined); // the route tries again and shows the error
}

/** The form whose data page `path` is, or undefined (also for a malformed path: the router shows that one). */
export function dataPageForm(path: string): string | undefined {
  const m = DATA_PAGE.exec(path);
  try {
    return m ? decodeURIComponent(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
