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

describe.skipIf(!hasBrowser)('the template gallery, in a real browser', () => {
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

  it('an admin installs 客户管理套件 with sample data from the gallery, opens 跨部门协作任务 as a kanban board, and moves a task', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, server.url);
    await page.getByRole('button', { name: '从模板创建' }).click();
    await page.waitForURL(/\/templates$/);
    const card = page.getByTestId('template-card').filter({ hasText: '客户管理套件' });
    await expect.poll(() => card.innerText()).toContain('5 个表单');
    expect(await card.innerText()).toMatch(/4 个自动化/);
    await shot(page, 'templates', '01-gallery');

    // The preview renders each form live.
    await card.getByRole('button', { name: /预\s*览/ }).click();
    const drawer = page.locator('.ant-drawer-open');
    await expect.poll(() => drawer.innerText()).toContain('客户名称');
    await shot(page, 'templates', '02-preview');
    await drawer.getByRole('tab', { name: '跨部门协作任务' }).click();
    await expect.poll(() => drawer.innerText()).toContain('完成标准');
    await drawer.getByRole('button', { name: '一键安装' }).click();

    const dialog = page.getByRole('dialog').filter({ hasText: '包含示例数据' });
    await expect.poll(() => dialog.getByRole('checkbox', { name: '包含示例数据' }).isChecked()).toBe(true);
    await page.waitForTimeout(400);
    await shot(page, 'templates', '03-install');
    await dialog.getByRole('button', { name: '一键安装' }).click();
    await page.waitForURL(/\/forms\/frm_/, { timeout: 60_000 });
    await expect.poll(() => page.locator('body').innerText()).toContain('已安装');

    const admin = await api(server.url);
    const app = (await admin.get('/api/apps')).items.find(
      (a: { templateId: string }) => a.templateId === 'crm-suite',
    );
    const tasksForm = (await admin.get(`/api/apps/${app.id}/forms`)).items.find(
      (f: { key: string }) => f.key === 'tasks',
    );
    const tasks = await admin.get(`/api/forms/${tasksForm.id}/records?count=true&limit=500`);
    expect(tasks.total).toBeGreaterThan(0);

    // 跨部门协作任务 as a kanban board: drag a card from 待开始 to 进行中.
    await page.goto(`${server.url}/forms/${tasksForm.id}?type=kanban`);
    const todo = page.locator('section.kanban-column[aria-label="待开始"]');
    const doing = page.locator('section.kanban-column[aria-label="进行中"]');
    await expect.poll(() => todo.locator('.kanban-card').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(page, 'templates', '04-kanban');
    const moved = todo.locator('.kanban-card').first();
    const title = (await moved.locator('.card-title').innerText()).trim();
    const from = (await moved.boundingBox())!;
    const to = (await doing.locator('.kanban-column-body').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + 20);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++)
      await page.mouse.move(
        from.x + from.width / 2 + ((to.x + to.width / 2 - from.x - from.width / 2) * i) / 12,
        from.y + 20 + ((to.y + 60 - from.y - 20) * i) / 12,
      );
    await page.mouse.up();
    await expect.poll(() => doing.innerText(), { timeout: 10_000 }).toContain(title);
    await shot(page, 'templates', '05-moved');
    const after = await admin.get(`/api/forms/${tasksForm.id}/records?limit=500`);
    const states = after.items
      .filter((r: { fields: Record<string, unknown> }) => Object.values(r.fields).some((v) => v === title))
      .map((r: { state: string }) => r.state);
    expect(states).toContain('doing');
  }, 180_000);
});
