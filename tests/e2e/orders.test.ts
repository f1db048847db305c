/**
 * Orders in the browser (issue 15, point 4): a staff member records an order for Acme with two items and
 * marks it shipped with a UPS tracking number; Acme's billing contact sees it on the portal's Orders page
 * with its status and tracking link, at 1280 and 360 px, and opens it. axe runs on every page visited
 * (tests/support/a11y.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screenshot } from '../support/browser.ts';
import { demoWorld } from '../support/demo.ts';
import { noSidewaysScroll, realProblemsIgnoring } from '../support/e2e.ts';

const realProblems = realProblemsIgnoring(401);

describe('orders in the browser', () => {
  const demo = demoWorld();

  test('staff record an order and mark it shipped; the client’s billing contact sees it with tracking', async () => {
    const { page, problems } = await demo.staffPage('/staff/');
    await page.getByTestId('app-header').waitFor();

    await page.getByRole('link', { name: 'Orders', exact: true }).click();
    await page.getByTestId('orders-table').waitFor();
    await screenshot(page, 'staff-orders-list');

    await page.getByTestId('new-order').click();
    await page.getByTestId('order-client').click();
    await page.getByRole('option', { name: 'Acme Manufacturing' }).click();
    await page.getByTestId('order-line-0-description').fill('Barcode scanner, cordless');
    await page.getByTestId('order-line-0-quantity').fill('4');
    await page.getByTestId('order-line-0-price').fill('189.50');
    await page.getByTestId('order-add-line').click();
    await page.getByTestId('order-line-1-description').fill('Scanner charging cradle');
    await page.getByTestId('order-line-1-quantity').fill('4');
    await page.getByTestId('order-line-1-price').fill('35');
    await page.getByTestId('order-notes').fill('Supplier quote Q-7781');
    await screenshot(page, 'staff-order-new');
    await page.getByTestId('order-create').click();
    await page.getByTestId('order-title').waitFor();
    assert.match(await page.getByTestId('order-total').innerText(), /898\.00/);
    assert.equal((await page.getByTestId('order-status').first().textContent())?.trim(), 'Placed');

    await page.getByTestId('order-next-status').click();
    await page.getByRole('option', { name: 'Shipped' }).click();
    await page.getByTestId('order-status-carrier').fill('UPS');
    await page.getByTestId('order-status-tracking').fill('1Z999AA10123456784');
    await page.getByTestId('order-status-save').click();
    await page.getByTestId('order-tracking-link').waitFor();
    assert.equal((await page.getByTestId('order-status').first().textContent())?.trim(), 'Shipped');
    assert.match(await page.getByTestId('order-history').innerText(), /Placed → Shipped/);
    const title = (await page.getByTestId('order-title').innerText()).trim();
    await screenshot(page, 'staff-order-shipped');
    assert.deepEqual(realProblems(problems), []);
    await page.close();

    for (const width of [1280, 360]) {
      const {
        context: contact,
        page: portal,
        seen,
      } = await demo.portalAs('billing@acme.example', { width, height: 900 });
      await portal.getByTestId('app-header').waitFor();
      if (width === 360) await portal.getByRole('button', { name: /navigation/i }).click();
      await portal.getByRole('link', { name: 'Orders', exact: true }).click();
      const card = portal.locator('article', { hasText: 'Barcode scanner, cordless' });
      await card.waitFor();
      const text = await card.innerText();
      assert.match(text, /Shipped/);
      assert.match(text, /1Z999AA10123456784/);
      assert.ok(!text.includes('Q-7781'), 'staff notes stay with staff');
      assert.equal(
        await card.getByTestId('order-tracking-link').getAttribute('href'),
        'https://www.ups.com/track?tracknum=1Z999AA10123456784',
      );
      await noSidewaysScroll(portal, `portal orders at ${width} px`);
      await screenshot(portal, `portal-orders-${width}`);
      await card.getByRole('link', { name: title }).click();
      await portal.getByTestId('order-lines').waitFor();
      assert.match(await portal.getByTestId('order-progress-list').innerText(), /Shipped/);
      await noSidewaysScroll(portal, `portal order at ${width} px`);
      assert.deepEqual(realProblems(seen), []);
      await contact.close();
    }
  });
});
