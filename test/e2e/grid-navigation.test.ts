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

const J = 'grid-navigation';
const N = 5000;

/** The 序号 of every record row drawn now, top to bottom. */
async function seqsShown(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const scroller = document.querySelector('.grid-scroll')!;
    const box = scroller.getBoundingClientRect();
    const header = scroller.querySelector('.grid-header')!.getBoundingClientRect();
    const col = [...scroller.querySelectorAll('.grid-header [role=columnheader]')].findIndex(
      (h) => h.textContent === '序号',
    );
    return [...scroller.querySelectorAll('.grid-row[data-record]')]
      .filter((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= header.bottom - 1 && b.bottom <= box.bottom + 1;
      })
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map((r) => Number(r.querySelectorAll('[role=gridcell]')[col]?.textContent?.replace(/,/g, '')));
  });
}

/** The header labels in order. */
const headers = (page: Page) => page.locator('.grid-header [role=columnheader]').allInnerTexts();

/**
 * Moves the scroll box to a fraction of its range in `steps` moves 20 ms apart, as dragging the
 * scrollbar does; answers how many times the drag rested (a starved machine may take far longer
 * than 20 ms between moves, and the grid rightly fetches where it rests).
 */
async function dragScrollbar(page: Page, to: number, steps = 1): Promise<number> {
  return page.evaluate(
    async ({ to, steps }) => {
      const el = document.querySelector('.grid-scroll')!;
      const from = el.scrollTop / Math.max(1, el.scrollHeight - el.clientHeight);
      let rests = 0;
      let last = performance.now();
      for (let i = 1; i <= steps; i++) {
        el.scrollTop = (from + ((to - from) * i) / steps) * (el.scrollHeight - el.clientHeight);
        await new Promise((r) => setTimeout(r, 20));
        const now = performance.now();
        if (now - last > 100) rests++;
        last = now;
      }
      return rests;
    },
    { to, steps },
  );
}

/** Waits until the rows in view are loaded (no placeholders) and answers their 序号. */
async function settledSeqs(page: Page): Promise<number[]> {
  await expect.poll(async () => (await seqsShown(page)).length, { timeout: 15_000 }).toBeGreaterThan(5);
  await expect.poll(() => page.locator('.grid-row.placeholder').count(), { timeout: 15_000 }).toBe(0);
  return seqsShown(page);
}

/** Drags with small pointer steps, as a person does (dnd-kit starts a drag after a few pixels). */
async function dragHeader(page: Page, from: string, to: string) {
  const a = (await page
    .locator('.grid-header [role=columnheader]')
    .filter({ hasText: new RegExp(`^${from}$`) })
    .boundingBox())!;
  const b = (await page
    .locator('.grid-header [role=columnheader]')
    .filter({ hasText: new RegExp(`^${to}$`) })
    .boundingBox())!;
  await page.mouse.move(a.x + 30, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + 42, a.y + a.height / 2, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 16 });
  await page.waitForTimeout(200);
  await page.mouse.up();
}

