// The work page in a real browser: the real app listening on 127.0.0.1 (ephemeral port) over a
// seeded temp database, driven by the system Chromium through playwright-core. Opens the library,
// follows the declaration, reads the grid, loads every row, switches the interface to Russian.
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, openBrowserPage } from './browser-session.ts';
import { projectRoot } from '../../server/config.ts';
import { alignmentState } from '../../server/services/alignment-state.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { createTestApp, type TestApp } from '../http/helpers.ts';

const artifacts = path.join(projectRoot, 'test-artifacts');
const slug = 'declaration-2005';

describe('the work page in Chromium', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  let rowCount: number;

  beforeAll(async () => {
    t = await createTestApp();
    rowCount = alignmentState(t.workspace.db, findWorkBySlug(t.workspace.db, slug)!).rows().length;
    ({ server, base, browser, page } = await openBrowserPage(t.app));
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    t?.close();
  });

  it('opens the library and follows the declaration to its grid', async () => {
    await page.goto(`${base}/`);
    expect(await page.locator('h1').innerText()).toBe('Library');
    await page.getByRole('link', { name: /Declaration of Heads of Member States of the Shanghai Cooperation Organisation/ }).click();
    await page.waitForURL(`${base}/works/${slug}`);
    expect(await page.locator('table.grid').count()).toBe(1);
  });

  it('shows English | Russian | Chinese columns, with Cyrillic and Chinese text in their cells', async () => {
    const headers = page.locator('table.grid thead th[scope="col"][lang]');
    expect(await headers.evaluateAll((ths) => ths.map((th) => th.getAttribute('lang')))).toEqual(['en', 'ru', 'zh']);
    const headerTexts = await headers.allInnerTexts();
    expect(headerTexts[0]).toMatch(/^English/);
    expect(headerTexts[1]).toMatch(/^Russian/);
    expect(headerTexts[2]).toMatch(/^Chinese/);

    // Each cell sits under the header of its language: same column index, same lang attribute.
    const columnLangs = await page.locator('table.grid tbody tr.grid-row').first().evaluate((tr) =>
      [...tr.children].map((cell) => cell.getAttribute('lang')),
    );
    expect(columnLangs).toEqual([null, 'en', 'ru', 'zh', null]);

    const ruCell = page.locator('table.grid td[lang="ru"]', { hasText: 'Шанхайской организации сотрудничества' }).first();
    const zhCell = page.locator('table.grid td[lang="zh"]', { hasText: '上海合作组织' }).first();
    await ruCell.waitFor({ state: 'visible' });
    await zhCell.waitFor({ state: 'visible' });
    expect(await ruCell.innerText()).toMatch(/\p{Script=Cyrillic}/u);
    expect(await zhCell.innerText()).toMatch(/\p{Script=Han}/u);
    // The Russian cell is in the third column of its row, the Chinese one in the fourth.
    expect(await ruCell.evaluate((td) => [...td.parentElement!.children].indexOf(td))).toBe(2);
    expect(await zhCell.evaluate((td) => [...td.parentElement!.children].indexOf(td))).toBe(3);
    // Chinese glyphs are really drawn (a CJK font is installed): the cell has width and height.
    const box = await zhCell.boundingBox();
    expect(box && box.width > 20 && box.height > 10).toBe(true);
  });

  it('loads every row of the grid when scrolled to the bottom', async () => {
    const rows = page.locator('table.grid tbody tr.grid-row');
    for (let guard = 0; guard < 200; guard++) {
      const more = page.locator('tr.load-more');
      if ((await more.count()) === 0) break;
      const before = await rows.count();
      await more.first().scrollIntoViewIfNeeded();
      await page.waitForFunction(`document.querySelectorAll('table.grid tbody tr.grid-row').length > ${before}`);
    }
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    expect(await rows.count()).toBe(rowCount);
    const numbers = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row'))));
    expect(numbers).toEqual(Array.from({ length: rowCount }, (_, i) => i + 1));
    expect(await rows.last().isVisible()).toBe(true);
    expect(await page.locator('tr.part-boundary').allInnerTexts()).toEqual(['Part 1', 'Part 2', 'Part 3']);
    const grid = await page.locator('table.grid tbody').innerText();
    expect(grid).not.toContain('Updated: 2006-06-12');
    expect(grid).not.toContain('Top China News');
  });

  it('switches the interface to Russian with the "Русский" button, and stays Russian on reload', async () => {
    await page.goto(`${base}/works/${slug}`);
    await page.getByRole('button', { name: 'Русский' }).click();
    // The form posts, the server sets the cookie and redirects back to this page, now in Russian.
    await page.waitForSelector('html[lang="ru"]');
    expect(page.url()).toBe(`${base}/works/${slug}`);
    expect(await page.locator('nav.site-nav a').allInnerTexts()).toEqual(['Библиотека', 'Терминологическая база', 'Поиск', 'Статистика']);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.locator('table.grid thead th.confidence').innerText()).toBe('Уверенность');
    expect((await page.context().cookies()).find((c) => c.name === 'lang')?.value).toBe('ru');

    await page.reload();
    expect(await page.locator('nav.site-nav a').allInnerTexts()).toEqual(['Библиотека', 'Терминологическая база', 'Поиск', 'Статистика']);
    expect(await page.getByRole('button', { name: 'Русский' }).getAttribute('aria-current')).toBe('true');
    // The content languages do not change with the interface.
    expect(await page.locator('table.grid thead th[scope="col"][lang]').evaluateAll((ths) => ths.map((th) => th.getAttribute('lang')))).toEqual(['en', 'ru', 'zh']);

    fs.mkdirSync(artifacts, { recursive: true });
    const file = path.join(artifacts, 'work-page.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  });
});
