import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, smtpSink } from '../mail.helpers.js';
import {
  type RunningServer,
  api,
  hasBrowser,
  launchBrowser,
  login,
  shot,
  startServerProcess,
} from './support.js';

const J = 'notification-mail';

describe.skipIf(!hasBrowser)('notification e-mail, in a real browser', () => {
  let sink: SmtpSink;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    sink = await smtpSink();
    server = await startServerProcess({
      TESSERA_SMTP_URL: sink.url,
      TESSERA_SMTP_FROM: 'Tessera <crm@example.com>',
      TESSERA_PUBLIC_URL: 'https://crm.example.com',
      TESSERA_MAIL_INTERVAL_MS: '300',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.close();
  });

  it('a user gets new-ticket reminders by e-mail, then turns e-mail off in 通知设置 and gets them only in the inbox', async () => {
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
      actions: [{ type: 'notify', to: { creator: true }, title: '新工单：{{record.title}}' }],
    });
    const first = await admin.post(`/api/forms/${form.id}/records`, { fields: { title: '打印机无法连接' } });
    await expect.poll(() => sink.mails.length, { timeout: 20_000 }).toBe(1);
    expect(sink.mails[0].subject).toBe('[Tessera] 新工单：打印机无法连接');
    expect(sink.mails[0].text).toContain(`https://crm.example.com/forms/${form.id}?record=${first.id}`);

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, server.url);
    await page.locator('.user-menu').click();
    await page.getByRole('menuitem', { name: '通知设置' }).click();
    const toggle = page.getByRole('switch', { name: '邮件通知' });
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await shot(page, J, '01-settings-on');
    await toggle.click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('已关闭邮件通知');
    await expect.poll(async () => (await admin.get('/api/notifications/settings')).email).toBe(false);
    await shot(page, J, '02-settings-off');
    await page
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);

    await admin.post(`/api/forms/${form.id}/records`, { fields: { title: '发票抬头错误' } });
    await expect
      .poll(async () => (await admin.get('/api/notifications')).items.length, { timeout: 20_000 })
      .toBe(2);
    await page.waitForTimeout(1500); // a few passes of the mail loop
    expect(sink.mails).toHaveLength(1);
  });
});
