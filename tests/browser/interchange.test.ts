// Interchange as a person uses it, in Chromium: the work page's export form downloads a DOCX and a
// zip of plain texts; that zip, uploaded on the library's form with the language left empty, becomes
// a work whose page shows the three columns; a TMX uploaded with a language is refused, saying how.
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { unzipSync } from 'fflate';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, openBrowserPage } from './browser-session.ts';
import { projectRoot } from '../../server/config.ts';
import { createTestApp, makeTempDir, type TestApp } from '../http/helpers.ts';

const artifacts = path.join(projectRoot, 'test-artifacts');
const slug = 'declaration-2005';

describe('export and import in Chromium', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    dir = makeTempDir('triptych-downloads-');
    ({ server, base, browser, page } = await openBrowserPage(t.app, { acceptDownloads: true }));
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function exportAs(format: string): Promise<{ name: string; bytes: Buffer }> {
    await page.goto(`${base}/works/${slug}`);
    await page.locator('details.export summary').click();
    await page.locator('details.export select[name="format"]').selectOption(format);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('details.export button[type="submit"]').click()]);
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
  }

  it('downloads a DOCX and a zip of SLUG.LANG.txt from the work page', async () => {
    const docx = await exportAs('docx');
    expect(docx.name).toBe(`${slug}.en-ru-zh.docx`);
    expect(Object.keys(unzipSync(docx.bytes))).toContain('word/document.xml');
    const plain = await exportAs('plain');
    expect(plain.name).toBe(`${slug}.en-ru-zh.txt.zip`);
    expect(Object.keys(unzipSync(plain.bytes)).sort()).toEqual(['en', 'ru', 'zh'].map((l) => `${slug}.${l}.txt`));
  });

  it('imports that zip on the library form as a new work with three columns', async () => {
    const zip = path.join(dir, `${slug}.en-ru-zh.txt.zip`);
    await page.goto(`${base}/`);
    await page.locator('input[name="work"]').fill('declaration-copy');
    await page.locator('input[name="title"]').fill('The declaration, line-aligned');
    await page.locator('input[type="file"][name="file"]').setInputFiles(zip);
    await page.locator('section.import button[type="submit"]').click();
    const message = page.locator('#import-result .message');
    await message.waitFor();
    expect(await message.innerText()).toMatch(/^Imported the line-aligned text file into declaration-copy: en \(\d+ sentences\), ru \(\d+ sentences\), zh \(\d+ sentences\); 72 units, and the alignment of en\|ru, en\|zh, ru\|zh taken from them\./);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'import-aligned.png'), fullPage: false });
    await message.getByRole('link').click();
    await page.waitForURL(`${base}/works/declaration-copy`);
    const headers = page.locator('table.grid thead th[scope="col"][lang]');
    expect(await headers.evaluateAll((ths) => ths.map((th) => th.getAttribute('lang')))).toEqual(['en', 'ru', 'zh']);
    expect(await page.locator('table.grid tbody tr.grid-row').first().innerText()).toMatch(/DECLARATION/i);
  });

  it('refuses a TMX uploaded with a language, saying to leave it empty', async () => {
    const tmx = path.join(dir, 'memory.tmx');
    fs.writeFileSync(tmx, '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="ru"><seg>б</seg></tuv></tu></body></tmx>');
    await page.goto(`${base}/`);
    await page.locator('input[name="work"]').fill('memory');
    await page.locator('input[name="title"]').fill('Memory');
    await page.locator('select[name="lang"]').selectOption('en');
    await page.locator('select[name="status"]').selectOption('working');
    await page.locator('input[type="file"][name="file"]').setInputFiles(tmx);
    await page.locator('section.import button[type="submit"]').click();
    const error = page.locator('#import-result [role="alert"]');
    await error.waitFor();
    expect(await error.innerText()).toBe('memory.tmx is a TMX file with en, ru: it names its own languages. Leave the language and version name empty, and it becomes a work with those versions and their alignment.');
  });
});
