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

/** Picks an option of an antd Select. */
async function choose(page: Page, select: Locator, option: string) {
  await select.click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: option })
    .first()
    .click();
}

describe.skipIf(!hasBrowser)('building an automation, in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let appId: string;
  let interactionsId: string;
  let tasksId: string;
  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchBrowser();
    const a = await api(server.url);
    appId = (await a.post('/api/apps', { name: '客户管理' })).id;
    interactionsId = (
      await a.post(`/api/apps/${appId}/forms`, {
        key: 'interactions',
        name: '客户互动记录',
        fields: [
          { key: 'subject', type: 'text', label: '互动主题', required: true },
          {
            key: 'channel',
            type: 'select',
            label: '互动方式',
            options: [
              { value: 'phone', label: '电话' },
              { value: 'visit', label: '拜访' },
            ],
          },
          { key: 'nextAction', type: 'text', label: '后续行动' },
        ],
      })
    ).id;
    tasksId = (
      await a.post(`/api/apps/${appId}/forms`, {
        key: 'tasks',
        name: '跨部门协作任务',
        fields: [
          { key: 'title', type: 'text', label: '任务标题', required: true },
          { key: 'due', type: 'date', label: '截止日期' },
        ],
      })
    ).id;
    await a.post(`/api/forms/${interactionsId}/records`, {
      fields: { subject: '首次拜访', channel: 'visit', nextAction: '发送产品资料' },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin builds "when an interaction is logged with 后续行动, create a task", test-runs it, and sees the task appear after logging an interaction', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, server.url);
    await page.goto(`${server.url}/apps/${appId}/automations`);
    await expect.poll(() => page.locator('body').innerText()).toContain('还没有自动化');
    await shot(page, 'automations', '01-empty-list');

    await page.getByRole('button', { name: '新建自动化' }).first().click();
    await page.getByLabel('名称').fill('互动后续行动自动建任务');
    await page.getByRole('radio', { name: /记录创建/ }).click();
    await choose(page, page.getByRole('combobox', { name: '表单' }), '客户互动记录');

    // If: 后续行动 is not empty.
    await page.getByRole('button', { name: /添加条件$/ }).click();
    const row = page.getByTestId('filter-row').first();
    await choose(page, row.getByRole('combobox', { name: '选择字段' }), '后续行动');
    await choose(page, row.getByRole('combobox', { name: '条件' }), '不为空');

    // Then: create a task titled with the interaction's 后续行动, due in three days.
    await page.getByTestId('add-action-createRecord').click();
    const card = page.getByTestId('action-card').first();
    await choose(page, card.getByRole('combobox', { name: '在表单' }), '跨部门协作任务');
    await card.getByRole('button', { name: '添加字段' }).click();
    await choose(
      page,
      card.getByTestId('mapping-row').nth(0).getByRole('combobox', { name: '目标字段' }),
      '任务标题',
    );
    await card.getByTestId('mapping-row').nth(0).getByRole('button', { name: '插入' }).click();
    await page
      .locator('.ant-dropdown:visible .ant-dropdown-menu-item')
      .filter({ hasText: '后续行动' })
      .click();
    await card.getByRole('button', { name: '添加字段' }).click();
    await choose(
      page,
      card.getByTestId('mapping-row').nth(1).getByRole('combobox', { name: '目标字段' }),
      '截止日期',
    );
    await card.getByTestId('mapping-row').nth(1).getByRole('button', { name: '插入' }).click();
    await page
      .locator('.ant-dropdown:visible .ant-dropdown-menu-item')
      .filter({ hasText: '今天 + 3 天' })
      .click();
    await expect
      .poll(() => card.getByTestId('mapping-row').nth(0).getByRole('textbox').inputValue())
      .toBe('{{record.nextAction}}');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(400);
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'automations', '02-builder');

    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/automations\/aut_/);
    await expect.poll(() => page.locator('body').innerText()).toContain('自动化已保存');
    const saved = await (await api(server.url)).get(`/api/apps/${appId}/automations`);
    expect(saved.items).toHaveLength(1);
    expect(saved.items[0]).toMatchObject({
      trigger: { type: 'record.created', formId: interactionsId },
      condition: { and: [{ field: 'nextAction', op: 'isNotEmpty' }] },
      actions: [
        {
          type: 'createRecord',
          formId: tasksId,
          fields: { title: '{{record.nextAction}}', due: '{{today + 3d}}' },
        },
      ],
    });

    // Dry run against the existing interaction: shows the task it would create, keeps nothing.
    await page.getByRole('button', { name: '测试运行' }).click();
    const dialog = page.getByRole('dialog');
    await choose(page, dialog.getByRole('combobox', { name: '记录' }), '首次拜访');
    await dialog.getByRole('button', { name: /预\s*演/ }).click();
    await expect.poll(() => dialog.getByTestId('test-result').innerText()).toContain('成功');
    await expect.poll(() => dialog.innerText()).toContain('发送产品资料');
    await page.waitForTimeout(300);
    await shot(page, 'automations', '03-test-run');
    await dialog
      .getByRole('button', { name: /关\s*闭/ })
      .first()
      .click();
    expect((await (await api(server.url)).get(`/api/forms/${tasksId}/records?count=true`)).total).toBe(0);

    // Log an interaction with a follow-up; the worker creates the task.
    await (
      await api(server.url)
    ).post(`/api/forms/${interactionsId}/records`, {
      fields: { subject: '电话回访', channel: 'phone', nextAction: '安排技术演示' },
    });
    await expect
      .poll(
        async () =>
          (await (await api(server.url)).get(`/api/forms/${tasksId}/records`)).items.map(
            (r: { fields: { title: string } }) => r.fields.title,
          ),
        { timeout: 15_000 },
      )
      .toContain('安排技术演示');

    // The run log says what happened.
    await page.goto(`${server.url}/apps/${appId}/automations`);
    await expect.poll(() => page.locator('body').innerText()).toContain('成功');
    await shot(page, 'automations', '04-list');
    await page.getByRole('link', { name: /互动后续行动自动建任务/ }).click();
    await page.getByRole('tab', { name: '运行日志' }).click();
    await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
    await page.locator('.ant-table-row-expand-icon').first().click();
    await expect.poll(() => page.locator('body').innerText()).toContain('安排技术演示');
    await shot(page, 'automations', '05-run-log');

    // And the task is on the tasks form's data page.
    await page.goto(`${server.url}/forms/${tasksId}`);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 10_000 }).toContain('安排技术演示');
    await shot(page, 'automations', '06-task-created');
  });
});
