// What every browser test starts with: the app listening on an ephemeral loopback port, and Debian's
// Chromium launched headless with the flags this closed network needs, and a page in a context that
// lets nothing leave this machine. A missing Chromium fails the test with the command that installs
// it; it never skips.
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

export async function listenOnLoopback(app: Express): Promise<{ server: Server; base: string }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: the browser tests need Debian's Chromium and a CJK font (apt-get install -y chromium fonts-wqy-microhei; .ci/run installs both).`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface BrowserPage {
  server: Server;
  base: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/**
 * The app listening on loopback and a page of a new Chromium on it (1400 × 900, British English
 * unless `options` say otherwise). Nothing may leave this machine: every request goes to the app or
 * is refused.
 */
export async function openBrowserPage(app: Express, options: BrowserContextOptions = {}): Promise<BrowserPage> {
  const { server, base } = await listenOnLoopback(app);
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB', ...options });
  await context.route(/.*/, (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  const page = await context.newPage();
  return { server, base, browser, context, page };
}
