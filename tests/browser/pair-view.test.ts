// The view of one pair in Chromium, on the declaration: reached from the work page, two columns, one
// row per bead; a move by mouse and by keyboard, undo, an empty row inserted and deleted, a
// confirmation. And a three-column edit that changes two pairs at once (an English sentence moved up
// is moved in en|ru and in en|zh), seen in both pair views and undone as one step.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, openBrowserPage } from './browser-session.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { openWorkspace, type Workspace } from '../../server/services/workspace.ts';

interface PageElement {
  textContent: string | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  replaceChildren(): void;
}
declare const document: { getElementById(id: string): PageElement | null; querySelectorAll(selector: string): ArrayLike<PageElement> };

const slug = 'declaration-2005';

describe('the pair view in Chromium', () => {
  let dir: string;
  let workspace: Workspace;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-pair-browser-'));
    workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'db.sqlite'), TRIPTYCH_SEED: '1' }), 'test');
    ({ server, base, browser, page } = await openBrowserPage(await createApp(workspace), { viewport: { width: 1400, height: 1000 } }));
    page.on('pageerror', (error) => {
      throw error;
    });
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    workspace?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const rowTexts = (n: number) =>
    page.evaluate((n) => {
      const row = document.getElementById(`row-${n}`);
      if (!row) return null;
      return Array.from(row.querySelectorAll('td.cell')).map((td) => Array.from(td.querySelectorAll('.sentence')).map((s) => s.textContent!.trim()).join('|'));
    }, n);
  const rowCount = () => page.locator('tbody#grid-rows tr.grid-row').count();
  async function act(action: () => Promise<unknown>): Promise<string> {
    await page.evaluate(() => document.getElementById('editor-status')!.replaceChildren());
    await action();
    const message = page.locator('#editor-status .message, #editor-status [role=alert]');
    await message.first().waitFor();
    return message.first().innerText();
  }
  const cell = (row: number, column: string) => page.locator(`#row-${row} td.cell[data-column="${column}"]`);
  /** The first row from 3 on with sentences in both columns, its upper neighbour too. */
  async function fullRow(): Promise<number> {
    for (let n = 3; n < 40; n++) {
      const [here, above] = [await rowTexts(n), await rowTexts(n - 1)];
      if (here && above && here.every(Boolean) && above.every(Boolean)) return n;
    }
    throw new Error('no full row');
  }

  it('is reached from the work page and shows two columns, one row per bead', async () => {
    await page.goto(`${base}/works/${slug}`);
    await page.locator('.view-picker a', { hasText: 'en | ru' }).click();
    await page.waitForURL(`${base}/works/${slug}/pairs/en/ru`);
    await page.waitForSelector('#editor-toolbar');
    expect(await page.locator('thead th[lang]').count()).toBe(2);
    expect(await page.locator('.view-picker a[aria-current="page"]').innerText()).toBe('en | ru');
    expect((await rowTexts(1))!.length).toBe(2);
  });

  it('moves a sentence up by mouse and down by keyboard, and undoes both', async () => {
    const n = await fullRow();
    const [above, here] = [await rowTexts(n - 1), await rowTexts(n)];
    await cell(n, 'ru').click();
    await act(() => page.getByRole('button', { name: '↑ First sentence up' }).click());
    expect((await rowTexts(n - 1))![1]).toBe(`${above![1]}|${here![1].split('|')[0]}`);
    await act(() => page.keyboard.press('z'));
    expect(await rowTexts(n - 1)).toEqual(above);
    await cell(n - 1, 'en').click();
    await act(() => page.keyboard.press('d'));
    expect((await rowTexts(n))![0].split('|')[0]).toBe(above![0].split('|').at(-1));
    await act(() => page.keyboard.press('z'));
    expect(await rowTexts(n - 1)).toEqual(above);
    expect(await rowTexts(n)).toEqual(here);
  });

  it('inserts an empty row by keyboard, deletes it, and confirms a row', async () => {
    const count = await rowCount();
    await cell(2, 'en').click();
    await act(() => page.keyboard.press('i'));
    expect(await rowCount()).toBe(count + 1);
    expect(await rowTexts(3)).toEqual(['', '']);
    await cell(3, 'en').click();
    await act(() => page.keyboard.press('x'));
    expect(await rowCount()).toBe(count);
    await cell(2, 'en').click();
    await act(() => page.keyboard.press('c'));
    expect(await page.locator('#row-2').getAttribute('class')).toContain('confirmed');
  });

  it('moves an English sentence in the three-column view: both English pairs change, and one undo restores both', async () => {
    await page.goto(`${base}/works/${slug}`);
    await page.waitForSelector('#editor-toolbar');
    let n = 3;
    for (; n < 40; n++) {
      const [here, above] = [await rowTexts(n), await rowTexts(n - 1)];
      if (here && above && here.every(Boolean) && above.every(Boolean) && here[0].includes('|') === false) break;
    }
    const moved = (await rowTexts(n))![0];
    const previous = (await rowTexts(n - 1))![0].split('|').at(-1)!;
    await cell(n, 'en').click();
    await act(() => page.keyboard.press('u'));
    expect((await rowTexts(n - 1))![0].split('|').at(-1)).toBe(moved);
    // in each English pair, the moved sentence now shares its bead with the one before it
    for (const pair of ['en/ru', 'en/zh']) {
      await page.goto(`${base}/works/${slug}/pairs/${pair}`);
      const beads = await page.evaluate(() => Array.from(document.querySelectorAll('tr.grid-row td.cell[data-column="en"]')).map((td) => td.textContent!.replace(/\s+/g, ' ').trim()));
      const holder = beads.find((b) => b.includes(moved))!;
      expect(holder, pair).toContain(previous);
    }
    await page.goto(`${base}/works/${slug}`);
    await page.waitForSelector('#editor-toolbar');
    await cell(1, 'en').click();
    await act(() => page.keyboard.press('z'));
    for (const pair of ['en/ru', 'en/zh']) {
      await page.goto(`${base}/works/${slug}/pairs/${pair}`);
      const beads = await page.evaluate(() => Array.from(document.querySelectorAll('tr.grid-row td.cell[data-column="en"]')).map((td) => td.textContent!.replace(/\s+/g, ' ').trim()));
      expect(beads.find((b) => b.includes(moved))!, pair).not.toContain(previous);
    }
  });
});
