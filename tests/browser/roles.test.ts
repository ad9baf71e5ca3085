// Accounts and jobs in Chromium: a reader signs in through the form and finds no edit controls (and
// the editor's keys change nothing); an editor signs in and edits, the event recording their name; an
// editor's upload runs as a job whose progress bar the page follows to the imported version; and an
// upload the job refuses shows why, with the database as it was.
import type { Server } from 'node:http';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, launchChromium, listenOnLoopback } from './browser-session.ts';
import { dumpDatabase, type TestApp } from '../http/helpers.ts';
import { createTeamApp, password } from '../http/accounts-helpers.ts';

const slug = 'declaration-2005';

describe('roles and jobs in Chromium', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await createTeamApp(
      [
        { name: 'ada', role: 'administrator' },
        { name: 'eve', role: 'editor' },
        { name: 'rita', role: 'reader' },
      ],
      { TRIPTYCH_JOB_WORKERS: '1', TRIPTYCH_JOB_WAIT_MS: '0', TRIPTYCH_MAX_SENTENCES: '1000' },
    );
    ({ server, base } = await listenOnLoopback(t.app));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    t?.close();
  });

  /** A fresh browser signed in through the sign-in form. */
  async function signedIn(name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
    contexts.push(context);
    await context.route(/.*/, (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
    const page = await context.newPage();
    await page.goto(`${base}/works/${slug}`);
    await page.waitForURL(/\/login\?return=/);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/works/${slug}`);
    return page;
  }

  it('shows a reader no edit controls, and the editor keys change nothing', async () => {
    const page = await signedIn('rita');
    expect(await page.locator('.user-menu').innerText()).toContain('rita (reader)');
    expect(await page.locator('table.grid tbody tr.grid-row').count()).toBeGreaterThan(10);
    expect(await page.locator('#editor-toolbar').count()).toBe(0);
    expect(await page.getByRole('button', { name: '↑ First sentence up' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Undo', exact: true }).count()).toBe(0);
    expect(await page.locator('#annotation-form').count()).toBe(0);
    // navigation is still there
    expect(await page.locator('nav.editor-nav').count()).toBe(1);
    const before = dumpDatabase(t.workspace.db);
    await page.locator('table.grid tbody tr.grid-row td.cell').nth(4).click();
    for (const key of ['u', 'd', 'm', 'c', 'z']) await page.keyboard.press(key);
    await page.waitForTimeout(300);
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
    await page.goto(`${base}/`);
    expect(await page.locator('form[action="/import"]').count()).toBe(0);
    await page.goto(`${base}/works/${slug}/checks`);
    expect(await page.locator('form.dismiss-form').count()).toBe(0);
  });

  it('lets an editor edit, and records the editor as its author', async () => {
    const page = await signedIn('eve');
    expect(await page.locator('.user-menu').innerText()).toContain('eve (editor)');
    const cell = page.locator('tr#row-6 td.cell[data-column="ru"]');
    await cell.click();
    const answered = page.waitForResponse((r) => r.url().endsWith(`/works/${slug}/edit`) && r.request().method() === 'POST');
    await page.getByRole('button', { name: '↑ First sentence up' }).click();
    expect((await answered).status()).toBe(200);
    await page.locator('#editor-status .message.success').waitFor();
    const last = t.workspace.db.prepare('SELECT kind, actor FROM events ORDER BY id DESC LIMIT 1').get();
    expect(last).toEqual({ kind: 'move-up', actor: 'eve' });
  });

  it("follows an editor's upload, run as a job in a worker, to the imported version", async () => {
    const page = await signedIn('eve');
    await page.goto(`${base}/`);
    const text = Array.from({ length: 400 }, (_, i) => `Пункт ${i + 1}. Государства-члены продолжат сотрудничество в ${2000 + (i % 20)} году.`).join('\n') + '\n';
    await page.locator('input[name="work"]').fill(slug);
    await page.locator('select[name="lang"]').selectOption('ru');
    await page.locator('select[name="status"]').selectOption('working');
    await page.locator('input[name="name"]').fill('ru-draft');
    await page.locator('input[name="segmentation"][value="lines"]').check();
    await page.locator('input[name="file"]').setInputFiles({ name: 'draft.ru.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    // the progress bar, updated by polling, then the result in its place
    await page.locator('#import-result .job-progress progress').waitFor({ timeout: 30_000 });
    await page.locator('#import-result .message.success').waitFor({ timeout: 120_000 });
    expect(await page.locator('#import-result').innerText()).toContain(`Imported ${slug}/ru-draft, decoded as utf-8:`);
    expect(await page.locator('#import-result .job-progress').count()).toBe(0);
    const stored = t.workspace.db.prepare("SELECT COUNT(*) FROM versions WHERE name = 'ru-draft'").pluck().get();
    expect(stored).toBe(1);
    expect(t.workspace.db.prepare("SELECT actor FROM events WHERE kind = 'import-version' ORDER BY id DESC LIMIT 1").pluck().get()).toBe('eve');
  });

  it('shows why a job refused an upload, and the database is as it was', async () => {
    const page = await signedIn('eve');
    await page.goto(`${base}/`);
    const before = dumpDatabase(t.workspace.db);
    const text = Array.from({ length: 1200 }, (_, i) => `Line ${i + 1}.`).join('\n') + '\n';
    await page.locator('input[name="work"]').fill(slug);
    await page.locator('select[name="lang"]').selectOption('en');
    await page.locator('select[name="status"]').selectOption('working');
    await page.locator('input[name="name"]').fill('en-too-long');
    await page.locator('input[name="segmentation"][value="lines"]').check();
    await page.locator('input[name="file"]').setInputFiles({ name: 'long.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.locator('#import-result .message.error').waitFor({ timeout: 120_000 });
    expect(await page.locator('#import-result .message.error').innerText()).toBe('The file has 1200 sentences, more than the limit of 1000 per version.');
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
  });
});
