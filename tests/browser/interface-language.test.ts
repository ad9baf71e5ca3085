// The Russian and the Chinese interface in Chromium: column headers and language names in the
// interface language, error messages a user can cause said in it too, and one word for a work
// (документ, 文档) where the English says "work".
import type { Server } from 'node:http';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, launchChromium, listenOnLoopback } from './browser-session.ts';
import { createTestApp, type TestApp } from '../http/helpers.ts';

const cases = [
  {
    lang: 'ru',
    headers: ['Английский', 'Русский', 'Китайский'],
    option: 'ru · Русский',
    errors: [
      ['/works/declaration-2005/term-checks?kind=odd', '«odd» — не вид терминологического замечания.'],
      ['/works/declaration-2005/annotations?status=odd', '«odd» — неверный фильтр (status); используйте один из: open, resolved.'],
      ['/works/declaration-2005/versions/ru/sentences/x/history', '«x» — не номер предложения.'],
      ['/works/declaration-2005/compare?a=en&b=ru', '«en» (en) и «ru» (ru) — на разных языках; сравнивайте две версии на одном языке.'],
      ['/works/declaration-2005/checks/export?format=odd', '«odd» — не формат отчёта; используйте: text, csv, json.'],
    ],
    work: /документ/i,
    notWork: /произведени|работ[аыуе]\b/i,
  },
  {
    lang: 'zh',
    headers: ['英语', '俄语', '中文'],
    option: 'ru · 俄语',
    errors: [
      ['/works/declaration-2005/term-checks?kind=odd', '“odd”不是术语检查结果的类型。'],
      ['/works/declaration-2005/annotations?status=odd', '“odd”不是有效的筛选条件（status）；请使用以下之一：open, resolved。'],
      ['/works/declaration-2005/versions/ru/sentences/x/history', '“x”不是句子编号。'],
      ['/works/declaration-2005/compare?a=en&b=ru', '“en”（en）和“ru”（ru）不是同一种语言；请比较同一语言的两个版本。'],
      ['/works/declaration-2005/checks/export?format=odd', '“odd”不是报告格式；请使用：text, csv, json。'],
    ],
    work: /文档/,
    notWork: /作品/,
  },
] as const;

describe('the interface in Russian and Chinese, in Chromium', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    ({ server, base } = await listenOnLoopback(t.app));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    t?.close();
  });

  async function pageIn(lang: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: lang });
    await context.route(/.*/, (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
    await context.addCookies([{ name: 'lang', value: lang, url: base }]);
    return context.newPage();
  }

  for (const c of cases) {
    it(`names the columns and the languages in ${c.lang}`, async () => {
      const page = await pageIn(c.lang);
      await page.goto(`${base}/works/declaration-2005`);
      const names = await page.locator('table.grid thead th[scope="col"][lang] > span[lang]').allInnerTexts();
      expect(names).toEqual(c.headers);
      expect(await page.locator('table.grid thead th[scope="col"][lang] > span[lang]').first().getAttribute('lang')).toBe(c.lang);
      await page.goto(`${base}/`);
      expect(await page.locator('select[name="lang"] option').allInnerTexts()).toContain(c.option);
      await page.goto(`${base}/terms`);
      expect(await page.locator('select[name="lang"] option').allInnerTexts()).toContain(c.option);
      await page.context().close();
    });

    it(`says the errors a user can cause in ${c.lang}`, async () => {
      const page = await pageIn(c.lang);
      for (const [path, message] of c.errors) {
        const response = await page.goto(`${base}${path}`);
        expect(response!.status(), path).toBeGreaterThanOrEqual(400);
        expect(await page.locator('main').innerText(), path).toContain(message);
      }
      await page.context().close();
    });

    it(`calls a work one thing in ${c.lang}`, async () => {
      const page = await pageIn(c.lang);
      const texts: string[] = [];
      for (const path of ['/', '/works/declaration-2005/history', '/works/declaration-2005/checks', '/terms']) {
        await page.goto(`${base}${path}`);
        texts.push(await page.locator('body').innerText());
      }
      const all = texts.join('\n');
      expect(all).toMatch(c.work);
      expect(all).not.toMatch(c.notWork);
      await page.context().close();
    });
  }
});
