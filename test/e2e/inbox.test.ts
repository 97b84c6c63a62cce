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

const J = 'inbox';

describe.skipIf(!hasBrowser)('the notification inbox, in a real browser', () => {
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

  it('a user sees the unread count on the bell, opens a notification to its record, and marks the rest read', async () => {
    const admin = await api(server.url);
    const app = await admin.post('/api/apps', { name: '售后服务' });
    const form = await admin.post(`/api/apps/${app.id}/forms`, {
      key: 'tickets',
      name: '工单',
      fields: [{ key: 'title', type: 'text', label: '标题' }],
    });
    await admin.post(`/api/apps/${app.id}/automations`, {
      name: '新工单提醒',
      trigger: { type: 'record.created', formId: form.id },
      actions: [
        {
          type: 'notify',
          to: { creator: true },
          title: '有新的工单需要处理',
          body: '请在 24 小时内联系客户并记录处理结果。',
        },
      ],
    });
    const records: Array<{ id: string }> = [];
    for (const title of ['打印机无法连接', '发票抬头错误'])
      records.push(await admin.post(`/api/forms/${form.id}/records`, { fields: { title } }));
    await expect
      .poll(async () => (await admin.get('/api/notifications')).unread, { timeout: 20_000 })
      .toBe(2);

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, server.url);
    const bell = page.getByRole('button', { name: '通知' });
    await expect.poll(() => page.locator('.shell-header .ant-badge').innerText()).toContain('2');
    await shot(page, J, '01-bell-unread');
    await bell.click();
    await expect.poll(() => page.locator('.inbox').innerText()).toContain('2 条未读');
    await page.waitForTimeout(300);
    await shot(page, J, '02-inbox');

    // The oldest one opens its record in the data page's drawer, and is read.
    await page.locator('.inbox-item').last().click();
    await page.waitForURL(
      (u) => u.pathname === `/forms/${form.id}` && u.searchParams.get('record') === records[0].id,
    );
    await expect.poll(() => page.locator('.ant-drawer').innerText()).toContain('打印机无法连接');
    await expect.poll(() => page.locator('.shell-header .ant-badge').innerText()).toContain('1');
    await shot(page, J, '03-opened-record');

    await page.keyboard.press('Escape');
    await bell.click();
    await page.getByRole('button', { name: /全部已读/ }).click();
    await expect.poll(async () => (await admin.get('/api/notifications')).unread).toBe(0);
    await expect.poll(() => page.locator('.inbox .inbox-item.unread').count()).toBe(0);
    await shot(page, J, '04-all-read');
  });

  it('when everything is read, the bell shows no count and the list shows nothing unread', async () => {
    const admin = await api(server.url);
    await admin.post('/api/notifications/read-all');
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, server.url);
    expect(await page.locator('.shell-header .ant-badge-count').count()).toBe(0);
    await page.getByRole('button', { name: '通知' }).click();
    await expect.poll(() => page.locator('.inbox').innerText()).toContain('有新的工单需要处理');
    expect(await page.locator('.inbox .inbox-item.unread').count()).toBe(0);
    expect(await page.getByRole('button', { name: /全部已读/ }).isDisabled()).toBe(true);
    await page.waitForTimeout(300);
    await shot(page, J, '05-no-unread');
  });
});
