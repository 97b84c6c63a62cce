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

const J = 'workflow-kanban';
const MEMBER = { email: 'lihua@example.com', password: 'Lihua-pass-1', name: '李华' };

type Api = Awaited<ReturnType<typeof api>>;
interface HistoryEntry {
  action: string;
  userId: string | null;
  comment: string | null;
  changes: Array<{ key: string; before: unknown; after: unknown }>;
}

/**
 * Drags a card onto a column the way a person does: press, move past @dnd-kit's 6 px activation
 * distance, glide over the target column in small steps, release.
 */
async function dragCard(page: Page, card: Locator, column: Locator) {
  const from = (await card.boundingBox())!;
  const to = (await column.locator('.kanban-column-body').boundingBox())!;
  const [x0, y0] = [from.x + from.width / 2, from.y + 20];
  const [x1, y1] = [to.x + to.width / 2, to.y + 60];
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x0 + 10, y0 + 10, { steps: 2 });
  for (let i = 1; i <= 12; i++) await page.mouse.move(x0 + ((x1 - x0) * i) / 12, y0 + ((y1 - y0) * i) / 12);
  await page.mouse.up();
}

/** Waits until a toast has finished sliding in, so the screenshot shows it. */
async function shown(toast: Locator) {
  await expect.poll(() => toast.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
}

describe.skipIf(!hasBrowser)('moving tasks on the 跨部门协作任务 kanban, in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Api;
  let formId: string;
  let memberId: string;
  const task: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchBrowser();
    admin = await api(server.url);

    // The admin installs 跨部门协作任务 (no sample data: the journey seeds its own tasks).
    await admin.post('/api/templates/task-board/install', { sampleData: false });
    const app = (await admin.get('/api/apps')).items.find(
      (a: { templateId: string }) => a.templateId === 'task-board',
    );
    formId = (await admin.get(`/api/apps/${app.id}/forms`)).items.find(
      (f: { key: string }) => f.key === 'tasks',
    ).id;

    // 技术部 and 管理层; 技术部 works by its own variant: it finishes a task only with 完成标准,
    // and only 管理层 may mark its tasks 延期.
    const tech = (await admin.post('/api/departments', { name: '技术部' })).id;
    const mgmt = (await admin.post('/api/departments', { name: '管理层' })).id;
    const wf = await admin.get(`/api/forms/${formId}/workflow`);
    const transitions = wf.transitions.map((t: { key: string }) =>
      t.key === 'delay' ? { ...t, allow: { departments: [mgmt] } } : t,
    );
    expect(transitions.find((t: { key: string }) => t.key === 'finish').requiredFields).toEqual(['criteria']);
    await admin.put(`/api/forms/${formId}/workflow`, {
      ...wf,
      variants: [{ departmentId: tech, name: '技术部', transitions }],
    });

    // A 技术部 member with a role that reads and updates the department's tasks.
    const role = await admin.post('/api/roles', {
      name: '技术部成员',
      description: '处理本部门的协作任务',
      grants: [{ formId, actions: ['read', 'create', 'update'], scope: 'department' }],
    });
    memberId = (
      await admin.post('/api/users', {
        ...MEMBER,
        mainDepartmentId: tech,
        departmentIds: [tech],
        roleIds: [role.id],
      })
    ).id;

    // The department's tasks: two in progress, one not started, one finished.
    const seed = async (
      key: string,
      description: string,
      dueDate: string,
      to: string[],
      criteria?: string,
    ) => {
      const r = await admin.post(`/api/forms/${formId}/records`, {
        fields: { description, owner: memberId, dueDate, ...(criteria ? { criteria } : {}) },
        departmentId: tech,
      });
      for (const state of to)
        await admin.post(`/api/forms/${formId}/records/${r.id}/transition`, { to: state });
      task[key] = r.id;
    };
    await seed('perf', '订单查询接口性能优化', '2026-12-18', ['doing']);
    await seed('ci', '升级 CI 构建镜像到 Node 24', '2026-12-11', ['doing']);
    await seed('export', '修复客户导出 Excel 乱码', '2026-12-25', []);
    await seed(
      'sso',
      '接入企业微信单点登录',
      '2026-11-30',
      ['doing', 'done'],
      '企业微信扫码可登录，旧账号自动关联',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a 技术部 member drags a task to 已完成, is asked for 完成标准, fills it and the card moves; a move only 管理层 may make snaps back with the reason', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, server.url, MEMBER.email, MEMBER.password);
    await page.goto(`${server.url}/forms/${formId}?type=kanban`);
    const column = (label: string) => page.locator(`section.kanban-column[aria-label="${label}"]`);
    const card = (id: string) => page.locator(`.kanban-card[data-record="${id}"]`);
    await expect.poll(() => column('进行中').locator('.kanban-card').count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => column('已完成').innerText()).toContain('接入企业微信单点登录');
    await shot(page, J, '01-board');

    // 进行中 → 已完成 without 完成标准: a small form asks for just that field.
    await dragCard(page, card(task.perf), column('已完成'));
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.innerText()).toContain('完成标准');
    expect(await dialog.innerText()).toContain('已完成');
    await shot(page, J, '02-asked-for-criteria');
    await dialog.getByLabel('完成标准').fill('订单查询 P95 ≤ 200 ms，压测报告已归档');
    await dialog.getByLabel(/备注/).fill('压测通过，已上线');
    await shot(page, J, '03-criteria-filled');
    await dialog.getByRole('button', { name: /确认移动/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect
      .poll(() => column('已完成').locator(`.kanban-card[data-record="${task.perf}"]`).count())
      .toBe(1);
    expect(await column('进行中').locator(`.kanban-card[data-record="${task.perf}"]`).count()).toBe(0);
    const success = page.locator('.ant-message-notice').filter({ hasText: '状态已变更为“已完成”' });
    await shown(success);
    await shot(page, J, '04-moved');

    // The server agrees: the state, the field, and the history saying who, why and what.
    const rec = await admin.get(`/api/forms/${formId}/records/${task.perf}`);
    expect(rec.state).toBe('done');
    expect(rec.fields.criteria).toBe('订单查询 P95 ≤ 200 ms，压测报告已归档');
    const history: HistoryEntry[] =
      (await admin.get(`/api/forms/${formId}/records/${task.perf}/history`)).items ?? [];
    const move = history.find((h) => h.action === 'transition' && h.changes.some((c) => c.after === 'done'));
    expect(move).toMatchObject({ userId: memberId, comment: '压测通过，已上线' });
    expect(move!.changes).toContainEqual(expect.objectContaining({ before: 'doing', after: 'done' }));
    const filled = history.find((h) => h.changes.some((c) => c.key === 'criteria'));
    expect(filled).toMatchObject({ userId: memberId });
    expect(filled!.changes.find((c) => c.key === 'criteria')).toMatchObject({
      before: null,
      after: '订单查询 P95 ≤ 200 ms，压测报告已归档',
    });

    // One message at a time on the screenshots that follow.
    await success.waitFor({ state: 'detached' });

    // 进行中 → 延期 is for 管理层 only in 技术部's variant: refused, the card snaps back, the reason is shown.
    await dragCard(page, card(task.ci), column('延期'));
    const notice = page.locator('.ant-message-notice').filter({ hasText: '无法移动' });
    await expect
      .poll(() => notice.innerText())
      .toBe('无法移动：只有「管理层」部门的成员可以把记录改为「延期」');
    await expect
      .poll(() => column('进行中').locator(`.kanban-card[data-record="${task.ci}"]`).count())
      .toBe(1);
    expect(await column('延期').locator('.kanban-card').count()).toBe(0);
    await shown(notice);
    await shot(page, J, '05-refused');
    expect((await admin.get(`/api/forms/${formId}/records/${task.ci}`)).state).toBe('doing');

    await notice.waitFor({ state: 'detached' });
    // 待开始 → 已完成 is no transition at all: refused with the reason too.
    await dragCard(page, card(task.export), column('已完成'));
    const noMove = page.locator('.ant-message-notice').filter({ hasText: '待开始' });
    await expect.poll(() => noMove.innerText()).toBe('无法移动：不能从「待开始」直接改为「已完成」');
    await expect
      .poll(() => column('待开始').locator(`.kanban-card[data-record="${task.export}"]`).count())
      .toBe(1);
    await shown(noMove);
    await shot(page, J, '06-no-such-move');
    expect((await admin.get(`/api/forms/${formId}/records/${task.export}`)).state).toBe('todo');
  });
});
