import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { watchA11y } from './a11y.ts';
import { root } from './server.ts';

export const artifacts = path.join(root, 'test-artifacts');

/**
 * Debian's Chromium, headless, with its background networking off (this machine has no internet). Every
 * context it opens runs axe on each page it visits (see a11y.ts): a serious or critical WCAG 2.2 AA
 * violation fails the test.
 */
export async function launchBrowser(options: { a11y?: boolean } = {}): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  // The test that walks every page checks each one itself.
  if (options.a11y === false) return browser;
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watchA11y(await newContext(options));
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    watchA11y(page.context());
    return page;
  };
  return browser;
}

/** Fails the test on any console error or uncaught page error (a broken page is a failed test). */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
