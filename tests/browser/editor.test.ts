// The alignment editor in Chromium (playwright-core, /usr/bin/chromium) on the declaration: shift a
// sentence by click and by keyboard, merge and split rows, edit a sentence, undo, confirm, re-align
// after the last confirmed row, a stale second tab; the visible grid is read back after each step.
// Saves a screenshot to test-artifacts/editor.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, openBrowserPage } from './browser-session.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig, projectRoot } from '../../server/config.ts';
import { openWorkspace, type Workspace } from '../../server/services/workspace.ts';

// What the page functions below use of the DOM (the project compiles without the DOM library).
interface PageElement {
  textContent: string | null;
  classList: { contains(name: string): boolean };
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  replaceChildren(): void;
}
declare const document: {
  getElementById(id: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  activeElement: PageElement | null;
};

const slug = 'declaration-2005';

describe('the alignment editor in Chromium', () => {
  let dir: string;
  let workspace: Workspace;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-editor-browser-'));
    workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'db.sqlite'), TRIPTYCH_SEED: '1' }), 'test');
    const app = await createApp(workspace);
    ({ server, base, browser, context, page } = await openBrowserPage(app, { viewport: { width: 1400, height: 1000 } }));
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${base}/works/${slug}`);
    await page.waitForSelector('#editor-toolbar');
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    workspace?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The visible text of every cell of row N (sentences joined by '|'), or null when there is no row N. */
  const rowTexts = (n: number) =>
    page.evaluate((n) => {
      const row = document.getElementById(`row-${n}`);
      if (!row) return null;
      return Array.from(row.querySelectorAll('td.cell')).map((td) => Array.from(td.querySelectorAll('.sentence')).map((s) => s.textContent!.trim()).join('|'));
    }, n);
  const rowCount = () => page.locator('tbody#grid-rows tr.grid-row').count();

  /** Runs an action and waits for the editor's answer in the status line. */
  async function act(action: () => Promise<unknown>): Promise<string> {
    await page.evaluate(() => document.getElementById('editor-status')!.replaceChildren());
    await action();
    const message = page.locator('#editor-status .message, #editor-status [role=alert]');
    await message.first().waitFor();
    return message.first().innerText();
  }

  const cell = (row: number, column: string) => page.locator(`#row-${row} td.cell[data-column="${column}"]`);

  /** A row from 2 on whose Russian cell holds a sentence and whose upper neighbour holds one too. */
  async function rowWithRussian(): Promise<number> {
    for (let n = 3; n < 40; n++) {
      const here = await rowTexts(n);
      const above = await rowTexts(n - 1);
      if (here && above && here[1] && above[1] && here[0] && here[2]) return n;
    }
    throw new Error('no row with sentences in every column');
  }

  it('shifts a sentence up by click, then undoes it by keyboard', async () => {
    const n = await rowWithRussian();
    const [above, here] = [await rowTexts(n - 1), await rowTexts(n)];
    const first = here![1].split('|')[0];
    await cell(n, 'ru').click();
    const message = await act(() => page.getByRole('button', { name: '↑ First sentence up' }).click());
    expect(message).toContain(`row ${n}`);
    const [aboveAfter, hereAfter] = [await rowTexts(n - 1), await rowTexts(n)];
    expect(aboveAfter![1]).toBe(`${above![1]}|${first}`);
    expect(aboveAfter![0]).toBe(above![0]);
    if (hereAfter) expect(hereAfter[1].split('|')[0]).not.toBe(first);
    // Focus stays in the grid, so the keyboard goes on working.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('cell'))).toBe(true);
    await act(() => page.keyboard.press('z'));
    expect(await rowTexts(n - 1)).toEqual(above);
    expect(await rowTexts(n)).toEqual(here);
  });

  it('shifts a sentence up by keyboard and undoes it with the button', async () => {
    const n = await rowWithRussian();
    const [above, here] = [await rowTexts(n - 1), await rowTexts(n)];
    await cell(n, 'zh').click();
    await act(() => page.keyboard.press('u'));
    expect((await rowTexts(n - 1))![2]).toBe(`${above![2]}|${here![2].split('|')[0]}`);
    await act(() => page.getByRole('button', { name: 'Undo', exact: true }).click());
    expect(await rowTexts(n - 1)).toEqual(above);
    expect(await rowTexts(n)).toEqual(here);
  });

  it('merges a row with the next and splits it again', async () => {
    const n = await rowWithRussian();
    const [upper, lower, after] = [await rowTexts(n), await rowTexts(n + 1), await rowTexts(n + 2)];
    const count = await rowCount();
    const marks = (await page.locator(`#row-${n} mark.term`).count()) + (await page.locator(`#row-${n + 1} mark.term`).count());
    await cell(n, 'en').click();
    await act(() => page.keyboard.press('m'));
    expect(await rowCount()).toBe(count - 1);
    expect(await rowTexts(n)).toEqual(upper!.map((text, k) => [text, lower![k]].filter(Boolean).join('|')));
    // The redrawn row keeps the terminology highlights of the rest of the grid.
    expect(await page.locator(`#row-${n} mark.term`).count()).toBe(marks);
    expect(await rowTexts(n + 1)).toEqual(after);
    // Split it back where it was joined: per column, the number of sentences the upper row had.
    await page.keyboard.press('s');
    await page.locator('.editor-split').waitFor();
    for (let k = 0; k < 3; k++) {
      const keep = upper![k] ? upper![k].split('|').length : 0;
      await page.locator(`.editor-split input[name="at_${k}"][value="${keep}"]`).check();
    }
    await act(() => page.getByRole('button', { name: 'Split the row' }).click());
    expect(await rowCount()).toBe(count);
    expect(await rowTexts(n)).toEqual(upper);
    expect(await rowTexts(n + 1)).toEqual(lower);
    expect(await page.locator('.editor-split').count()).toBe(0);
  });

  it('edits a sentence in place and undoes the edit', async () => {
    const original = (await rowTexts(2))![0].split('|')[0];
    await cell(2, 'en').locator('.sentence').first().click();
    await page.getByRole('button', { name: 'Edit sentence…' }).click();
    const area = page.locator('.editor-sentence textarea');
    await area.waitFor();
    expect(await area.inputValue()).toBe(original);
    await area.fill('An edited English sentence.');
    await act(() => page.getByRole('button', { name: 'Save the wording' }).click());
    expect((await rowTexts(2))![0].split('|')[0]).toBe('An edited English sentence.');
    await cell(2, 'en').click();
    await act(() => page.keyboard.press('z'));
    expect((await rowTexts(2))![0].split('|')[0]).toBe(original);
  });

  it('splits a sentence at the cursor, renumbering the sentences shown below, and undoes it', async () => {
    const n = await rowWithRussian();
    const ordinals = () => page.evaluate(() => Array.from(document.querySelectorAll('td.cell[data-column="ru"] .sentence')).map((s) => (s as unknown as { getAttribute(n: string): string }).getAttribute('data-ordinal')));
    const before = await ordinals();
    const first = (await rowTexts(n))![1].split('|')[0];
    const cut = first.indexOf(' ', Math.floor(first.length / 2));
    await cell(n, 'ru').locator('.sentence').first().click();
    await page.keyboard.press('e');
    const area = page.locator('.editor-sentence textarea');
    await area.waitFor();
    await area.evaluate((el, at) => (el as unknown as { setSelectionRange(a: number, b: number): void }).setSelectionRange(at, at), cut);
    await act(() => page.getByRole('button', { name: 'Split at the cursor' }).click());
    expect((await rowTexts(n))![1].split('|').slice(0, 2)).toEqual([first.slice(0, cut).trim(), first.slice(cut).trim()]);
    const shown = await ordinals();
    expect(shown).toEqual(before.map((_, i) => String(i)).concat(String(before.length)));
    await cell(n, 'ru').click();
    await act(() => page.keyboard.press('z'));
    expect(await ordinals()).toEqual(before);
    expect((await rowTexts(n))![1].split('|')[0]).toBe(first);
  });

  it('confirms rows by keyboard and re-aligns after the last confirmed one', async () => {
    await cell(2, 'en').click();
    await act(() => page.keyboard.press('c'));
    expect(await page.locator('#row-2').getAttribute('class')).toContain('confirmed');
    await cell(4, 'en').click();
    await act(() => page.keyboard.press('Shift+C'));
    const confirmed = await page.evaluate(() =>
      Array.from(document.querySelectorAll('tr.grid-row')).slice(0, 5).map((tr) => tr.classList.contains('confirmed')),
    );
    expect(confirmed).toEqual([true, true, true, true, false]);
    const kept = await Promise.all([1, 2, 3, 4].map(rowTexts));
    const message = await act(() => page.getByRole('button', { name: 'Re-align after the last confirmed row' }).click());
    expect(message).toContain('Re-aligned from row 5');
    expect(await Promise.all([1, 2, 3, 4].map(rowTexts))).toEqual(kept);
    expect(await rowCount()).toBeGreaterThan(10);
    expect(await page.locator('#row-5').getAttribute('class')).not.toContain('confirmed');
  });

  it('moves between rows and columns with the arrows, opens a sentence with E and jumps to a suspect row with N', async () => {
    await cell(5, 'en').click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as unknown as { getAttribute(name: string): string | null; parentElement: { getAttribute(name: string): string | null } } | null;
        return el ? `${el.parentElement.getAttribute('data-row')}:${el.getAttribute('data-column')}` : null;
      });
    expect(await focused()).toBe('6:ru');
    expect(await page.locator('#editor-toolbar [name=row]').inputValue()).toBe('6');
    expect(await page.locator('#editor-toolbar [name=column]').inputValue()).toBe('ru');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('5:en');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('e');
    const area = page.locator('.editor-sentence textarea');
    await area.waitFor();
    expect(await area.inputValue()).toBe((await rowTexts(5))![1].split('|')[0]);
    await area.press('Escape');
    expect(await page.locator('.editor-sentence').count()).toBe(0);
    expect(await focused()).toBe('5:ru');
    await page.keyboard.press('n');
    await page.waitForURL(/#row-\d+$/);
    const target = Number(/#row-(\d+)$/.exec(page.url())![1]);
    expect(target).toBeGreaterThan(5);
    expect(await page.locator(`#row-${target}`).getAttribute('class')).toContain('cursor');
    await page.goto(`${base}/works/${slug}`);
    await page.waitForSelector('#editor-toolbar');
  });

  it('redraws only the loaded rows when an operation reaches above the first row of the page', async () => {
    await page.goto(`${base}/works/${slug}?offset=30`);
    await page.waitForSelector('#editor-toolbar');
    expect(await page.locator('#row-30').count()).toBe(0);
    const before = await rowTexts(31);
    await cell(31, 'en').click();
    await act(() => page.keyboard.press('u'));
    // Row 30 took the sentence; it is not on this page, and row 31 is drawn once, without it.
    expect(await page.locator('#row-30').count()).toBe(0);
    expect(await page.locator('#row-31').count()).toBe(1);
    const after = await rowTexts(31);
    if (after) expect(after[0]).toBe(before![0].split('|').slice(1).join('|'));
    const fresh = await context.newPage();
    await fresh.goto(`${base}/works/${slug}?offset=30`);
    const server = await fresh.evaluate(() => Array.from(document.querySelectorAll('tr.grid-row')).map((tr) => tr.textContent!.replace(/\s+/g, ' ').trim()));
    const shown = await page.evaluate(() => Array.from(document.querySelectorAll('tr.grid-row')).map((tr) => tr.textContent!.replace(/\s+/g, ' ').trim()));
    expect(shown).toEqual(server);
    await fresh.close();
    await act(() => page.keyboard.press('z'));
    await page.goto(`${base}/works/${slug}`);
    await page.waitForSelector('#editor-toolbar');
  });

  it('shows the help overlay and saves a screenshot', async () => {
    await cell(6, 'ru').click();
    await page.keyboard.press('?');
    expect(await page.locator('#editor-help').isVisible()).toBe(true);
    expect(await page.locator('#editor-help').innerText()).toContain('move the first sentence of the cell up');
    await page.keyboard.press('Escape');
    expect(await page.locator('#editor-help').isVisible()).toBe(false);
    fs.mkdirSync(path.join(projectRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(projectRoot, 'test-artifacts', 'editor.png'), fullPage: false });
  });

  it('refuses an edit from a stale tab and redraws its rows', async () => {
    const other = await context.newPage();
    await other.goto(`${base}/works/${slug}`);
    await other.waitForSelector('#editor-toolbar');
    const n = await rowWithRussian();
    // This tab changes row n; the other tab still shows the old row n.
    await cell(n, 'en').click();
    await act(() => page.keyboard.press('m'));
    const merged = await rowTexts(n);
    await other.locator(`#row-${n} td.cell[data-column="en"]`).click();
    await other.evaluate(() => document.getElementById('editor-status')!.replaceChildren());
    await other.keyboard.press('u');
    const alert = other.locator('#editor-status [role=alert]');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('changed in the meantime');
    const redrawn = await other.evaluate((n) => Array.from(document.querySelectorAll(`#row-${n} td.cell`)).map((td) => Array.from(td.querySelectorAll('.sentence')).map((s) => s.textContent!.trim()).join('|')), n);
    expect(redrawn).toEqual(merged);
    await other.close();
  });
});
