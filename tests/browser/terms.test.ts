// Terminology in a real browser: the app on 127.0.0.1 over a seeded temp database, driven by the
// system Chromium. Selects words in a Chinese cell of the grid and flags them as a new term; hides
// and shows the term highlights.
import type { Server } from 'node:http';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, openBrowserPage } from './browser-session.ts';
import { createTestApp, type TestApp } from '../http/helpers.ts';


describe('terminology on the work page in Chromium', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    ({ server, base, browser, page } = await openBrowserPage(t.app));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    t?.close();
  });

  it('highlights terms and hides the highlights on request', async () => {
    await page.goto(`${base}/works/declaration-2005`);
    const mark = page.locator('td[lang="zh"] mark.term[data-concept="secretary-general"]').first();
    expect(await mark.innerText()).toBe('秘书长');
    // The Russian equivalent right in 2005 first, then the title that replaced it, with their dates.
    expect(await mark.getAttribute('title')).toContain('ru: Исполнительный секретарь (replaced from 2006) · Генеральный секретарь (from 2006)');
    const toggle = page.locator('#toggle-terms');
    await toggle.click();
    expect(await page.locator('table#grid.hide-terms').count()).toBe(1);
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    expect(await page.locator('table#grid.hide-terms').count()).toBe(0);
  });

  it('selects words in a Chinese cell and flags them as a new term', async () => {
    const words = '俄文名称';
    const sentence = page.locator('td[lang="zh"] .sentence', { hasText: words }).first();
    await sentence.scrollIntoViewIfNeeded();
    // Select the words inside the sentence (it may hold <mark> elements), as a mouse drag would.
    await sentence.evaluate((span, wanted) => {
      const walker = span.ownerDocument.createTreeWalker(span, 4);
      let offset = 0;
      const at = (span.textContent ?? '').indexOf(wanted);
      const range = span.ownerDocument.createRange();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = (node.textContent ?? '').length;
        if (offset <= at && at < offset + length) range.setStart(node, at - offset);
        if (offset < at + wanted.length && at + wanted.length <= offset + length) range.setEnd(node, at + wanted.length - offset);
        offset += length;
      }
      const selection = span.ownerDocument.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      const view = span.ownerDocument.defaultView as unknown as { MouseEvent: new (type: string, init: { bubbles: boolean }) => Event };
      span.dispatchEvent(new view.MouseEvent('mouseup', { bubbles: true }));
    }, words);
    const form = page.locator('#annotation-form');
    await form.waitFor({ state: 'visible' });
    expect(await form.locator('.annotation-quote').innerText()).toBe(words);
    expect(await form.locator('input[name="version"]').inputValue()).toBe('zh');
    expect(await form.locator('select[name="concept"]').inputValue()).toBe('new');
    await form.locator('input[name="author"]').fill('李');
    await form.getByRole('button', { name: 'Flag' }).click();
    await page.locator('#annotation-message .message.success').waitFor();
    expect(await page.locator('#annotation-message').innerText()).toContain(`Flagged “${words}” as an occurrence of ewen-mingcheng.`);
    await form.waitFor({ state: 'hidden' });

    const stored = t.workspace.db
      .prepare(`SELECT a.quote, a.start, a.end, a.sentence_text AS text, a.author, c.key, e.text AS term, e.lang
                FROM annotations a JOIN term_concepts c ON c.id = a.concept_id JOIN term_entries e ON e.concept_id = c.id`)
      .get() as { quote: string; start: number; end: number; text: string; author: string; key: string; term: string; lang: string };
    expect(stored).toMatchObject({ quote: words, author: '李', key: 'ewen-mingcheng', term: words, lang: 'zh' });
    expect(stored.text.slice(stored.start, stored.end)).toBe(words);
    await page.reload();
    const flagged = page.locator('td[lang="zh"] mark.annotation.annotation-term').first();
    expect(await flagged.innerText()).toBe(words);
    expect(await flagged.getAttribute('title')).toContain('Flagged as ewen-mingcheng');
    expect(problems).toEqual([]);
  });
});
