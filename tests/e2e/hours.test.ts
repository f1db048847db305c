/**
 * The hours page in the browser (issue 14, point 7): Acme's technical contact opens Hours, chooses the
 * bank, and reads remaining hours that match the ledger the API gives the same page (purchased − the
 * ledger's billed minutes, less what corrections credited); at 1280 and 360 px, in English, and in Arabic
 * for Al Noor's primary contact. axe runs on every page visited (tests/support/a11y.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HoursPage } from '../../src/shared/schemas/hours.ts';
import { screenshot } from '../support/browser.ts';
import { demoWorld } from '../support/demo.ts';
import { noSidewaysScroll, realProblemsIgnoring } from '../support/e2e.ts';

const realProblems = realProblemsIgnoring(401);

describe('the hours page in the browser', () => {
  const demo = demoWorld();

  test('a technical contact reads remaining hours that match the ledger', async () => {
    for (const width of [1280, 360]) {
      const {
        context: contact,
        page: portal,
        seen,
      } = await demo.portalAs('technical@acme.example', { width, height: 900 });
      if (width === 360) await portal.getByRole('button', { name: /navigation/i }).click();
      await portal.getByRole('link', { name: 'Hours', exact: true }).click();
      await portal.getByTestId('hours-contract').waitFor();
      await portal.getByTestId('hours-contract').click();
      await portal.getByRole('option', { name: 'Managed IT support' }).click();
      await portal.getByTestId('hours-ledger').waitFor();

      const chosen = (await (
        await contact.request.get(`${demo.url}/api/v1/portal/hours`)
      ).json()) as HoursPage;
      const managedId = chosen.contracts.find((c) => c.name === 'Managed IT support')!.id;
      const data = (await (
        await contact.request.get(`${demo.url}/api/v1/portal/hours/${managedId}`)
      ).json()) as HoursPage;
      // Each entry's billed minutes, less what corrections credited back (correction rows draw nothing).
      const used = data.ledger
        .filter((e) => e.billedMinutes >= 0)
        .reduce((sum, e) => sum + e.billedMinutes - e.creditedMinutes, 0);
      assert.equal(used, data.balance!.usedMinutes, 'the ledger adds up to the used hours');
      const remaining = data.balance!.purchasedMinutes - data.balance!.usedMinutes;
      assert.ok(remaining > 0);
      assert.equal(data.balance!.remainingMinutes, remaining);
      const words = new Intl.NumberFormat('en', {
        style: 'unit',
        unit: 'hour',
        unitDisplay: 'long',
        maximumFractionDigits: 2,
      }).format(remaining / 60);
      assert.equal((await portal.getByTestId('hours-remaining').innerText()).trim(), words);
      assert.equal(await portal.getByTestId('hours-ledger-row').count(), data.ledger.length);
      await noSidewaysScroll(portal, `portal hours at ${width} px`);
      await screenshot(portal, `portal-hours-en-${width}`);

      // The home page's key metric: the hours left in the default contract's bank, the hours page's figure.
      await portal.goto(`${demo.url}/portal/`);
      // Every bank has its own figure on the home page (issue 14): read the default contract's.
      const defaultBank = portal.getByTestId('home-hours-bank').filter({
        has: portal.getByTestId('home-hours-contract').getByText(chosen.contract!.name, { exact: true }),
      });
      await defaultBank.getByTestId('home-hours-figure').waitFor();
      const first = chosen.balance!;
      const homeWords = new Intl.NumberFormat('en', {
        style: 'unit',
        unit: 'hour',
        unitDisplay: 'long',
        maximumFractionDigits: 2,
      }).format((first.remainingMinutes ?? first.overMinutes ?? 0) / 60);
      const shown = (await defaultBank.getByTestId('home-hours-figure').innerText()).trim();
      assert.equal(shown, first.remainingMinutes !== null ? homeWords : `${homeWords} over`);
      await noSidewaysScroll(portal, `portal home with hours at ${width} px`);
      await screenshot(portal, `portal-home-hours-en-${width}`);
      assert.deepEqual(realProblems(seen), []);
      await contact.close();
    }
  });

  test('Al Noor’s contact reads the page in Arabic; Birchwood’s overage is in words, never negative', async () => {
    for (const width of [1280, 360]) {
      const {
        context: contact,
        page: portal,
        seen,
      } = await demo.portalAs('primary@alnoor.example', { width, height: 900 });
      await portal.goto(`${demo.url}/portal/hours`);
      await portal.getByTestId('hours-balance').waitFor();
      assert.equal(await portal.locator('html').getAttribute('dir'), 'rtl');
      await noSidewaysScroll(portal, `portal hours (ar) at ${width} px`);
      await screenshot(portal, `portal-hours-ar-${width}`);
      assert.deepEqual(realProblems(seen), []);
      await contact.close();
    }
    const { context: contact, page: portal } = await demo.portalAs('primary@birchwood.example');
    await portal.goto(`${demo.url}/portal/hours`);
    const over = (await portal.getByTestId('hours-remaining').innerText()).trim();
    assert.match(over, /^[\d.]+ hours? over$/);
    await screenshot(portal, 'portal-hours-overage');
    await contact.close();
  });

  test('staff see the same figures on the contract page', async () => {
    const page = await demo.staff.newPage();
    await page.goto(`${demo.url}/staff/contracts`);
    await page.getByTestId('contracts-table').getByText('Managed IT support').click();
    await page.getByTestId('hours-balance').waitFor();
    // axe checks this page through the context's automatic checks (tests/support/a11y.ts).
    await screenshot(page, 'staff-contract-hours');
    await page.close();
  });
});
