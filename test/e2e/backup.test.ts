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

describe.skipIf(!hasBrowser)('backups, in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServerProcess({ TESSERA_BACKUP_CRON: 'off' });
    browser = await launchBrowser();
    const admin = await api(server.url);
    const app = await admin.post('/api/apps', { name: '客户管理' });
    const form = await admin.post(`/api/apps/${app.id}/forms`, {
      key: 'customers',
      name: '客户',
      fields: [{ key: 'name', type: 'text', label: '客户名称' }],
    });
    for (const name of ['甲公司', '乙公司', '丙公司'])
      await admin.post(`/api/forms/${form.id}/records`, { fields: { name } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin opens 系统管理 → 备份, backs up now, sees it complete with its records, and downloads it', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, server.url);
    await page.goto(`${server.url}/admin/backups`);
    await expect.poll(() => page.locator('body').innerText()).toContain('暂无备份');
    await shot(page, 'backup', '01-empty');
    await page.getByRole('button', { name: /立即备份/ }).click();
    await expect.poll(() => page.locator('body').innerText(), { timeout: 30_000 }).toMatch(/已完成/);
    await expect.poll(() => page.locator('body').innerText()).toContain('1 个表单共 3 条记录，0 个文件');
    expect(await page.locator('body').innerText()).toContain('手动');
    await shot(page, 'backup', '02-complete');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /下载/ }).first().click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tessera-\d{8}T\d{9}Z-manual\.tar\.gz$/);
    const file = await download.path();
    expect(file).toBeTruthy();
    // The download was audited.
    const audit = await (await api(server.url)).get('/api/audit?action=backup.downloaded');
    expect(audit.items).toHaveLength(1);
  });

  it('fits a 390 px phone: time, size, status and the download link stay on screen', async () => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
    });
    await login(page, server.url);
    await page.goto(`${server.url}/admin/backups`);
    await expect.poll(() => page.locator('body').innerText()).toMatch(/已完成/);
    await shot(page, 'backup', '03-phone');
    const link = page.getByRole('link', { name: /下载/ }).first();
    const box = await link.boundingBox();
    expect(box, 'the download link is on screen').not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(
      await page
        .getByText(/已完成/)
        .first()
        .isVisible(),
    ).toBe(true);
  });
});
