/** Paths of the data page (`/forms/:formId`, the grid): where links and reloads land most. */
const DATA_PAGE = /^\/forms\/([^/]+)\/?$/;

/** Pages whose code is worth fetching before the shell is up, by path. */
const routes: Array<[RegExp, () => Promise<unknown>]> = [[DATA_PAGE, () => import('./data-page')]];

/**
 * Starts loading the code of the page at `path` when it is one of `routes`. app.tsx imports the
 * same modules lazily; the module cache makes both one download.
 */
export function preloadRoute(path: string): void {
  for (const [pattern, load] of routes) if (pattern.test(path)) void load();
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
