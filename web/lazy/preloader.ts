/** A module fetched at most once at a time, whose value is at hand once it has arrived. */
export interface Preloader<M> {
  preload: () => Promise<M>;
  /** The module, once it has arrived. */
  loaded: () => M | undefined;
}

/**
 * Wraps a dynamic import so that it starts once and remembers its module (kept free of React so
 * the tiny entry can preload a page's code without waiting for React's; see lazy-component.ts).
 */
export function preloader<M>(load: () => Promise<M>): Preloader<M> {
  let loaded: M | undefined;
  let pending: Promise<M> | undefined;
  const preload = () =>
    (pending ??= load().then(
      (m) => (loaded = m),
      (e: unknown) => {
        pending = undefined; // a failed download may be tried again
        throw e;
      },
    ));
  return { preload, loaded: () => loaded };
}
