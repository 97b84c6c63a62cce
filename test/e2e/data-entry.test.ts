import type { Browser, Locator, Page } from 'playwright-core';
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

const J = 'data-entry';

/** Drags with small pointer steps, as a person does (dnd-kit starts a drag after a few pixels). */
async function drag(page: Page, from: Locator, to: Locator, where: 'top' | 'bottom' = 'top') {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  const y = where === 'bottom' ? b.y + b.height - 24 : b.y + Math.min(b.height / 2, 60);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2 + 12, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, y, { steps: 16 });
  await page.waitForTimeout(150);
  await page.mouse.up();
}

/** Picks an option in the antd dropdown that is open now. */
async function pick(page: Page, label: string) {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .first()
    .click();
}

const bodyText = (page: Page) => page.locator('body').innerText();

describe.skipIf(!hasBrowser)('entering and working with customer data, in a real browser', () => {
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

  it('log in; build a 客户 form by dragging six field types; add three records (one fixed after an error); filter to 高价值; drag a kanban card; see the history', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // Log in and create an app with a 客户 form.
    await login(page, server.url);
    await page
      .getByRole('button', { name: /新建应用/ })
      .first()
      .click();
    await page.locator('.ant-modal').getByPlaceholder('例如：客户管理').fill('客户管理');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await expect.poll(() => bodyText(page)).toContain('新建表单');
    await shot(page, J, '01-app-created');
    await page
      .getByRole('button', { name: /新建表单/ })
      .first()
      .click();
    await page.locator('.ant-modal').getByPlaceholder('例如：客户信息档案').fill('客户');
    await page.locator('.ant-modal').getByPlaceholder('customers').fill('customers');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await page.waitForURL(/\/builder$/);

    // Drag six field types onto the canvas.
    const canvas = page.locator('.builder-canvas');
    for (const type of ['单行文本', '单选', '金额', '日期', '成员', '邮箱']) {
      await drag(
        page,
        page.locator('.palette-item').filter({ hasText: new RegExp(`^${type}$`) }),
        canvas,
        'bottom',
      );
      await expect
        .poll(() => page.locator('.field-card').filter({ hasText: type }).count())
        .toBeGreaterThan(0);
    }
    expect(await page.locator('.builder-canvas .field-card').count()).toBe(6);

    // Name them as a business user would; the customer's name is required, the tier has three options.
    const prop = (label: string) =>
      page
        .locator('.ant-form-item')
        .filter({ hasText: new RegExp(`^${label}`) })
        .locator('input')
        .first();
    const rename = async (from: string, to: string) => {
      await page.locator('.builder-canvas .field-card').filter({ hasText: from }).first().click();
      await prop('字段名称').fill(to);
    };
    await rename('单行文本', '客户名称');
    await page.locator('.prop-switches').getByText('必填').click();
    await rename('单选', '客户分层');
    const options = page.getByPlaceholder('显示名称');
    await options.nth(0).fill('高价值');
    await options.nth(1).fill('普通');
    await options.nth(2).fill('低价值');
    await rename('金额', '合同金额');
    await rename('日期', '签约日期');
    await rename('成员', '负责人');
    await shot(page, J, '02-builder-six-fields');
    await page.getByRole('button', { name: /保存表单/ }).click();
    await expect.poll(() => bodyText(page)).toMatch(/表单已保存|数据已迁移/);
    await shot(page, J, '03-form-saved');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /查看数据/ }).click();
    await page.waitForURL(/\/forms\/[^/]+$/);
    const formId = new URL(page.url()).pathname.split('/')[2];
    await expect.poll(() => bodyText(page)).toContain('还没有记录');
    await shot(page, J, '04-empty-grid');

    // Three records; the second is first saved without a name, the error shows, then it is fixed.
    const drawer = page.locator('.ant-drawer-section:visible').last();
    const newRecord = async (name: string | null, tier: string, amount?: string) => {
      await page
        .getByRole('button', { name: /新建记录/ })
        .first()
        .click();
      await expect.poll(() => drawer.getByLabel('客户名称').count()).toBe(1);
      if (name) await drawer.getByLabel('客户名称').fill(name);
      await drawer.getByLabel('客户分层').click();
      await pick(page, tier);
      await drawer.locator('.ant-drawer-title').click();
      if (amount) await drawer.getByLabel('合同金额').fill(amount);
      await drawer.getByRole('button', { name: /保\s*存/ }).click();
    };
    await newRecord('华为技术', '高价值', '500000');
    await expect.poll(() => bodyText(page)).toContain('记录已创建');
    await newRecord(null, '普通', '12000');
    await expect
      .poll(() => drawer.locator('.ant-form-item-explain-error').first().innerText())
      .toContain('必填');
    await page.waitForTimeout(500); // the message fades in
    await shot(page, J, '05-required-error-shown');
    await drawer.getByLabel('客户名称').fill('小米科技');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.locator('.ant-drawer-section:visible').count()).toBe(0);
    await newRecord('字节跳动', '低价值', '80000');
    await expect.poll(() => bodyText(page)).toContain('共 3 条记录');
    await shot(page, J, '06-three-records');

    // Filter the grid to 高价值 customers.
    await page.getByRole('button', { name: /筛选/ }).click();
    await page
      .getByRole('button', { name: /添加条件/ })
      .first()
      .click();
    await page.locator('.filter-row .filter-field').click();
    await pick(page, '客户分层');
    await page.locator('.filter-row .filter-value').click();
    await pick(page, '高价值');
    await expect.poll(() => bodyText(page), { timeout: 10_000 }).toContain('共 1 条记录');
    await shot(page, J, '07-filtered-high-value');
    await page.keyboard.press('Escape');
    expect(await page.locator('.grid-row[data-record]').count()).toBe(1);
    expect(await page.locator('.grid-row[data-record]').innerText()).toContain('华为技术');

    // The kanban has a column per tier; drag 华为技术 from 高价值 to 普通.
    await page.getByText('看板', { exact: true }).click();
    const column = (label: string) =>
      page
        .locator('.kanban-column')
        .filter({ has: page.locator('.kanban-column-title', { hasText: new RegExp(`^${label}$`) }) });
    await expect.poll(() => column('高价值').locator('.kanban-card').count()).toBe(1);
    await shot(page, J, '08-kanban');
    await drag(
      page,
      column('高价值').locator('.kanban-card').first(),
      column('普通').locator('.kanban-column-body'),
    );
    await expect.poll(() => bodyText(page)).toContain('已移动到“普通”');
    await expect.poll(() => column('普通').locator('.kanban-card').count()).toBe(2);
    await shot(page, J, '09-kanban-card-moved');
    const admin = await api(server.url);
    const moved = (await admin.get(`/api/forms/${formId}/records?q=${encodeURIComponent('华为')}`)).items[0];
    const form = await admin.get(`/api/forms/${formId}`);
    const tierKey = form.fields.find((f: { label: string }) => f.label === '客户分层').key;
    expect(moved.fields[tierKey]).toBe(
      form.fields
        .find((f: { label: string }) => f.label === '客户分层')
        .options.find((o: { label: string }) => o.label === '普通').value,
    );

    // Open the record and read its history: who changed the tier, from what to what.
    await column('普通').locator('.kanban-card').filter({ hasText: '华为技术' }).click();
    await expect.poll(() => drawer.getByRole('tab', { name: '修改记录' }).count()).toBe(1);
    await drawer.getByRole('tab', { name: '修改记录' }).click();
    await expect.poll(() => drawer.locator('.history-entry').count()).toBe(2);
    const history = await drawer.locator('.ant-timeline').innerText();
    expect(history).toContain('管理员');
    expect(history).toMatch(/客户分层：\s*高价值\s*→\s*普通/);
    await shot(page, J, '10-history');
    expect(errors).toEqual([]);
  });
});
