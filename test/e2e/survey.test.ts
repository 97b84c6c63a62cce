import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, api, hasBrowser, launchBrowser, shot, startServerProcess } from './support.js';

describe.skipIf(!hasBrowser)('a customer fills a satisfaction survey through a public link', () => {
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

  it('opens the link without an account, answers, and the answer is stored', async () => {
    const admin = await api(server.url);
    const app = await admin.post('/api/apps', { name: '客户满意度' });
    const form = await admin.post(`/api/apps/${app.id}/forms`, {
      key: 'survey',
      name: '客户满意度调查',
      description: '感谢您抽出一分钟时间告诉我们您的感受。',
      fields: [
        { key: 'company', type: 'text', label: '贵公司名称', required: true },
        {
          key: 'nps',
          type: 'number',
          label: '您有多大可能把我们推荐给朋友？(0-10)',
          min: 0,
          max: 10,
          required: true,
        },
        { key: 'comment', type: 'textarea', label: '您的建议' },
      ],
    });
    const link = await admin.get(`/api/forms/${form.id}/public-link`);
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${server.url}${link.url}`);
    await expect.poll(() => page.locator('body').innerText()).toContain('客户满意度调查');
    await shot(page, 'survey', '01-form');
    await page.getByLabel(/贵公司名称/).fill('<script>alert(1)</script>星辰科技');
    await page.getByLabel(/推荐给朋友/).fill('9');
    await page.getByLabel(/您的建议/).fill('响应很快，希望报价更透明。');
    await page.waitForTimeout(3200); // the server refuses answers sent faster than a person could type them
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('感谢您的反馈');
    await shot(page, 'survey', '02-thanks');
    const records = await admin.get(`/api/forms/${form.id}/records`);
    expect(records.items[0].fields).toMatchObject({ company: '<script>alert(1)</script>星辰科技', nps: 9 });
  });
});
