import type { Browser } from 'playwright-core';
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

describe.skipIf(!hasBrowser)('the header search finds customers', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServerProcess({ TESSERA_BACKUP_CRON: 'off' });
    browser = await launchBrowser();
    const admin = await api(server.url);
    const app = await admin.post('/api/apps', { name: '客户管理' });
    const form = await admin.post(`/api/apps/${app.id}/forms`, {
      key: 'customers',
      name: '客户信息档案',
      fields: [
        { key: 'name', type: 'text', label: '客户名称' },
        { key: 'phone', type: 'phone', label: '联系方式' },
      ],
    });
    await admin.post(`/api/forms/${form.id}/records`, { fields: { name: '星辰科技', phone: '13812345678' } });
    await admin.post(`/api/forms/${form.id}/records`, { fields: { name: '远航贸易', phone: '13900000000' } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [width, height, phone] of [
    [1440, 900, false],
    [390, 844, true],
  ] as const) {
    it(`finds a customer by phone number and opens it (${width} px)`, async () => {
      const page = await browser.newPage({
        viewport: { width, height },
        locale: 'zh-CN',
        isMobile: phone,
        hasTouch: phone,
      });
      await login(page, server.url);
      const box = page.getByRole('combobox', { name: '搜索客户、电话、编号' });
      await box.fill('13812345678');
      const hit = page.locator('.global-search-hit').filter({ hasText: '星辰科技' });
      await expect.poll(() => hit.count(), { timeout: 10_000 }).toBe(1);
      expect(await hit.innerText()).toContain('客户信息档案 · 联系方式：13812345678');
      expect(await page.locator('.global-search-hit').filter({ hasText: '远航贸易' }).count()).toBe(0);
      // The list has finished opening before the picture.
      await expect.poll(() => hit.isVisible()).toBe(true);
      await page.waitForTimeout(300);
      await shot(page, 'search', `01-hits-${width}`);
      if (phone) await hit.tap();
      else await hit.click();
      await page.waitForURL(/record=/);
      await expect
        .poll(() => page.locator('.ant-drawer').innerText(), { timeout: 10_000 })
        .toContain('星辰科技');
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBe(0);
      // The drawer fits the screen with its save button in reach (once it has slid in).
      const save = page.locator('.ant-drawer').getByRole('button', { name: /保\s*存/ });
      await expect
        .poll(async () => {
          const b = await save.boundingBox();
          return b ? Math.round(b.x + b.width) : Infinity;
        })
        .toBeLessThanOrEqual(width);
      await shot(page, 'search', `02-record-${width}`);
    });
  }
});
