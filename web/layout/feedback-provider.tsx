import AppContext, { type useAppProps } from 'antd/es/app/context';
import { type ComponentType, type ReactNode, Suspense, lazy, useContext, useEffect, useState } from 'react';

type Api = useAppProps;

// At the root of the app: a failed download leaves the toasts out rather than taking the page down.
const Holders = lazy((): Promise<{ default: ComponentType<{ onReady: (api: Api) => void }> }> =>
  import('./feedback-holders').catch(() => ({ default: () => null })),
);

let api: Api | undefined;
const waiting: Array<(api: Api) => void> = [];
let wanted = false;
let mountHolders: (() => void) | undefined;
const want = () => {
  wanted = true;
  mountHolders?.();
};
const ready = (next: Api) => {
  api = next;
  for (const call of waiting.splice(0)) call(next);
};

/** A call made before the real API is here: queued, and answered with a handle that follows the real one. */
function queued(call: (api: Api) => unknown) {
  if (api) return call(api);
  let real: { destroy?: () => void; update?: (c: unknown) => void } | (() => void) | undefined;
  const done = new Promise<unknown>((resolve) =>
    waiting.push((a) => resolve((real = call(a) as typeof real))),
  );
  want();
  const handle = () => (typeof real === 'function' ? real() : undefined);
  return Object.assign(handle, {
    then: (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => done.then(ok, fail),
    destroy: () => void done.then(() => (real as { destroy?: () => void })?.destroy?.()),
    update: (c: unknown) => void done.then(() => (real as { update?: (c: unknown) => void })?.update?.(c)),
  });
}

const proxy = <K extends keyof Api>(kind: K, methods: string[]) =>
  Object.fromEntries(
    methods.map((m) => [
      m,
      (...args: unknown[]) =>
        queued((a) => (a[kind] as unknown as Record<string, (...x: unknown[]) => unknown>)[m](...args)),
    ]),
  ) as unknown as Api[K];

const lazyApi: Api = {
  message: proxy('message', ['info', 'success', 'error', 'warning', 'loading', 'open', 'destroy']),
  notification: proxy('notification', ['info', 'success', 'error', 'warning', 'open', 'destroy']),
  modal: proxy('modal', ['info', 'success', 'error', 'warning', 'confirm']),
};

/**
 * `AntApp.useApp()` as with antd's `App`, for the modules of the first page load: importing antd's
 * App would bring the code of all three back. Elsewhere antd's own `App.useApp()` reads the same context.
 */
export const AntApp = { useApp: (): Api => useContext(AppContext) };

/**
 * Ant Design's App (`App.useApp()` gives `message`, `notification`, `modal`) without their code in
 * the first page load: the holders load at the first click or key press, or at the first call,
 * which then waits for them. Same `.ant-app` root as antd's App.
 */
export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [holders, setHolders] = useState(wanted);
  useEffect(() => {
    mountHolders = () => setHolders(true);
    if (wanted) setHolders(true);
    // Someone about to act: have the toasts and dialogs ready before they are needed.
    const soon = () => want();
    window.addEventListener('pointerdown', soon, { once: true, capture: true });
    window.addEventListener('keydown', soon, { once: true, capture: true });
    return () => {
      mountHolders = undefined;
      window.removeEventListener('pointerdown', soon, { capture: true });
      window.removeEventListener('keydown', soon, { capture: true });
    };
  }, []);
  return (
    <AppContext.Provider value={lazyApi}>
      <div className="ant-app">
        {holders && (
          <Suspense fallback={null}>
            <Holders onReady={ready} />
          </Suspense>
        )}
        {children}
      </div>
    </AppContext.Provider>
  );
}
