// The comparison of the two English versions of the declaration in a real browser (system Chromium
// through playwright-core), reached from the work page; then the check report, where a finding is
// dismissed with a reason through htmx and shown again with the toggle.
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, openBrowserPage } from './browser-session.ts';
import { projectRoot } from '../../server/config.ts';
import { openQaTestApp, type QaTestApp } from '../qa/qa-workspace.ts';

const artifacts = path.join(projectRoot, 'test-artifacts');
const slug = 'declaration-2005';

describe('comparing versions and checking a work in Chromium', () => {
  let t: QaTestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await openQaTestApp();
    ({ server, base, browser, page } = await openBrowserPage(t.app));
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    t?.close();
  });

  it('opens the comparison of the English and its working revision from the work page', async () => {
    await page.goto(`${base}/works/${slug}`);
    await page.locator('nav.qa-nav').getByRole('link', { name: 'Compare versions' }).click();
    await page.waitForURL(`${base}/works/${slug}/compare`);
    expect(await page.locator('h1').innerText()).toBe('Compare versions');
    const section = page.locator('#compare-rows');
    expect(await section.getAttribute('data-left')).toBe('en');
    expect(await section.getAttribute('data-right')).toBe('en-revised');
    expect(await page.locator('.compare-summary').innerText()).toMatch(/\d+ aligned rows: \d+ changed, \d+ added, \d+ removed, \d+ unchanged\./);
    // the first row: the revision spells the Organisation out
    const first = page.locator('#compare-1');
    expect(await first.locator('.side.left del').first().innerText()).toBe('SCO');
    expect(await first.locator('.side.right ins').first().innerText()).toBe('the Shanghai Cooperation Organisation');
    // the restored passage of the second paragraph is marked as inserted text
    await expect.poll(() => page.locator('.compare-row ins', { hasText: 'Tashkent on 17 June 2004' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
  });

  it('keeps unchanged rows folded until opened', async () => {
    const folded = page.locator('details.compare-same').first();
    expect(await folded.count()).toBe(1);
    const row = folded.locator('.compare-row').first();
    expect(await row.isVisible()).toBe(false);
    await folded.locator('summary').click();
    expect(await row.isVisible()).toBe(true);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'compare-en-en-revised.png'), fullPage: false });
  });

  it('swaps the two versions through the form without reloading the page', async () => {
    await page.locator('select[name="a"]').selectOption('en-revised');
    await page.locator('select[name="b"]').selectOption('en');
    await page.locator('.compare-form button[type="submit"]').click();
    await expect.poll(() => page.locator('#compare-rows').getAttribute('data-left'), { timeout: 20_000 }).toBe('en-revised');
    expect(page.url()).toContain('a=en-revised');
    expect(await page.locator('#compare-1 .side.left del').first().innerText()).toBe('the Shanghai Cooperation Organisation');
    // a refused choice shows its message in place, and the form still works afterwards
    await page.locator('select[name="b"]').selectOption('en-revised');
    await page.locator('.compare-form button[type="submit"]').click();
    await expect.poll(() => page.locator('#compare-result [role="alert"]').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.locator('#compare-result [role="alert"]').innerText()).toContain('two different versions');
    await page.locator('select[name="b"]').selectOption('en');
    await page.locator('.compare-form button[type="submit"]').click();
    await expect.poll(() => page.locator('#compare-rows').getAttribute('data-left'), { timeout: 20_000 }).toBe('en-revised');
  });

  it('dismisses a finding of the check report with a reason, and shows it again on request', async () => {
    await page.goto(`${base}/works/${slug}/checks`);
    const finding = page.locator('tr.finding[data-kind="omission"]').first();
    const fingerprint = await finding.getAttribute('data-fingerprint');
    expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
    await finding.locator('input[name="reason"]').fill('Checked against the Russian: the row is right');
    await finding.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator(`tr.finding[data-fingerprint="${fingerprint}"]`).count(), { timeout: 20_000 }).toBe(0);
    expect(await page.locator('.check-summary').innerText()).toContain('1 dismissed');
    await page.locator('a.toggle-dismissed').click();
    const shown = page.locator(`tr.finding[data-fingerprint="${fingerprint}"]`);
    await expect.poll(() => shown.count(), { timeout: 20_000 }).toBe(1);
    expect(await shown.locator('.dismissal').innerText()).toContain('Checked against the Russian: the row is right');
    expect(page.url()).toContain('dismissed=1');
    await page.screenshot({ path: path.join(artifacts, 'checks-report.png'), fullPage: false });
  });
});
