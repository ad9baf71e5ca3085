// The editor answers where the user is acting, in Chromium at 1440×900 on the declaration, in both
// views: the split and sentence forms open right under their row, in the window and focused, on row 5
// as on row 40; messages (done, refused, asked) show next to the row or form, inside the window however
// far the page is scrolled, in a live region; an edit that would unconfirm rows asks first, names them,
// and is made only on "Edit anyway". Saves screenshots to test-artifacts/ (or TRIPTYCH_SHOTS_DIR).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, openBrowserPage } from './browser-session.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig, projectRoot } from '../../server/config.ts';
import { openWorkspace, type Workspace } from '../../server/services/workspace.ts';

interface PageElement {
  textContent: string | null;
  classList: { contains(name: string): boolean };
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  closest(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
}
declare const document: {
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  activeElement: PageElement | null;
};
declare const window: { scrollY: number };

const slug = 'declaration-2005';
const viewport = { width: 1440, height: 900 };
const shots = process.env.TRIPTYCH_SHOTS_DIR || path.join(projectRoot, 'test-artifacts');

describe('the editor answers where the user is (Chromium, 1440×900)', () => {
  let dir: string;
  let workspace: Workspace;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-editor-where-'));
    workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'db.sqlite'), TRIPTYCH_SEED: '1' }), 'test');
    ({ server, base, browser, page } = await openBrowserPage(await createApp(workspace), { viewport }));
    page.on('pageerror', (error) => {
      throw error;
    });
    fs.mkdirSync(shots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    workspace?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(url: string): Promise<void> {
    await page.goto(`${base}${url}`);
    await page.waitForSelector('#editor-toolbar');
  }
  const cell = (row: number, column: string) => page.locator(`#row-${row} td.cell[data-column="${column}"]`);
  const rowTexts = (n: number) =>
    page.evaluate((n) => {
      const row = document.getElementById(`row-${n}`);
      return row ? Array.from(row.querySelectorAll('td.cell')).map((td) => Array.from(td.querySelectorAll('.sentence')).map((s) => s.textContent!.trim()).join('|')) : null;
    }, n);
  /** Where a box is in the window, and whether all of it is inside the window and below the sticky toolbar. */
  async function inView(selector: string) {
    const box = await page.locator(selector).first().boundingBox();
    const toolbar = await page.locator('#editor-toolbar').boundingBox();
    expect(box, `${selector} has a box`).not.toBeNull();
    const visible = box!.y >= Math.max(0, toolbar!.y + toolbar!.height) - 1 && box!.y + box!.height <= viewport.height + 1 && box!.x >= 0 && box!.x + box!.width <= viewport.width + 1;
    return { box: box!, visible };
  }
  const focusInside = (selector: string) => page.evaluate((selector) => !!document.activeElement?.closest(selector), selector);
  /** Waits for the message of the next answer; returns its text. */
  async function answer(action: () => Promise<unknown>): Promise<string> {
    await page.evaluate(() => (document.getElementById('editor-status') as unknown as { replaceChildren(): void }).replaceChildren());
    await action();
    const message = page.locator('#editor-status .message');
    await message.first().waitFor();
    return message.first().innerText();
  }
  /** The message is in the window, near row n (its top within a row's height or two of the row). */
  async function messageNear(n: number) {
    const message = await inView('#editor-status .message');
    const row = await page.locator(`#row-${n}`).boundingBox();
    expect(message.visible).toBe(true);
    expect(Math.min(Math.abs(message.box.y - (row!.y + row!.height)), Math.abs(message.box.y + message.box.height - row!.y))).toBeLessThan(220);
  }

  for (const view of [
    { name: 'three-column view', url: `/works/${slug}`, column: 'ru' },
    { name: 'pair view en|ru', url: `/works/${slug}/pairs/en/ru`, column: 'ru' },
  ]) {
    it(`opens the split form under its row, in the window and focused, on row 5 and on row 40 (${view.name})`, async () => {
      await open(view.url);
      for (const n of [5, 40]) {
        await cell(n, view.column).click();
        await page.keyboard.press('s');
        await page.locator('#editor-panel form.editor-split').waitFor();
        const form = await inView('#editor-panel form.editor-split');
        expect(form.visible, `split form of row ${n} at y=${form.box.y}`).toBe(true);
        expect(await focusInside('#editor-panel form.editor-split')).toBe(true);
        // right under its row
        const row = await page.locator(`#row-${n}`).boundingBox();
        expect(form.box.y - (row!.y + row!.height)).toBeGreaterThanOrEqual(-1);
        expect(form.box.y - (row!.y + row!.height)).toBeLessThan(40);
        if (n === 40) await page.screenshot({ path: path.join(shots, `split-form-row-40-${view.url.includes('pairs') ? 'pair' : 'grid'}.png`) });
        await page.keyboard.press('Escape');
        expect(await page.locator('#editor-panel form').count()).toBe(0);
        expect(await focusInside(`#row-${n}`)).toBe(true);
      }
      // the sentence form too (E)
      await cell(40, view.column).click();
      await page.keyboard.press('e');
      await page.locator('#editor-panel form.editor-sentence').waitFor();
      expect((await inView('#editor-panel form.editor-sentence')).visible).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('text');
      await page.keyboard.press('Escape');
    });

    it(`shows refusals and done messages next to the row, inside the window, in a live region (${view.name})`, async () => {
      await open(view.url);
      expect(await page.locator('#editor-status').getAttribute('aria-live')).toBe('polite');
      const last = await page.evaluate(() => {
        const rows = document.querySelectorAll('tr.grid-row');
        return Number(rows[rows.length - 1].getAttribute('data-row'));
      });
      // D on the last row: refused, said beside it, far down the page
      await cell(last, view.column).click();
      const refused = await answer(() => page.keyboard.press('d'));
      expect(refused).toContain('The last row has no row below it.');
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(2000);
      expect(await page.locator('#editor-status [role=alert]').count()).toBe(1);
      await messageNear(last);
      if (!view.url.includes('pairs')) await page.screenshot({ path: path.join(shots, 'refusal-last-row-grid.png') });
      // X on a row with sentences
      await cell(30, view.column).click();
      const deleted = await answer(() => page.keyboard.press('x'));
      expect(deleted).toMatch(view.url.includes('pairs') ? /still holds sentences/ : /An empty row belongs to one pair/);
      await messageNear(30);
      // a move that is made says so beside the row, then the message goes by itself
      await cell(30, view.column).click();
      const done = await answer(() => page.keyboard.press('d'));
      expect(done).toContain('Moved the last sentence of row 30');
      expect(await page.locator('#editor-status .message.success').count()).toBe(1);
      await messageNear(30);
      if (view.url.includes('pairs')) await page.screenshot({ path: path.join(shots, 'done-row-30-pair.png') });
      await answer(() => page.keyboard.press('z'));
      await page.keyboard.press('Escape');
      expect(await page.locator('#editor-status .message').count()).toBe(0);
    });

    it(`asks before an edit unconfirms rows, says which, and makes it only when told (${view.name})`, async () => {
      await open(view.url);
      const n = view.url.includes('pairs') ? 22 : 12;
      await cell(n, view.column).click();
      expect(await answer(() => page.keyboard.press('c'))).toContain(`Confirmed row ${n}`);
      expect(await page.locator(`#row-${n}.confirmed`).count()).toBe(1);
      const before = [await rowTexts(n), await rowTexts(n + 1)];
      // D on the confirmed row: a question beside it, its first button focused; nothing changed.
      // When the button takes the focus its form is already bound to htmx (it would otherwise be
      // submitted natively, leaving the page, by an Enter pressed before htmx settles the swap).
      await page.evaluate(() => {
        const w = window as unknown as { boundAtFocus?: boolean[] };
        w.boundAtFocus = [];
        (document as unknown as { addEventListener(type: string, f: (e: { target: PageElement }) => void): void }).addEventListener('focusin', (e) => {
          if (!e.target.classList.contains('editor-force-go')) return;
          const form = e.target.closest('form') as unknown as Record<string, { initHash?: unknown } | undefined>;
          w.boundAtFocus!.push(Boolean(form['htmx-internal-data']?.initHash));
        });
      });
      const asked = await answer(() => page.keyboard.press('d'));
      expect(asked).toContain(`This edit would remove the confirmation of row ${n} (`);
      await messageNear(n);
      await page.waitForFunction(() => !!document.activeElement?.classList.contains('editor-force-go'), undefined, { timeout: 5000 });
      expect([await rowTexts(n), await rowTexts(n + 1)]).toEqual(before);
      expect(await page.evaluate(() => (window as unknown as { boundAtFocus: boolean[] }).boundAtFocus)).toEqual([true]);
      if (!view.url.includes('pairs')) await page.screenshot({ path: path.join(shots, 'confirmed-row-question-grid.png') });
      // Escape: no edit, back in the cell
      await page.keyboard.press('Escape');
      expect(await page.locator('#editor-status .message').count()).toBe(0);
      expect(await focusInside(`#row-${n}`)).toBe(true);
      expect(await page.locator(`#row-${n}.confirmed`).count()).toBe(1);
      // asked again, and told to go on
      await answer(() => page.keyboard.press('d'));
      // by mouse in one view, by keyboard (Enter on the focused button) in the other
      await page.waitForFunction(() => !!document.activeElement?.classList.contains('editor-force-go'), undefined, { timeout: 5000 });
      if (view.url.includes('pairs')) await page.keyboard.press('Enter');
      else await page.locator('#editor-status .editor-force-go').click();
      await page.locator('#editor-status .message.success').waitFor();
      const made = await page.locator('#editor-status .message').innerText();
      expect(made).toContain(`Moved the last sentence of row ${n}`);
      expect(made).toContain(`Row ${n} is no longer confirmed.`);
      expect([await rowTexts(n), await rowTexts(n + 1)]).not.toEqual(before);
      expect(await page.locator(`#row-${n}.confirmed`).count()).toBe(0);
      await messageNear(n);
      await cell(n, view.column).click();
      await answer(() => page.keyboard.press('z'));
      expect([await rowTexts(n), await rowTexts(n + 1)]).toEqual(before);
    });
  }
});
