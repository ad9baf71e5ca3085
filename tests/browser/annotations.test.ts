// The annotation popover in Chromium at 1440×900, as a translator uses it: each flag starts from a
// fresh form (the settings of the last flag do not carry over), a concept made of the selected
// words gets a readable key, the popover is a compact column next to the words, and words hidden
// under the sticky toolbar can be reached by dragging.
import type { Server } from 'node:http';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, openBrowserPage } from './browser-session.ts';
import { createTestApp, type TestApp } from '../http/helpers.ts';

/** Selects `wanted` inside a sentence as a mouse drag would leave it, and ends it with a mouseup. */
async function selectWords(sentence: Locator, wanted: string): Promise<void> {
  await sentence.scrollIntoViewIfNeeded();
  await sentence.evaluate((span, words) => {
    const doc = span.ownerDocument;
    const walker = doc.createTreeWalker(span, 4);
    const at = (span.textContent ?? '').indexOf(words);
    if (at < 0) throw new Error(`'${words}' is not in the sentence`);
    const range = doc.createRange();
    let offset = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = (node.textContent ?? '').length;
      if (offset <= at && at < offset + length) range.setStart(node, at - offset);
      if (offset < at + words.length && at + words.length <= offset + length) range.setEnd(node, at + words.length - offset);
      offset += length;
    }
    const selection = doc.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    const view = doc.defaultView as unknown as { MouseEvent: new (type: string, init: { bubbles: boolean }) => Event };
    span.dispatchEvent(new view.MouseEvent('mouseup', { bubbles: true }));
  }, wanted);
}

