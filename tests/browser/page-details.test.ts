// Small things a user meets on every page, in Chromium at 1440×900: the import form's patterns are
// regular expressions the browser accepts (so it checks the fields before sending), every page has
// an icon (no /favicon.ico 404), the concept page fits the window, a term ending in ')' is
// highlighted whole, and the search box says it searches the whole work, not the rows loaded.
import type { Server } from 'node:http';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, openBrowserPage } from './browser-session.ts';
import { createTestApp, type TestApp } from '../http/helpers.ts';

describe('page details in Chromium', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const console: string[] = [];
  const failed: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    ({ server, base, browser, context, page } = await openBrowserPage(t.app, { viewport: { width: 1440, height: 900 } }));
    page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    t?.close();
  });

  it('checks the work slug and the version name in the browser: their patterns compile', async () => {
    await page.goto(`${base}/`);
    const mismatch = (name: string, value: string) =>
      page.locator(`form[action="/import"] [name="${name}"]`).evaluate((element, v) => {
        const input = element as unknown as { value: string; validity: { patternMismatch: boolean } };
        input.value = v;
        return input.validity.patternMismatch;
      }, value);
    expect(await mismatch('work', 'Bad Slug!')).toBe(true);
    expect(await mismatch('work', '-starts-with-a-hyphen')).toBe(true);
    expect(await mismatch('work', 'declaration-2005')).toBe(false);
    expect(await mismatch('name', 'en-revised')).toBe(false);
    expect(await mismatch('name', 'English')).toBe(true);
    expect(console.filter((m) => /pattern/i.test(m))).toEqual([]);
  });

  it('links an SVG icon on every page, and /favicon.ico leads to it', async () => {
    for (const path of ['/', '/works/declaration-2005', '/terms']) {
      await page.goto(`${base}${path}`);
      const href = await page.locator('link[rel="icon"]').getAttribute('href');
      expect(href).toBe('/static/favicon.svg');
    }
    const icon = await page.request.get(`${base}/static/favicon.svg`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    expect(await icon.text()).toMatch(/^<svg[^>]*viewBox="0 0 32 32"/);
    const legacy = await page.request.get(`${base}/favicon.ico`);
    expect(legacy.status()).toBe(200);
    expect(legacy.url()).toBe(`${base}/static/favicon.svg`);
    expect(failed).toEqual([]);
  });

  it('lays the concept page out within a 1440 px window', async () => {
    const id = (t.workspace.db.prepare("SELECT id FROM term_concepts WHERE key = 'sco'").get() as { id: number }).id;
    await page.goto(`${base}/terms/${id}`);
    const widths = (await page.evaluate('({ page: document.documentElement.scrollWidth, window: document.documentElement.clientWidth })')) as { page: number; window: number };
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    // Every field of the terms table is inside the window, and the buttons are on one line.
    const outside = await page.locator('.term-entries input, .term-entries select, .term-entries button').evaluateAll((els) =>
      els.filter((el) => el.getBoundingClientRect().right > el.ownerDocument.documentElement.clientWidth).length,
    );
    expect(outside).toBe(0);
    const save = await page.locator('.term-entries td.actions button').nth(0).boundingBox();
    const remove = await page.locator('.term-entries td.actions button').nth(1).boundingBox();
    expect(Math.abs(save!.y - remove!.y)).toBeLessThan(4);
  });

  it('highlights "Council of heads of government (prime ministers)" up to and with its ")"', async () => {
    await page.goto(`${base}/works/declaration-2005`);
    const mark = page.locator('td[lang="en"] mark.term[data-concept="council-of-heads-of-government"]').first();
    expect(await mark.innerText()).toBe('Council of heads of government (prime ministers)');
    const ru = page.locator('td[lang="ru"] mark.term[data-concept="council-of-heads-of-government"]').first();
    expect(await ru.innerText()).toMatch(/\)$/);
  });

  it('says that the search box searches the whole work', async () => {
    const box = page.getByRole('searchbox', { name: /whole work/ });
    expect(await box.count()).toBe(1);
    expect(await box.getAttribute('placeholder')).toMatch(/any row, loaded or not/);
  });
});
