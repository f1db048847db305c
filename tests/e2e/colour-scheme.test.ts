/**
 * The dark colour scheme: it follows the system until the person chooses on their profile page; the choice
 * is kept on the account (so it follows them to another browser) and applied before the first paint.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkPage } from '../support/a11y.ts';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { csrfOf, realProblemsIgnoring, setUpWithDemo, signIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const realProblems = realProblemsIgnoring(401);
const DARK_BODY = 'rgb(36, 36, 36)';
const LIGHT_BODY = 'rgb(255, 255, 255)';

async function scheme(page: Page) {
  return page.evaluate(() => ({
    attribute: document.documentElement.dataset.mantineColorScheme,
    body: getComputedStyle(document.body).backgroundColor,
  }));
}

async function storedScheme(context: BrowserContext, url: string): Promise<string> {
  const res = await context.request.get(`${url}/api/v1/profile/appearance`, {
    headers: { 'x-csrf-token': await csrfOf(context) },
  });
  assert.equal(res.status(), 200, await res.text());
  return ((await res.json()) as { colourScheme: string }).colourScheme;
}

describe('colour scheme in the browser', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const owner = await browser.newContext();
    await setUpWithDemo(owner, server.url);
    await owner.close();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  test('follows the system setting until the person chooses, live', async () => {
    const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/`);
    await page.getByTestId('sign-in-email').waitFor();
    assert.deepEqual(await scheme(page), { attribute: 'dark', body: DARK_BODY }, 'the sign-in page too');
    await signIn(page, 'standard@acme.example');
    assert.equal((await scheme(page)).attribute, 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.mantineColorScheme === 'light');
    assert.equal((await scheme(page)).body, LIGHT_BODY);
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('a staff member chooses dark on the profile page: kept on the account, applied at once and on every load', async () => {
    const context = await browser.newContext({
      colorScheme: 'light',
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/`);
    await signIn(page, 'tech@portico.example');
    await page.goto(`${server.url}/staff/profile`);
    const control = page.getByTestId('profile-colour-scheme');
    await control.waitFor();
    assert.equal((await scheme(page)).attribute, 'light');
    await control.getByText('Dark', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.dataset.mantineColorScheme === 'dark');
    assert.equal((await scheme(page)).body, DARK_BODY);
    await page.waitForFunction(() => localStorage.getItem('portico-colour-scheme') === 'dark');
    assert.equal(await storedScheme(context, server.url), 'dark');
    await checkPage(page, 'staff profile, dark chosen on a light system');
    await screenshot(page, 'colour-scheme-staff-profile-dark');

    // Before the app has run at all (its scripts blocked), the page is already dark: no white flash.
    await context.route(/\/assets\/(staff|portal)-[^/]+\.js$/, (route) => route.abort());
    await page.goto(`${server.url}/staff/tickets`);
    assert.deepEqual(await scheme(page), { attribute: 'dark', body: DARK_BODY });
    await context.unroute(/\/assets\/(staff|portal)-[^/]+\.js$/);
    assert.deepEqual(
      realProblems(problems).filter((p) => !/Failed to load resource|net::ERR_FAILED/.test(p)),
      [],
    );
    await context.close();

    // Another browser (a light system, nothing stored) picks the choice up from the account on sign-in.
    const other = await browser.newContext({ colorScheme: 'light', viewport: { width: 360, height: 740 } });
    const phone = await other.newPage();
    await phone.goto(`${server.url}/staff/`);
    assert.equal((await scheme(phone)).attribute, 'light');
    await signIn(phone, 'tech@portico.example');
    await phone.waitForFunction(() => document.documentElement.dataset.mantineColorScheme === 'dark');
    await phone.goto(`${server.url}/staff/profile`);
    await phone.getByTestId('profile-colour-scheme').waitFor();
    await screenshot(phone, 'colour-scheme-staff-profile-dark-360');

    // Back to the system setting: light here, and stored as "system".
    await phone.getByTestId('profile-colour-scheme').getByText('System', { exact: true }).click();
    await phone.waitForFunction(() => document.documentElement.dataset.mantineColorScheme === 'light');
    await phone.waitForFunction(() => localStorage.getItem('portico-colour-scheme') === 'auto');
    assert.equal(await storedScheme(other, server.url), 'system');
    await other.close();
  });

  test('a contact has the same switch in the portal', async () => {
    const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/portal/`);
    await signIn(page, 'primary@acme.example');
    await page.goto(`${server.url}/portal/profile`);
    const control = page.getByTestId('profile-colour-scheme');
    await control.getByText('Dark', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.dataset.mantineColorScheme === 'dark');
    assert.equal(await storedScheme(context, server.url), 'dark');
    await page.goto(`${server.url}/portal/tickets`);
    await page.getByTestId('app-header').waitFor();
    assert.deepEqual(await scheme(page), { attribute: 'dark', body: DARK_BODY });
    await checkPage(page, 'portal tickets, dark chosen');
    await screenshot(page, 'colour-scheme-portal-tickets-dark-360');
    await context.close();
  });
});
