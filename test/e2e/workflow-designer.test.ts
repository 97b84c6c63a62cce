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

const J = 'workflow-designer';
const ok = /确\s*定/;

/** Picks options in an antd Select found by its accessible name, then closes the dropdown. */
async function pick(page: Page, label: string, ...options: string[]) {
  await page.getByRole('dialog').getByLabel(label, { exact: true }).click();
  for (const option of options)
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .last()
      .getByTitle(option, { exact: true })
      .first()
      .click();
  await page.keyboard.press('Escape');
}

describe.skipIf(!hasBrowser)('the workflow designer, in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof api>>;
  let formId: string;

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchBrowser();
    admin = await api(server.url);
    const app = await admin.post('/api/apps', { name: '售后服务' });
    formId = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'tickets',
        name: '工单',
        fields: [
          { key: 'title', type: 'text', label: '标题' },
          { key: 'resolution', type: 'textarea', label: '处理结果' },
          { key: 'handler', type: 'member', label: '处理人' },
        ],
      })
    ).id;
    await admin.post(`/api/forms/${formId}/records`, { fields: { title: '打印机无法连接' } });
    await admin.post('/api/departments', { name: '华东服务部' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin designs a workflow — adds a state, a transition with a required field, a 24 h limit — and saves it', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, server.url);
    await page.goto(`${server.url}/forms/${formId}/builder`);
    await page.getByRole('link', { name: /流程设置/ }).click();
    await page.waitForURL(/\/workflow$/);
    await expect.poll(() => page.locator('body').innerText()).toContain('此表单还没有流程');
    await shot(page, J, '01-no-workflow');

    await page.getByRole('button', { name: /使用推荐流程开始/ }).click();
    await expect.poll(() => page.locator('.wf-board').innerText()).toContain('处理中');
    await shot(page, J, '02-starter');

    // A new state 待验收, in progress.
    await page.getByRole('button', { name: /添加状态/ }).click();
    const stateDialog = page.getByRole('dialog');
    await stateDialog.getByLabel('状态名称').fill('待验收');
    await stateDialog.getByText('进行中', { exact: true }).click();
    await stateDialog.getByRole('button', { name: ok }).click();
    await stateDialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.wf-board').innerText()).toContain('待验收');
    // Nothing reaches it yet: the designer says so before saving.
    await expect.poll(() => page.locator('.wf-problems').innerText()).toContain('没有流转能到达状态“待验收”');
    await shot(page, J, '03-new-state-unreachable');

    // Drag 待验收 by its handle onto 已完成.
    const from = (await page.locator('.wf-state[data-state="state_5"] .wf-handle').boundingBox())!;
    const to = (await page.locator('.wf-state[data-state="done"]').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x - 20, from.y + 20, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 15 });
    await page.mouse.up();
    await expect
      .poll(async () =>
        (
          await page.locator('.wf-state').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))
        ).join(','),
      )
      .toBe('todo,doing,state_5,done,cancelled');

    // 处理中 → 待验收, labelled 提交验收, needing 处理结果. (dnd-kit swallows every click for 50 ms
    // after a drop, so that the drop does not click what it lands on: a person never clicks that fast.)
    await page.waitForTimeout(100);
    await page.getByRole('button', { name: /添加流转/ }).click();
    await pick(page, '从', '处理中');
    await pick(page, '到', '待验收');
    await page.getByRole('dialog').getByLabel('按钮名称').fill('提交验收');
    await pick(page, '必填字段', '处理结果');
    await shot(page, J, '04-transition');
    await page.getByRole('dialog').getByRole('button', { name: ok }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.ant-table').first().innerText()).toContain('提交验收');
    // 待验收 is reached now; the designer still points out that nothing leaves it.
    expect(await page.locator('body').innerText()).not.toContain('没有流转能到达');
    expect(await page.locator('.wf-problems').innerText()).toContain('“待验收”没有流出的流转');
    await shot(page, J, '05-transitions');

    // 处理中 must be left within 24 hours; after 24 h the owner is told.
    await page.getByRole('tab', { name: /时限与升级/ }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('还没有时限');
    await page.getByRole('button', { name: /添加时限/ }).click();
    const slaDialog = page.getByRole('dialog');
    await expect.poll(() => slaDialog.getByLabel('时限（小时）').inputValue()).toBe('24');
    await slaDialog.getByRole('button', { name: /添加升级步骤/ }).click();
    await shot(page, J, '06-time-limit');
    await slaDialog.getByRole('button', { name: ok }).click();
    await slaDialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('body').innerText()).toContain('超过 24 小时');
    await shot(page, J, '07-time-limits');

    await page.getByRole('button', { name: /保存流程/ }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('流程已保存');
    await expect.poll(() => page.locator('body').innerText()).toContain('版本 1');
    await shot(page, J, '08-saved');

    const wf = await admin.get(`/api/forms/${formId}/workflow`);
    expect(wf.version).toBe(1);
    expect(wf.states.map((s: { label: string }) => s.label)).toEqual([
      '待处理',
      '处理中',
      '待验收',
      '已完成',
      '已取消',
    ]);
    expect(wf.transitions).toContainEqual({
      from: 'doing',
      to: 'state_5',
      label: '提交验收',
      requiredFields: ['resolution'],
    });
    expect(wf.sla).toEqual([
      { state: 'doing', hours: 24, escalations: [{ afterHours: 24, notify: ['owner'] }] },
    ]);
    // The record that had no state starts in the initial one.
    expect((await admin.get(`/api/forms/${formId}/records`)).items[0].state).toBe('todo');

    // Someone else saves meanwhile: saving again offers to reload.
    await admin.put(`/api/forms/${formId}/workflow`, { ...wf, version: 1 });
    await page.getByRole('tab', { name: /流转规则/ }).click();
    await page.locator('.wf-state[data-state="state_5"] .wf-state-title').click();
    await page.getByRole('dialog').getByLabel('状态名称').fill('待客户验收');
    await page.getByRole('dialog').getByRole('button', { name: ok }).click();
    await page.getByRole('button', { name: /保存流程/ }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('流程已被其他人修改');
    await page.locator('.ant-modal-confirm').waitFor({ state: 'visible' });
    await page.waitForTimeout(400);
    await shot(page, J, '09-conflict');
    await page.getByRole('button', { name: /重新加载/ }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('版本 2');
    expect(await page.locator('.wf-board').innerText()).toContain('待验收');

    // 华东服务部 works differently: beside the base, its own transitions, showing what changes.
    await page.getByRole('tab', { name: /部门差异/ }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('还没有部门差异');
    await page.getByRole('button', { name: /添加部门差异/ }).click();
    await page.getByRole('dialog').locator('.ant-select').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .last()
      .getByTitle('华东服务部', { exact: true })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: ok }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByRole('switch', { name: '自定义流转规则' }).click();
    const variantTable = page.locator('.wf-side-variant');
    await variantTable.getByRole('button', { name: '删除' }).first().click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /删\s*除/ })
      .click();
    await expect.poll(() => page.locator('.wf-side-base').innerText()).toContain('此部门不可用');
    await expect.poll(() => page.locator('.wf-variant-list').innerText()).toContain('移除 1');
    await page.locator('.wf-variant-fields').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.locator('.wf-side-variant .ant-table-content').evaluate((el) => (el.scrollLeft = 0));
    await page.waitForTimeout(300);
    await shot(page, J, '10-variant');
    await page.getByRole('button', { name: /保存流程/ }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('版本 3');
    const saved = await admin.get(`/api/forms/${formId}/workflow`);
    expect(saved.variants).toHaveLength(1);
    expect(saved.variants[0].transitions).toHaveLength(saved.transitions.length - 1);
  });
});
