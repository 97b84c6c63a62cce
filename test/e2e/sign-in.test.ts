import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, hasBrowser, launchBrowser, login, shot, startServerProcess } from './support.js';

describe.skipIf(!hasBrowser)('signing in, in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin signs in and lands on the apps page, in Chinese', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await page.goto(server.url);
    await page.waitForURL(/\/login/);
    await shot(page, 'sign-in', '01-login');
    await login(page, server.url);
    await expect.poll(() => page.locator('body').innerText()).toContain('工作台');
    await shot(page, 'sign-in', '02-apps');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'tessera_session')?.httpOnly).toBe(true);
  });

  it('a wrong password is refused with a message, and the page stays on login', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(`${server.url}/login`);
    await page.getByLabel(/邮箱|Email/i).fill('admin@example.com');
    await page.getByLabel(/密码|Password/i).fill('wrong-password-1');
    await page.getByRole('button', { name: /登\s*录|Sign in/i }).click();
    await expect.poll(() => page.locator('body').innerText()).toMatch(/邮箱或密码不正确/);
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
