// The parallel concordance in a real browser (system Chromium through playwright-core): reached from
// the site's navigation, a Russian word in another form and a Chinese substring found, each hit shown
// as its row with the three languages side by side and the words found marked; the next page comes
// in place (htmx) and the address follows the search; a hit's link opens its row of the work.
import type { Server } from 'node:http';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, openBrowserPage } from './browser-session.ts';
import { createTestApp, type TestApp } from '../http/helpers.ts';

describe('the concordance page in Chromium', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp();
    ({ server, base, browser, page } = await openBrowserPage(t.app));
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    t?.close();
  });

  it('finds a Russian word in another form and shows each hit with its aligned row', async () => {
    await page.goto(`${base}/`);
    await page.locator('nav.site-nav').getByRole('link', { name: 'Search' }).click();
    await page.waitForURL(`${base}/search`);
    await page.getByLabel('Word or phrase').fill('структура');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForSelector('.search-hit');
    // htmx swapped the results in and put the search in the address
    expect(new URL(page.url()).searchParams.get('q')).toBe('структура');
    const hit = page.locator('.search-hit').first();
    expect(await hit.locator('.hit-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('lang')))).toEqual(['en', 'ru', 'zh']);
    const marked = await page.locator('.hit-cell[lang="ru"] mark').allInnerTexts();
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((m) => /^структур/i.test(m))).toBe(true);
    expect(marked.some((m) => m.toLowerCase() !== 'структура')).toBe(true);
    // the three cells stand side by side
    const boxes = await hit.locator('.hit-cell').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().left));
    expect(boxes[0]).toBeLessThan(boxes[1]);
    expect(boxes[1]).toBeLessThan(boxes[2]);
    expect(await hit.locator('.hit-cell[lang="zh"]').innerText()).toMatch(/[\u4e00-\u9fff]/);
  });

  it('finds a Chinese substring inside a longer word, pages in place, and opens a hit\'s row', async () => {
    await page.goto(`${base}/search?q=${encodeURIComponent('恐怖')}&limit=3`);
    expect(await page.locator('.search-hit').count()).toBe(3);
    const marks = await page.locator('.hit-cell[lang="zh"] mark').allInnerTexts();
    expect(new Set(marks)).toEqual(new Set(['恐怖']));
    const zhText = await page.locator('.hit-cell[lang="zh"]').allInnerTexts();
    expect(zhText.some((text) => text.includes('反恐怖机构'))).toBe(true);
    await page.getByRole('link', { name: 'Next page' }).click();
    await expect.poll(() => page.locator('.search-hit').count()).toBe(6);
    const first = page.locator('.search-hit').nth(3);
    const ordinal = await first.getAttribute('data-ordinal');
    const version = await first.getAttribute('data-version');
    await first.locator('a.hit-row-link').click();
    await page.waitForURL(/\/works\/declaration-2005\?offset=\d+#row-\d+$/);
    const row = new URL(page.url()).hash.slice(1);
    const cell = page.locator(`tr#${row} td[data-column="${version}"] .sentence[data-ordinal="${ordinal}"]`);
    expect(await cell.count()).toBe(1);
    expect(await cell.innerText()).toContain('恐怖');
  });

  it('says what is wrong with a query in the page', async () => {
    await page.goto(`${base}/search?q=${encodeURIComponent('«—»')}`);
    expect(await page.getByRole('alert').innerText()).toMatch(/holds no word to look for/);
  });
});
