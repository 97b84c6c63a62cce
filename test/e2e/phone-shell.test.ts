import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningServer,
  api,
  hasBrowser,
  launchBrowser,
  login,
  shot,
  startServerProcess,
} from './support.js';

/** How far the page scrolls sideways (0 when nothing sticks out). */
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.skipIf(!hasBrowser)('the shell on a phone and on a desktop', () => {
  let server: RunningServer;
  let browser: Browser;
  let formId: string;
  beforeAll(async () => {
    server = await startServerProcess({ TESSERA_BACKUP_CRON: 'off' });
    browser = await launchBrowser();
    const admin = await api(server.url);
    const app = await admin.post('/api/apps', { name: '客户管理' });
    const form = await admin.post(`/api/apps/${app.id}/forms`, {
      key: 'customers',
      name: '客户信息档案',
      fields: [{ key: 'name', type: 'text', label: '客户名称' }],
    });
    formId = form.id;
    await admin.post(`/api/forms/${form.id}/records`, { fields: { name: '星辰科技' } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a salesperson on a 390 px phone opens the menu, taps 客户信息档案 and the menu gets out of the way', async () => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
    });
    await login(page, server.url);
    await expect.poll(() => page.locator('body').innerText()).toContain('我的应用');
    // No sidebar on a phone: the page has the whole width, and nothing scrolls sideways.
    expect(await page.locator('.shell-sider').count()).toBe(0);
    expect(await sideways(page)).toBe(0);
    await shot(page, 'phone-shell', '01-home');
    await page.getByRole('button', { name: '打开菜单' }).tap();
    const drawer = page.locator('.shell-drawer');
    await drawer.getByText('客户管理').tap();
    await shot(page, 'phone-shell', '02-menu');
    await drawer.getByText('客户信息档案').tap();
    await page.waitForURL(`**/forms/${formId}**`);
    await expect.poll(() => drawer.isVisible()).toBe(false);
    await expect.poll(() => page.locator('body').innerText()).toContain('星辰科技');
    expect(await sideways(page)).toBe(0);
    await shot(page, 'phone-shell', '03-form');
  });

  it('on a desktop the collapsed sidebar stays collapsed on the next visit', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, server.url);
    const sider = page.locator('.shell-sider');
    await expect.poll(() => sider.evaluate((e) => e.getBoundingClientRect().width)).toBe(232);
    await page.getByRole('button', { name: '收起菜单' }).click();
    await expect.poll(() => sider.evaluate((e) => e.getBoundingClientRect().width)).toBe(64);
    await page.reload();
    await expect
      .poll(() => page.locator('.shell-sider').evaluate((e) => e.getBoundingClientRect().width))
      .toBe(64);
  });
});
