// @vitest-environment jsdom
import { Suspense, act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyComponent, lazyPage } from './lazy-component';
import { preloader } from './preloader';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Page() {
  return <p>客户列表</p>;
}

const mounted: Array<() => void> = [];
afterEach(() => mounted.splice(0).forEach((unmount) => unmount()));

/** Renders `node` in a fresh root inside act (effects and microtasks flushed); answers its container. */
async function render(node: React.ReactNode): Promise<HTMLElement> {
  const el = document.createElement('div');
  const root = createRoot(el);
  mounted.push(() => act(() => root.unmount()));
  await act(async () => root.render(node));
  return el;
}

describe('lazyPage and lazyComponent', () => {
  it('renders a preloaded page in the first pass, never showing the fallback', async () => {
    const code = preloader(async () => ({ default: Page }));
    await code.preload();
    const Lazy = lazyPage(code);
    const seen: string[] = [];
    const Fallback = () => {
      seen.push('fallback');
      return <p>加载中</p>;
    };
    const el = await render(
      <Suspense fallback={<Fallback />}>
        <Lazy />
      </Suspense>,
    );
    expect(el.textContent).toBe('客户列表');
    expect(seen).toEqual([]);
  });

  it('renders a named export of a module another part of the page loaded, with its props, at once', async () => {
    const code = preloader(async () => ({
      Greeting: ({ name }: { name: string }) => <b>你好，{name}</b>,
      other: 1,
    }));
    const Greeting = lazyComponent(code, (m) => m.Greeting);
    void code.preload();
    await act(async () => {}); // the module arrives before the editor first renders
    const seen: string[] = [];
    const Fallback = () => {
      seen.push('fallback');
      return <p>加载中</p>;
    };
    const el = await render(
      <Suspense fallback={<Fallback />}>
        <Greeting name="王经理" />
      </Suspense>,
    );
    expect(el.textContent).toBe('你好，王经理');
    expect(seen).toEqual([]);
  });

  it('shows the fallback while the code is on its way, then the page', async () => {
    let arrive!: (m: { default: typeof Page }) => void;
    const code = preloader(() => new Promise<{ default: typeof Page }>((resolve) => (arrive = resolve)));
    const Lazy = lazyPage(code);
    const el = await render(
      <Suspense fallback={<p>加载中</p>}>
        <Lazy />
      </Suspense>,
    );
    expect(el.textContent).toBe('加载中');
    await act(async () => arrive({ default: Page }));
    await act(() => new Promise((r) => setTimeout(r, 350))); // React reveals at most every 300 ms
    expect(el.textContent).toBe('客户列表');
  });

  it('loads once however often it is asked, and may try again after a failed download', async () => {
    let calls = 0;
    const code = preloader(async () => {
      calls++;
      if (calls === 1) throw new Error('network');
      return { default: Page };
    });
    await expect(code.preload()).rejects.toThrow('network');
    expect(code.loaded()).toBeUndefined();
    const [a, b] = [code.preload(), code.preload()];
    expect(a).toBe(b);
    await a;
    expect(calls).toBe(2);
    expect(code.loaded()?.default).toBe(Page);
  });
});
