import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { OWNER, realProblemsIgnoring, submitSignIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

/** Failing to load /me while signed out is expected: the browser logs every 4xx response itself. */
const realProblems = realProblemsIgnoring(401);

async function sessionCookies(context: BrowserContext) {
  return (await context.cookies()).filter((c) => c.name.endsWith('portico_session'));
}

describe('foundation in the browser', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  test('setup on an empty database, then the owner changes the primary colour', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(server.url);
    assert.match(page.url(), /\/setup$/);
    await page.getByTestId('setup-organisation-name').fill('Harbour IT');
    await page.getByTestId('setup-owner-name').fill(OWNER.name);
    await page.getByTestId('setup-owner-email').fill(OWNER.email);
    await page.getByTestId('setup-owner-password').fill(OWNER.password);
    await page.getByTestId('setup-load-demo').check();
    await screenshot(page, 'setup');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('app-header').waitFor();
    assert.match(page.url(), /\/staff\/$/);
    assert.match(await page.getByTestId('signed-in-person').innerText(), /Maya Harbour/);
    await screenshot(page, 'staff-home');

    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const colour = page.getByTestId('settings-primary-color');
    await colour.fill('#c2255c');
    await colour.press('Tab');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    await screenshot(page, 'staff-settings');
    const header = await page.getByTestId('app-header').evaluate((el) => getComputedStyle(el).borderTopColor);
    assert.equal(header, 'rgb(194, 37, 92)', 'the staff shell repaints at once');

    // Setup is refused a second time and says so.
    const again = await context.request.post(`${server.url}/api/v1/setup`, {
      data: {
        organisationName: 'X',
        ownerName: 'X',
        ownerEmail: 'x@x.example',
        ownerPassword: 'xxxxxxxxxxxxxx',
        loadDemo: false,
      },
      headers: {
        'x-csrf-token': (await context.cookies()).find((c) => c.name.endsWith('portico_csrf'))?.value ?? '',
      },
    });
    assert.equal(again.status(), 409);
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('a demo contact signs in to the portal and sees it in the new colour', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/`);
    await page.getByTestId('sign-in-email').waitFor();
    await submitSignIn(page, 'primary@acme.example', 'portico-demo');
    await page.getByTestId('app-header').waitFor();
    assert.match(await page.getByTestId('signed-in-person').innerText(), /Acme Manufacturing/);
    const border = await page.getByTestId('app-header').evaluate((el) => getComputedStyle(el).borderTopColor);
    assert.equal(border, 'rgb(194, 37, 92)');
    assert.match(await page.title(), /client portal/i);
    await screenshot(page, 'portal-home');
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('the portal works at 360 px wide, with no sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/portal/`);
    await submitSignIn(page, 'standard@acme.example', 'portico-demo');
    await page.getByTestId('app-header').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    // Nothing in the header overlaps: brand, sign-out button and burger sit side by side.
    const boxes = await Promise.all(
      ['brand-mark', 'sign-out'].map((id) => page.getByTestId(id).first().boundingBox()),
    );
    const [brand, signOut] = boxes;
    assert.ok(
      brand && signOut && brand.x + brand.width <= signOut.x,
      'brand ends before the sign-out button',
    );
    await screenshot(page, 'portal-home-360');
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('link', { name: 'Home', exact: true }).waitFor();
    await page.waitForTimeout(400); // let the drawer finish sliding in before the picture
    await screenshot(page, 'portal-nav-360');
    await context.close();
  });

  test('a wrong password shows an error and starts no session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/portal/`);
    await submitSignIn(page, 'primary@acme.example', 'not-the-password');
    const alert = page.getByTestId('sign-in-error');
    await alert.waitFor();
    assert.match(await alert.innerText(), /incorrect/i);
    assert.deepEqual(await sessionCookies(context), []);
    const me = await context.request.get(`${server.url}/api/v1/me`);
    assert.equal(me.status(), 401);
    await screenshot(page, 'portal-sign-in-error');
    await context.close();
  });

  test('sign-in works from the keyboard alone, and sign-out ends the session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/staff/`);
    await page.getByTestId('sign-in-email').focus();
    await page.keyboard.type('admin@portico.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type('portico-demo');
    await page.keyboard.press('Enter');
    await page.getByTestId('app-header').waitFor();
    assert.equal((await sessionCookies(context)).length, 1);
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-email').waitFor();
    assert.equal((await context.request.get(`${server.url}/api/v1/me`)).status(), 401);
    await context.close();
  });

  test('pages are served no-cache, hashed assets for a year, and the API docs work under the CSP', async () => {
    const page = await fetch(`${server.url}/portal/`);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.match(String(page.headers.get('content-security-policy')), /script-src 'self'/);
    const html = await page.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline scripts');
    const asset = html.match(/\/assets\/[^"]+\.js/)?.[0];
    assert.ok(asset, 'the page loads a hashed script');
    const res = await fetch(`${server.url}${asset}`);
    assert.equal(res.status, 200);
    assert.match(
      String(res.headers.get('cache-control')),
      /max-age=31536000.*immutable|immutable.*max-age=31536000/,
    );

    const context = await browser.newContext();
    const docs = await context.newPage();
    const problems = watchConsole(docs);
    await docs.goto(`${server.url}/api/docs/`);
    await docs.getByText('Portico API').first().waitFor();
    await docs.getByText('/api/v1/auth/login').first().waitFor();
    assert.deepEqual(
      problems.filter((p) => /Content Security Policy|Refused/i.test(p)),
      [],
    );
    await screenshot(docs, 'api-docs');
    await context.close();
  });

  test('a contact who opens the staff app is sent to the portal', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/portal/`);
    await submitSignIn(page, 'billing@acme.example', 'portico-demo');
    await page.getByTestId('app-header').waitFor();
    await page.goto(`${server.url}/staff/settings`);
    await page.waitForURL(/\/portal\//);
    await context.close();
  });
});