describe('annotations in Chromium', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    ({ server, base, browser, page } = await openBrowserPage(t.app, { viewport: { width: 1440, height: 900 } }));
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${base}/works/declaration-2005`);
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    t?.close();
  });

  const form = () => page.locator('#annotation-form');
  const stored = () =>
    t.workspace.db
      .prepare('SELECT a.quote, a.kind, a.category, a.comment, a.author, c.key FROM annotations a LEFT JOIN term_concepts c ON c.id = a.concept_id ORDER BY a.id')
      .all() as Array<{ quote: string; kind: string; category: string | null; comment: string; author: string; key: string | null }>;

  it('starts every flag afresh: a term after an issue is saved as a term, without the old comment', async () => {
    await selectWords(page.locator('td[lang="ru"] .sentence', { hasText: 'Исполнительного секретаря' }).first(), 'Исполнительного секретаря');
    await form().waitFor({ state: 'visible' });
    await form().locator('input[name="kind"][value="issue"]').check();
    await form().locator('select[name="category"]').selectOption('terminology');
    await form().locator('textarea[name="comment"]').fill('The old title; the declaration asks to rename it.');
    await form().locator('input[name="author"]').fill('Анна');
    await form().getByRole('button', { name: 'Flag' }).click();
    await page.locator('#annotation-message .message.success').waitFor();
    await form().waitFor({ state: 'hidden' });

    await selectWords(page.locator('td[lang="zh"] .sentence', { hasText: '紧急情况处置' }).first(), '紧急情况处置');
    await form().waitFor({ state: 'visible' });
    // The form is the default one again: a term of a new concept, no comment, the issue fields away.
    expect(await form().locator('input[name="kind"][value="term"]').isChecked()).toBe(true);
    expect(await form().locator('textarea[name="comment"]').inputValue()).toBe('');
    expect(await form().locator('select[name="concept"]').inputValue()).toBe('new');
    expect(await form().locator('select[name="category"]').isVisible()).toBe(false);
    // Who is flagging is remembered.
    expect(await form().locator('input[name="author"]').inputValue()).toBe('Анна');
    await form().getByRole('button', { name: 'Flag' }).click();
    await page.locator('#annotation-message .message.success').waitFor();

    const [issue, term] = stored();
    expect(issue).toMatchObject({ quote: 'Исполнительного секретаря', kind: 'issue', category: 'terminology', author: 'Анна' });
    // A readable key from the pinyin of the words, not 'c1'.
    expect(term).toMatchObject({ quote: '紧急情况处置', kind: 'term', category: null, comment: '', key: 'jinjiqingkuang-chuzhi' });
    expect(await page.locator('#annotation-message').innerText()).toContain('as an occurrence of jinjiqingkuang-chuzhi');
  });

  it('opens as a compact column next to the words, labels on one line, in English and in Russian', async () => {
    for (const [lang, width] of [['en', 1440], ['ru', 1024]] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.context().addCookies([{ name: 'lang', value: lang, url: base }]);
      await page.goto(`${base}/works/declaration-2005`);
      await selectWords(page.locator('td[lang="en"] .sentence', { hasText: 'underscored the importance' }).first(), 'importance of taking');
      await form().waitFor({ state: 'visible' });
      const box = (await form().boundingBox())!;
      expect(box.width).toBeLessThanOrEqual(420);
      expect(box.height).toBeLessThan(340);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      // No label or legend broken into a column of words: each is at most two lines high.
      const tall = await form().locator('label, legend').evaluateAll((els) =>
        els
          .filter((el) => (el as unknown as { offsetParent: unknown }).offsetParent !== null)
          .filter((el) => {
            // The label's own words (not its field): the height of their first text node.
            const words = [...el.childNodes].find((n) => n.nodeType === 3 && (n.textContent ?? '').trim());
            if (!words) return false;
            const style = el.ownerDocument.defaultView!.getComputedStyle(el);
            const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.3;
            const range = el.ownerDocument.createRange();
            range.selectNodeContents(words);
            return range.getBoundingClientRect().height > 2.2 * line;
          })
          .map((el) => el.textContent?.trim()),
      );
      expect(tall).toEqual([]);
      // It does not hide the words it is about.
      const words = (await page.evaluate('(() => { const r = getSelection().getRangeAt(0).getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; })()')) as { top: number; bottom: number; left: number; right: number };
      const overlaps = box.y < words.bottom && words.top < box.y + box.height && box.x < words.right && words.left < box.x + box.width;
      expect(overlaps).toBe(false);
      await page.screenshot({ path: `${t.dir}/popover-${lang}.png` });
      await form().getByRole('button', { name: lang === 'en' ? 'Cancel' : 'Отмена' }).click();
      await form().waitFor({ state: 'hidden' });
    }
    await page.context().clearCookies();
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('selects words hidden under the sticky toolbar by dragging towards it', async () => {
    await page.goto(`${base}/works/declaration-2005`);
    // Row 10's first sentence starts just above the bottom of the sticky toolbar and headers.
    const band = (await page.evaluate(
      '(() => { const r = document.getElementById("row-10"); window.scrollTo(0, r.getBoundingClientRect().top + window.scrollY - 120); return document.querySelector("table.grid thead th").getBoundingClientRect().bottom; })()',
    )) as number;
    const sentence = page.locator('#row-10 td[lang="en"] .sentence').first();
    const box = (await sentence.boundingBox())!;
    expect(box.y).toBeLessThan(band); // its first line is under the band
    const startY = await page.evaluate('window.scrollY');
    // Press in the visible part, drag up into the band (over the column header), let go there.
    await page.mouse.move(box.x + 200, box.y + box.height - 6);
    await page.mouse.down();
    await page.mouse.move(box.x + 40, band - 20, { steps: 8 });
    await page.mouse.up();
    const selection = (await page.evaluate(
      '(() => { const s = getSelection(); const inGrid = (n) => !!(n && (n.nodeType === 1 ? n : n.parentElement).closest("#grid tbody")); return { text: String(s), anchor: inGrid(s.anchorNode), focus: inGrid(s.focusNode) }; })()',
    )) as { text: string; anchor: boolean; focus: boolean };
    // The selection is text of the grid, not of the headers it was dragged over.
    expect(selection.anchor && selection.focus).toBe(true);
    expect(selection.text).not.toMatch(/English|working translation|unofficial/);
    expect(selection.text.length).toBeGreaterThan(40);

    // Holding the pointer in the band scrolls the hidden rows into view.
    // (Pressing inside a selection would drag the selected text: start from no selection.)
    await page.keyboard.press('Escape');
    await page.evaluate('getSelection().removeAllRanges(); window.scrollTo(0, ' + startY + ')');
    await page.mouse.move(box.x + 200, box.y + box.height - 6);
    await page.mouse.down();
    await page.mouse.move(box.x + 40, band - 10, { steps: 8 });
    for (let i = 0; i < 6; i++) {
      await page.mouse.move(box.x + 40 + (i % 2), band - 10);
      await page.waitForTimeout(80);
    }
    await page.mouse.up();
    expect((await page.evaluate('window.scrollY')) as number).toBeLessThan(startY as number);
    expect(await page.evaluate('document.documentElement.classList.contains("selecting-text")')).toBe(false);
    expect(problems).toEqual([]);
  });
});
