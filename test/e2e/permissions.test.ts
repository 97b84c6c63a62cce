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

const J = 'permissions';
const ok = /确\s*定|^OK$/;

/** Picks an option in the open antd Select / TreeSelect dropdown. */
async function pick(page: Page, label: string | RegExp, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await dropdown.getByTitle(option, { exact: true }).first().click();
}

describe.skipIf(!hasBrowser)('permissions, set up by an admin in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof api>>;
  let formId: string;

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchBrowser();
    admin = await api(server.url);
    const app = await admin.post('/api/apps', { name: '客户管理' });
    formId = (
      await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'customers',
        name: '客户',
        fields: [
          { key: 'customerName', type: 'text', label: '客户名称' },
          { key: 'phone', type: 'phone', label: '联系方式' },
          { key: 'city', type: 'text', label: '城市' },
        ],
      })
    ).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("an admin creates departments 销售部 and 客服部, a role 销售 that sees only its department's customers with 联系方式 hidden, a user in it; that user logs in and sees exactly that", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, server.url);

    // 系统管理 → 成员
    await page.getByRole('menuitem', { name: /系统管理/ }).click();
    await page.waitForURL(/\/admin\/users/);
    await expect.poll(() => page.locator('body').innerText()).toContain('邀请成员');
    await shot(page, J, '01-members');

    // 部门: 销售部 and 客服部
    await page.getByRole('tab', { name: /部门/ }).click();
    await page.waitForURL(/\/admin\/departments/);
    await expect.poll(() => page.locator('body').innerText()).toContain('还没有部门');
    await shot(page, J, '02-departments-empty');
    for (const name of ['销售部', '客服部']) {
      await page
        .getByRole('button', { name: /新建部门/ })
        .first()
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('部门名称').fill(name);
      if (name === '客服部') await shot(page, J, '03-new-department');
      await dialog.getByRole('button', { name: ok }).click();
      await expect.poll(() => page.locator('.ant-tree').innerText()).toContain(name);
      await dialog.waitFor({ state: 'hidden' });
    }
    await shot(page, J, '04-departments');
    const deps: Array<{ id: string; name: string }> = (await admin.get('/api/departments')).items;
    const dep = Object.fromEntries(deps.map((d) => [d.name, d.id]));
    expect(Object.keys(dep).sort()).toEqual(['客服部', '销售部']);

    // The customers: two of 销售部, one of 客服部, one of nobody's department.
    for (const [name, department] of [
      ['华东建材', '销售部'],
      ['南方物流', '销售部'],
      ['北辰科技', '客服部'],
      ['西部能源', null],
    ] as const)
      await admin.post(`/api/forms/${formId}/records`, {
        fields: { customerName: name, phone: '13812345678', city: '上海' },
        ...(department ? { departmentId: dep[department] } : {}),
      });

    // 角色: 销售 — 客户 form, 查看, 本部门, 联系方式 hidden
    await page.getByRole('tab', { name: /角色/ }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('还没有角色');
    await page.getByRole('button', { name: /新建角色/ }).click();
    await page.getByRole('dialog').getByLabel('角色名称').fill('销售');
    await page.getByRole('dialog').getByRole('button', { name: ok }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('此角色还没有任何权限');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await shot(page, J, '05-role-empty');
    await page.getByRole('button', { name: /添加权限/ }).click();
    const grant = page.locator('.grant-card').first();
    await grant.getByText('单个表单', { exact: true }).click();
    await pick(page, '选择表单', '客户');
    await grant.getByText('本部门', { exact: true }).click();
    await expect.poll(() => grant.innerText()).toContain('联系方式');
    await grant.getByRole('radiogroup', { name: '联系方式' }).getByText('隐藏').click();
    await shot(page, J, '06-role-grants');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('角色已保存');
    const roles: Array<{ id: string; name: string; grants: unknown[] }> = (await admin.get('/api/roles'))
      .items;
    expect(roles.map((r) => [r.name, r.grants])).toEqual([
      ['销售', [{ formId, actions: ['read'], scope: 'department', fields: { phone: 'hidden' } }]],
    ]);

    // 成员: 小王 in 销售部 with the role 销售
    await page.getByRole('tab', { name: /成员/ }).click();
    await page.getByRole('button', { name: /邀请成员/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('小王');
    await dialog.getByLabel('邮箱').fill('wang@example.com');
    await dialog.getByLabel('初始密码').fill('Sales-pass-1');
    await pick(page, '主部门', '销售部');
    await pick(page, '角色', '销售');
    await shot(page, J, '07-invite');
    await dialog.getByRole('button', { name: /邀请成员/ }).click();
    await expect.poll(() => page.locator('.ant-table').innerText()).toContain('wang@example.com');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await shot(page, J, '08-members');
    const wang = (await admin.get('/api/users')).items.find(
      (u: { email: string }) => u.email === 'wang@example.com',
    );
    expect(wang).toMatchObject({
      mainDepartmentId: dep['销售部'],
      departmentIds: [dep['销售部']],
      roleIds: [roles[0].id],
      isAdmin: false,
      active: true,
    });

    // 审计日志: who invited whom, with the details.
    await page.getByRole('tab', { name: /审计日志/ }).click();
    await expect.poll(() => page.locator('.ant-table').innerText()).toContain('创建部门');
    await pick(page, '操作类型', '邀请成员');
    await page.keyboard.press('Escape');
    // The unfiltered log already lists the invitation: wait for the filtered answer to replace it.
    await expect.poll(() => page.locator('.ant-table-tbody').innerText()).not.toContain('创建部门');
    expect(await page.locator('.ant-table-tbody').innerText()).toContain('小王 <wang@example.com>');
    await page.locator('.ant-table-row-expand-icon').first().click();
    await expect.poll(() => page.locator('.audit-details').innerText()).toContain('销售（rol_');
    await shot(page, J, '09-audit');

    // 小王 signs in and sees 销售部's customers only, without 联系方式.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const sales = await context.newPage();
    await login(sales, server.url, 'wang@example.com', 'Sales-pass-1');
    await expect.poll(() => sales.locator('.shell-sider').innerText()).toContain('客户管理');
    expect(await sales.locator('.shell-sider').innerText()).not.toContain('系统管理');
    await shot(sales, J, '10-sales-home');
    await sales.goto(`${server.url}/forms/${formId}`);
    await expect.poll(() => sales.locator('body').innerText()).toContain('华东建材');
    const text = await sales.locator('body').innerText();
    expect(text).toContain('南方物流');
    expect(text).not.toContain('北辰科技');
    expect(text).not.toContain('西部能源');
    expect(text).not.toContain('联系方式');
    expect(text).not.toContain('13812345678');
    expect(text).toContain('城市');
    await shot(sales, J, '11-sales-sees-own-department');

    // …and the admin pages are not theirs.
    await sales.goto(`${server.url}/admin/users`);
    await expect.poll(() => sales.locator('body').innerText()).toContain('只有管理员可以访问系统管理');
    await shot(sales, J, '12-sales-no-admin');
    await context.close();
  });

  it('a member changes their own password from the user menu; an admin resets it, then deactivates them and their session ends', async () => {
    await admin.post('/api/users', { email: 'li@example.com', name: '小李', password: 'First-pass-1' });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const member = await context.newPage();
    await login(member, server.url, 'li@example.com', 'First-pass-1');
    await member.locator('.user-menu').click();
    await member.getByRole('menuitem', { name: /修改密码/ }).click();
    const dialog = member.getByRole('dialog');
    await dialog.getByLabel('当前密码').fill('wrong-pass-1');
    await dialog.getByLabel('新密码', { exact: true }).fill('short');
    await dialog.getByLabel('确认新密码').fill('other');
    await dialog.getByRole('button', { name: ok }).click();
    await expect.poll(() => dialog.innerText()).toContain('至少 8 位，且同时包含字母和数字');
    expect(await dialog.innerText()).toContain('两次输入的密码不一致');
    await dialog.getByLabel('新密码', { exact: true }).fill('Second-pass-2');
    await dialog.getByLabel('确认新密码').fill('Second-pass-2');
    await dialog.getByRole('button', { name: ok }).click();
    await expect.poll(() => dialog.innerText()).toContain('当前密码不正确');
    await member.waitForTimeout(300);
    await shot(member, J, '13-change-password-wrong-current');
    await dialog.getByLabel('当前密码').fill('First-pass-1');
    await dialog.getByRole('button', { name: ok }).click();
    await expect.poll(() => member.locator('body').innerText()).toContain('密码已修改');
    await expect(api(server.url, 'li@example.com', 'Second-pass-2')).resolves.toBeTruthy();

    // The admin resets the password, then deactivates 小李: their open page falls back to the login.
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, server.url);
    await page.goto(`${server.url}/admin/users`);
    await page.getByPlaceholder('搜索姓名、邮箱或手机号').fill('小李');
    await page.getByPlaceholder('搜索姓名、邮箱或手机号').press('Enter');
    await expect.poll(() => page.locator('.ant-table-tbody .ant-table-row').count()).toBe(1);
    await page.getByRole('button', { name: '重置密码' }).click();
    await page.getByRole('dialog').getByLabel('新密码', { exact: true }).fill('Third-pass-3');
    await page.getByRole('dialog').getByLabel('确认新密码').fill('Third-pass-3');
    await page.getByRole('dialog').getByRole('button', { name: ok }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('密码已重置');
    await expect(api(server.url, 'li@example.com', 'Third-pass-3')).resolves.toBeTruthy();
    await page.getByRole('button', { name: '停用' }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await expect.poll(() => page.locator('.ant-table-tbody').innerText()).toContain('已停用');
    await page.locator('.ant-modal-confirm').waitFor({ state: 'hidden' });
    await shot(page, J, '14-deactivated');
    await member.reload();
    await member.waitForURL(/\/login/);
    await context.close();
  });
});
