/**
 * Contracts in the browser (issue 14, points 1 and 2): a staff member creates a contract for Acme through
 * the form (a bad end date is explained first), and Acme's primary contact reads it on the portal's
 * Contracts page, at 1280 and 360 px; a contact without contract access has no Contracts entry. axe runs
 * on every page visited (tests/support/a11y.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { noSidewaysScroll, OWNER, realProblemsIgnoring, setUpWithDemo, signIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const realProblems = realProblemsIgnoring(401);

describe('contracts in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: BrowserContext;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await setUpWithDemo(staff, server.url);
  });
  after(async () => {
    await staff?.close();
    await browser?.close();
    await server?.dispose();
  });

  test('staff create a contract; the client’s contact reads it in the portal', async () => {
    const page = await staff.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/`);
    await page.locator('[data-testid="app-header"], [data-testid="sign-in-email"]').first().waitFor();
    if (await page.getByTestId('sign-in-email').isVisible()) await signIn(page, OWNER.email, OWNER.password);
    await page.getByTestId('app-header').waitFor();

    await page.getByRole('link', { name: 'Contracts', exact: true }).click();
    await page.getByTestId('contracts-table').waitFor();
    assert.match(await page.getByTestId('contracts-table').innerText(), /Managed IT support/);
    await screenshot(page, 'staff-contracts-list');

    await page.getByTestId('new-contract').click();
    await page.getByTestId('contract-client').click();
    await page.getByRole('option', { name: 'Acme Manufacturing' }).click();
    await page.getByTestId('contract-name').fill('Acme printer fleet care');
    await page.getByTestId('contract-type').click();
    await page.getByRole('option', { name: 'Maintenance (AMC)' }).click();
    await page.getByTestId('contract-status').click();
    await page.getByRole('option', { name: 'Active' }).click();
    await page
      .getByTestId('contract-scope')
      .fill('**Covered:** the 12 office printers\n\n- toner swaps\n- repairs');
    await page.getByTestId('contract-policy').click();
    await page.getByRole('option').first().click();
    await page.getByTestId('contract-start').fill('2026-01-01');
    await page.getByTestId('contract-end').fill('2025-12-31');
    await page.getByTestId('contract-renewal').fill('2026-11-15');
    await page.getByTestId('contract-notice').fill('45');
    // Billing terms, in the client's currency: a rate, rounding and a monthly bank.
    assert.match(
      await page.getByTestId('billing-currency').innerText(),
      /Amounts in [A-Z]{3}, the client’s currency/,
    );
    await page.getByTestId('billing-rate').fill('95.50');
    await page.getByTestId('billing-increment').fill('15');
    await page.getByTestId('billing-minimum').fill('30');
    await page.getByTestId('billing-bank-kind').click();
    await page.getByRole('option', { name: 'Hours per period' }).click();
    await page.getByTestId('contract-create').click();
    // Caught before anything is sent.
    await page.getByText('The end date cannot be before the start date.').waitFor();
    await page.getByTestId('contract-end').fill('2026-12-31');
    // A bank of hours per period without its hours: the server names the field, nothing is made.
    await page.getByTestId('contract-create').click();
    const hoursField = page.getByTestId('billing-bank-hours');
    await page.waitForFunction(
      (el) => el?.getAttribute('aria-invalid') === 'true',
      await hoursField.elementHandle(),
    );
    assert.equal(await page.getByTestId('contract-status-badge').count(), 0);
    await hoursField.fill('10');
    await screenshot(page, 'staff-contract-new');
    await page.getByTestId('contract-create').click();
    await page.getByTestId('contract-status-badge').waitFor();
    // The terms as made, on the contract's Billing terms card.
    assert.equal(await page.getByTestId('billing-rate').inputValue(), '95.5');
    assert.equal(await page.getByTestId('billing-increment').inputValue(), '15');
    assert.equal(await page.getByTestId('billing-bank-hours').inputValue(), '10');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Acme printer fleet care');
    assert.equal((await page.getByTestId('contract-status-badge').textContent())?.trim(), 'Active');
    assert.match(await page.getByTestId('contract-scope-html').innerHTML(), /<strong>Covered:<\/strong>/);
    await screenshot(page, 'staff-contract-detail');

    // The client's page lists it on its Contracts tab.
    await page.getByRole('link', { name: 'Acme Manufacturing' }).click();
    await page.getByTestId('contracts-table').getByText('Acme printer fleet care').waitFor();
    // The one 400 is the refused bank without its hours, above.
    assert.deepEqual(realProblemsIgnoring(401, 400)(problems), []);
    await page.close();

    for (const width of [1280, 360]) {
      const contact = await browser.newContext({ viewport: { width, height: 900 } });
      const portal = await contact.newPage();
      const seen = watchConsole(portal);
      await portal.goto(`${server.url}/portal/`);
      await signIn(portal, 'primary@acme.example');
      await portal.getByTestId('app-header').waitFor();
      if (width === 360) await portal.getByRole('button', { name: /navigation/i }).click();
      await portal.getByRole('link', { name: 'Contracts', exact: true }).click();
      const card = portal.locator('article', { hasText: 'Acme printer fleet care' });
      await card.waitFor();
      const text = await card.innerText();
      assert.match(text, /Maintenance \(AMC\)/);
      assert.match(text, /Renewal date: 15 Nov 2026/);
      assert.match(text, /Notice period: 45 days/);
      assert.match(text, /First response within/);
      assert.match(text, /Head office/, 'all of Acme’s sites');
      assert.ok(!(await portal.getByText('Warehouse Wi-Fi project').isVisible()), 'drafts stay with staff');
      await noSidewaysScroll(portal, `portal contracts at ${width} px`);
      await screenshot(portal, `portal-contracts-${width}`);
      await portal.getByTestId('contracts-show').getByText('Past', { exact: true }).click();
      await portal.getByText('Server room maintenance 2025').waitFor();
      assert.deepEqual(realProblems(seen), []);
      await contact.close();
    }

    // A contact without contract access has no Contracts entry.
    const standard = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const other = await standard.newPage();
    await other.goto(`${server.url}/portal/`);
    await signIn(other, 'standard@acme.example');
    await other.getByTestId('app-header').waitFor();
    assert.equal(await other.getByRole('link', { name: 'Contracts', exact: true }).count(), 0);
    await standard.close();
  });

  /** A response whose every currency is one no formatter knows: the page showing it crashes. */
  async function breakCurrencies(page: Page, pattern: string | RegExp) {
    await page.route(pattern, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      const spoil = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(spoil);
        if (value === null || typeof value !== 'object') return value;
        return Object.fromEntries(
          Object.entries(value).map(([k, v]) => [
            k,
            k === 'currency' ? 'QQQ' : k === 'overageRateMinor' ? 2500 : spoil(v),
          ]),
        );
      };
      await route.fulfill({ response, json: spoil(await response.json()) });
    });
  }
  const crashesOnly = (problems: string[]) =>
    realProblems(problems).filter((p) => !/QQQ|ISO 4217|currency/i.test(p));

  test('a page that crashes shows a translated error in the frame, with a way back and a reload', async () => {
    const page = await staff.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/contracts`);
    await page.getByTestId('contracts-table').waitFor();
    await breakCurrencies(page, /\/api\/v1\/contracts\/\d+$/);
    await page
      .getByTestId('contracts-table')
      .getByRole('link', { name: 'Managed IT support' })
      .first()
      .click();
    const error = page.getByTestId('route-error');
    await error.waitFor();
    // In the staff frame, not React Router's developer page; the heading has the focus.
    await page.getByTestId('app-header').waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'This page could not be shown');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'route-error-title');
    assert.equal(await page.getByText('Unexpected Application Error').count(), 0);
    await screenshot(page, 'staff-route-error');
    await page.getByTestId('route-error-back').click();
    await page.getByTestId('contracts-table').waitFor();

    // Reload fetches the page again (the server's answer is whole again here).
    await page
      .getByTestId('contracts-table')
      .getByRole('link', { name: 'Managed IT support' })
      .first()
      .click();
    await error.waitFor();
    await page.unroute(/\/api\/v1\/contracts\/\d+$/);
    await page.getByTestId('route-error-reload').click();
    await page.getByTestId('contract-status-badge').waitFor();
    assert.deepEqual(crashesOnly(problems), []);
    await page.close();

    // The portal has its own, in its frame too.
    const contact = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const portal = await contact.newPage();
    const seen = watchConsole(portal);
    await portal.goto(`${server.url}/portal/`);
    await signIn(portal, 'primary@acme.example');
    await portal.getByTestId('app-header').waitFor();
    await breakCurrencies(portal, /\/api\/v1\/portal\/hours/);
    await portal.goto(`${server.url}/portal/hours`);
    await portal.getByTestId('route-error').waitFor();
    await portal.getByTestId('app-header').waitFor();
    assert.equal(
      await portal.getByTestId('route-error-back').count(),
      0,
      'no page before this one to go back to',
    );
    assert.ok(await portal.getByTestId('route-error-reload').isVisible());
    assert.ok(await portal.getByTestId('route-error-home').isVisible());
    await noSidewaysScroll(portal, 'portal route error at 360 px');
    await screenshot(portal, 'portal-route-error-360');
    assert.deepEqual(crashesOnly(seen), []);
    await contact.close();
  });
});
