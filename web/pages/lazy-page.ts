import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { Preloader } from './preloadable';

/**
 * `React.lazy` for a page whose code may already be here (preloaded, or visited before). A lazy
 * component always suspends on its first render, even when its module has arrived: the page then
 * shows its fallback, and React holds back revealing what replaces a fallback for 300 ms
 * (FALLBACK_THROTTLE_MS), which was most of the time between the data page's first rows arriving
 * and their being drawn. Handed a thenable that answers at once, `lazy` resolves without
 * suspending, so a preloaded page renders in the same pass as its parent.
 */
export function lazyPage<C extends ComponentType<any>>(code: Preloader<{ default: C }>): LazyExoticComponent<C> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return lazy(() => {
    const m = code.loaded();
    // React calls `then` right away and reads the value it was handed synchronously.
    return m ? ({ then: (resolve: (value: { default: C }) => void) => resolve(m) } as unknown as Promise<{ default: C }>) : code.preload();
  });
}
