// The account page's API tokens in Chromium: a signed-in user makes a token through the form (htmx
// swaps the tokens section only), sees it once in a field ready to copy, uses it against the API,
// finds it listed by its first characters and never whole after a reload, and revokes it through
// the confirmation, after which the API refuses it. Saves a screenshot of the new token to
// test-artifacts/ (or TRIPTYCH_SHOTS_DIR).
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { closeServer, openBrowserPage } from './browser-session.ts';
import type { TestApp } from '../http/helpers.ts';
import { createTeamApp, password } from '../http/accounts-helpers.ts';

const shots = process.env.TRIPTYCH_SHOTS_DIR || path.join(projectRoot, 'test-artifacts');

describe('personal API tokens in Chromium', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await createTeamApp([
      { name: 'ada', role: 'administrator' },
      { name: 'eve', role: 'editor' },
    ]);
    ({ server, base, browser, page } = await openBrowserPage(t.app));
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
    t?.close();
  });

  it('makes a token shown once, lists it by its prefix, and revokes it', async () => {
    await page.goto(`${base}/account`);
    await page.waitForURL(/\/login\?return=/);
    await page.getByLabel('Name').fill('eve');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/account`);
    const section = page.locator('#account-tokens');
    expect(await section.innerText()).toContain('You have no API tokens.');

    await section.getByLabel('Name', { exact: true }).fill('nightly export');
    await section.getByLabel('Expires after (days; empty: never)').fill('30');
    await section.getByRole('button', { name: 'Make the token' }).click();
    const field = page.locator('#new-token');
    await field.waitFor();
    const secret = await field.inputValue();
    expect(secret).toMatch(/^tpt_[A-Za-z0-9_-]{43}$/);
    expect(await section.innerText()).toContain('it will not be shown again');
    fs.mkdirSync(shots, { recursive: true });
    await section.screenshot({ path: path.join(shots, 'account-new-token.png') });
    // htmx swapped the section alone: the page is still the account page, its password form in place
    expect(page.url()).toBe(`${base}/account`);
    expect(await page.getByRole('button', { name: 'Change the password' }).count()).toBe(1);
    const row = section.locator('tr[data-token]');
    expect(await row.innerText()).toContain(`${secret.slice(0, 12)}…`);
    expect(await row.innerText()).toContain('never');

    const api = (token: string) => fetch(`${base}/api/v1/works`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await api(secret)).status).toBe(200);

    await page.reload();
    expect(await page.locator('#new-token').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    expect(await section.locator('tr[data-token]').innerText()).toContain(`${secret.slice(0, 12)}…`);

    page.once('dialog', (dialog) => void dialog.accept());
    // each revoke button is named after its token, for a screen reader among several
    await section.getByRole('button', { name: 'Revoke the token “nightly export”', exact: true }).click();
    await section.getByText('Revoked the token “nightly export”.').waitFor();
    expect(await section.locator('tr.token-revoked').innerText()).toContain('revoked');
    expect(await section.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    const refused = await api(secret);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});
