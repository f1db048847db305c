/**
 * Contracts in the browser (issue 14, points 1 and 2): a staff member creates a contract for Acme through
 * the form (a bad end date is explained first), and Acme's primary contact reads it on the portal's
 * Contracts page, at 1280 and 360 px; a contact without contract access has no Contracts entry. axe runs
 * on every page visited (tests/support/a11y.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screenshot } from '../support/browser.ts';
import { demoWorld } from '../support/demo.ts';
import { noSidewaysScroll, realProblemsIgnoring } from '../support/e2e.ts';

const realProblems = realProblemsIgnoring(401);

describe('contracts in the browser', () => {
  const demo = demoWorld();

  test('staff create a contract; the client’s contact reads it in the portal', async () => {
    const { page, problems } = await demo.staffPage(`/staff/`);
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
    await page.getByTestId('contract-create').click();
    // Caught before anything is sent.
    await page.getByText('The end date cannot be before the start date.').waitFor();
    await page.getByTestId('contract-end').fill('2026-12-31');
    await screenshot(page, 'staff-contract-new');
    await page.getByTestId('contract-create').click();
    await page.getByTestId('contract-status-badge').waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Acme printer fleet care');
    assert.equal((await page.getByTestId('contract-status-badge').textContent())?.trim(), 'Active');
    assert.match(await page.getByTestId('contract-scope-html').innerHTML(), /<strong>Covered:<\/strong>/);
    await screenshot(page, 'staff-contract-detail');

    // The client's page lists it on its Contracts tab.
    await page.getByRole('link', { name: 'Acme Manufacturing' }).click();
    await page.getByTestId('contracts-table').getByText('Acme printer fleet care').waitFor();
    assert.deepEqual(realProblems(problems), []);
    await page.close();

    for (const width of [1280, 360]) {
      const {
        context: contact,
        page: portal,
        seen,
      } = await demo.portalAs('primary@acme.example', { width, height: 900 });
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
    const { context: standard, page: other } = await demo.portalAs('standard@acme.example');
    assert.equal(await other.getByRole('link', { name: 'Contracts', exact: true }).count(), 0);
    await standard.close();
  });
});
