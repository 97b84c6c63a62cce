import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { Preloader } from './preloader';

/**
 * `React.lazy` over a module that may already be here (preloaded, or loaded by another part of the
 * page), rendering the component `pick` takes from it. Plain `lazy` always suspends on its first
 * render, even when the module has arrived: the nearest Suspense then shows its fallback, and React
 * holds back revealing what replaces a fallback for 300 ms (FALLBACK_THROTTLE_MS): the data page's
 * first rows, the first cell editor, a dialog whose code was fetched ahead all waited for that.
 * Handed a thenable that answers at once, `lazy` resolves without suspending.
 */
export function lazyComponent<M, C extends ComponentType<any>>(
  code: Preloader<M>,
  pick: (m: M) => C,
): LazyExoticComponent<C> {
  const wrap = (m: M) => ({ default: pick(m) });
  return lazy(() => {
    const m = code.loaded();
    // React calls `then` right away and reads the value it was handed synchronously.
    return m
      ? ({ then: (resolve: (value: { default: C }) => void) => resolve(wrap(m)) } as unknown as Promise<{
          default: C;
        }>)
      : code.preload().then(wrap);
  });
}

/** A page module's default export, lazily (see `lazyComponent`). */
export const lazyPage = <C extends ComponentType<any>>(
  code: Preloader<{ default: C }>,
): LazyExoticComponent<C> => lazyComponent(code, (m) => m.default);