describe.skipIf(!hasBrowser)(
  'finding the way through thousands of records in the grid, in a real browser',
  () => {
    let server: RunningServer;
    let browser: Browser;
    let formId: string;

    beforeAll(async () => {
      server = await startServerProcess();
      browser = await launchBrowser();
      const admin = await api(server.url);
      const app = await admin.post('/api/apps', { name: '客户管理' });
      const form = await admin.post(`/api/apps/${app.id}/forms`, {
        key: 'customers',
        name: '客户',
        fields: [
          { key: 'serialNo', type: 'number', label: '序号' },
          { key: 'name', type: 'text', label: '客户名称' },
          {
            key: 'tier',
            type: 'select',
            label: '客户分层',
            options: [
              { value: 'high', label: '高价值' },
              { value: 'normal', label: '普通' },
            ],
          },
          { key: 'amount', type: 'currency', label: '累计合作金额' },
        ],
      });
      formId = form.id;
      for (let b = 0; b < N / 1000; b++)
        await admin.post(`/api/forms/${formId}/records/batch`, {
          records: Array.from({ length: 1000 }, (_, i) => {
            const seq = b * 1000 + i + 1;
            return {
              fields: {
                serialNo: seq,
                name: `客户${String(seq).padStart(4, '0')}`,
                tier: seq % 3 ? 'normal' : 'high',
                amount: seq * 10,
              },
            };
          }),
        });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    /** Opens the grid sorted by 序号 (click its header), answering the page and the list requests it makes. */
    async function openSorted(scaledTo?: number) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const lists: URL[] = [];
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname === `/api/forms/${formId}/records`) lists.push(u);
      });
      if (scaledTo)
        await page.addInitScript((h) => localStorage.setItem('tessera.gridMaxHeight', String(h)), scaledTo);
      await login(page, server.url);
      await page.goto(`${server.url}/forms/${formId}`);
      await expect.poll(() => page.locator('.record-total').innerText()).toMatch(/5,?000/);
      await page
        .locator('.grid-header [role=columnheader]')
        .filter({ hasText: /^序号$/ })
        .click();
      await expect.poll(async () => (await seqsShown(page))[0]).toBe(1);
      return { page, errors, lists };
    }

    for (const [how, scaledTo] of [
      ['as tall as its rows', undefined],
      ['scaled, as a million rows would be', 60_000],
    ] as const)
      it(`jumps to the middle and to the end, with the scroll box ${how}`, async () => {
        const { page, errors, lists } = await openSorted(scaledTo);
        const tall = await page.evaluate(() => document.querySelector('.grid-rows')!.clientHeight);
        expect(tall).toBe(scaledTo ?? N * 40);
        const tag = scaledTo ? 'scaled-' : '';
        await shot(page, J, `${tag}01-top`);

        // Dragging the scrollbar to the middle passes thousands of rows: only where it rests is fetched.
        lists.length = 0;
        const rests = await dragScrollbar(page, 0.5, 30);
        const middle = await settledSeqs(page);
        expect(middle[0]).toBeGreaterThan(N / 2 - 40);
        expect(middle[0]).toBeLessThan(N / 2 + 20);
        // In order, one after the other: no gaps, nothing twice.
        expect(middle).toEqual(middle.map((_, i) => middle[0] + i));
        // The pages where it rested (and one each side), not the 25 pages it passed.
        expect(lists.length, `${rests} rests: ${lists.map((u) => u.search).join(' ')}`).toBeLessThanOrEqual(
          4 * (rests + 1),
        );
        expect(lists.some((u) => Number(u.searchParams.get('offset')) > 2000)).toBe(true);
        await shot(page, J, `${tag}02-middle`);

        // Ctrl+End: the last record, at the bottom, with its cell ready for the keyboard.
        // A click on a row in full view (one half hidden would be scrolled into view first).
        await page
          .locator(`.grid-row[data-row="${middle[2] - 1}"] [role=gridcell]`)
          .first()
          .click();
        lists.length = 0;
        await page.keyboard.press('Control+End');
        const end = await settledSeqs(page);
        expect(end.at(-1)).toBe(N);
        // The last page is read from the end, sort reversed: the server skips nothing.
        expect(
          lists.some(
            (u) => u.searchParams.get('sort') === '-serialNo' && u.searchParams.get('offset') === '0',
          ),
          lists.map((u) => u.search).join(' '),
        ).toBe(true);
        await expect
          .poll(() =>
            page.evaluate(() => document.activeElement?.closest('.grid-row')?.getAttribute('data-row')),
          )
          .toBe(String(N - 1));
        await page.keyboard.press('ArrowUp');
        await expect
          .poll(() =>
            page.evaluate(() => document.activeElement?.closest('.grid-row')?.getAttribute('data-row')),
          )
          .toBe(String(N - 2));
        await shot(page, J, `${tag}03-end`);

        // A jump far away shows numbered rows at once, filled as their page arrives.
        await dragScrollbar(page, 0.25);
        await shot(page, J, `${tag}04-rows-on-their-way`);
        expect((await settledSeqs(page))[0]).toBeGreaterThan(N / 4 - 40);

        // Ctrl+Home: back to the first.
        await page.keyboard.press('Control+Home');
        expect((await settledSeqs(page))[0]).toBe(1);
        expect(errors).toEqual([]);
        await page.close();
      });

    it('edits a cell, selects rows and groups in the middle of the list', async () => {
      const { page, errors } = await openSorted(60_000);
      await dragScrollbar(page, 0.5);
      const middle = await settledSeqs(page);
      const seq = middle[3];
      const row = page.locator(`.grid-row[data-row="${seq - 1}"]`);
      await row.locator('[role=gridcell]').filter({ hasText: /^客户/ }).dblclick();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('改名客户');
      await page.keyboard.press('Enter');
      await expect.poll(() => row.innerText()).toContain('改名客户');
      const saved = await (
        await api(server.url)
      ).get(
        `/api/forms/${formId}/records?filter=${encodeURIComponent(JSON.stringify({ field: 'serialNo', op: 'eq', value: seq }))}`,
      );
      expect(saved.items[0].fields.name).toBe('改名客户');

      await row.locator('.grid-check').check();
      await page.locator(`.grid-row[data-row="${middle[6] - 1}"] .grid-check`).check();
      await expect.poll(() => page.locator('.bulk-bar').innerText()).toContain('已选 2 条');
      await shot(page, J, '05-edited-and-selected');
      // Far away and back: the selection stays.
      await page.keyboard.press('Control+End');
      await settledSeqs(page);
      await dragScrollbar(page, 0.5);
      await settledSeqs(page);
      await expect.poll(() => page.locator('.grid-row.selected').count()).toBe(2);

      // Grouped by 客户分层, records come page after page under their group's header with its count.
      await page.getByRole('button', { name: /分组/ }).click();
      await page.locator('.ant-dropdown-menu-item').filter({ hasText: '客户分层' }).click();
      await expect
        .poll(() => page.locator('.grid-group-row').first().innerText())
        .toMatch(/高价值\s*1,?666|普通\s*3,?334/);
      await shot(page, J, '06-grouped');
      expect(errors).toEqual([]);
      await page.close();
    });

    it('moves columns by dragging their headers (and by keyboard), keeps resizing, and the saved view remembers the order', async () => {
      const { page, errors } = await openSorted();
      expect(await headers(page)).toEqual(['序号', '客户名称', '客户分层', '累计合作金额']);

      await dragHeader(page, '累计合作金额', '客户名称');
      await expect.poll(() => headers(page)).toEqual(['序号', '累计合作金额', '客户名称', '客户分层']);
      // The drop did not sort by the column.
      expect(await page.locator('.grid-header [role=columnheader][aria-sort=ascending]').innerText()).toBe(
        '序号',
      );
      // The cells follow their header.
      const cells = await page.locator('.grid-row[data-row="0"] [role=gridcell]').allInnerTexts();
      expect(cells[0]).toBe('1');
      expect(cells[1]).toMatch(/10/);
      expect(cells[2]).toBe('客户0001');
      await shot(page, J, '07-column-dragged');

      // Keyboard: Space picks the header up, → moves it one place, Space drops it.
      await page
        .locator('.grid-header [role=columnheader]')
        .filter({ hasText: /^序号$/ })
        .focus();
      for (const key of ['Space', 'ArrowRight', 'Space']) {
        await page.keyboard.press(key);
        await page.waitForTimeout(250);
      }
      await expect.poll(() => headers(page)).toEqual(['累计合作金额', '序号', '客户名称', '客户分层']);
      // Enter on a header sorts by it, as a click does.
      await page
        .locator('.grid-header [role=columnheader]')
        .filter({ hasText: /^客户名称$/ })
        .press('Enter');
      await expect
        .poll(() => page.locator('.grid-header [role=columnheader][aria-sort=ascending]').innerText())
        .toBe('客户名称');

      // The resize handle on a header's edge resizes; it does not move the column.
      const name = page.locator('.grid-header [role=columnheader]').filter({ hasText: /^客户名称$/ });
      const before = (await name.boundingBox())!;
      const handle = (await name.locator('.grid-resize').boundingBox())!;
      await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
      await page.mouse.down();
      await page.mouse.move(handle.x + 60, handle.y + handle.height / 2, { steps: 8 });
      await page.mouse.up();
      await expect.poll(async () => (await name.boundingBox())!.width).toBeGreaterThan(before.width + 40);
      expect(await headers(page)).toEqual(['累计合作金额', '序号', '客户名称', '客户分层']);

      // Saved as a view, the order is there after a reload.
      await page.getByRole('button', { name: /另存为/ }).click();
      await page.locator('.ant-modal').getByPlaceholder('例如：高价值客户').fill('按金额看');
      await page
        .locator('.ant-modal')
        .getByRole('button', { name: /保\s*存/ })
        .click();
      await page.waitForURL(/view=/);
      await page.reload();
      await expect.poll(() => headers(page)).toEqual(['累计合作金额', '序号', '客户名称', '客户分层']);
      await shot(page, J, '08-order-after-reload');
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);
