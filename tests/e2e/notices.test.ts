/**
 * Notices in the browser (issue 14, point 9): Acme's primary contact has the demo's contract ending
 * notice in the bell (the meeting room AV contract ends in three weeks), opens it and lands on the
 * Contracts page with nothing left unread; the open menu passes axe. The same in Arabic, and at 360 px.
 * Screenshots in test-artifacts/.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkA11y } from '../support/a11y.ts';
import { screenshot } from '../support/browser.ts';
import { demoWorld } from '../support/demo.ts';
import { csrfOf, noSidewaysScroll, realProblemsIgnoring } from '../support/e2e.ts';

const realProblems = realProblemsIgnoring(401);

describe('notices in the browser', () => {
  const demo = demoWorld();

  test('a contact opens the contract ending notice from the bell', async () => {
    const { context: contact, page, seen: problems } = await demo.portalAs('primary@acme.example');
    const bell = page.getByTestId('notice-bell');
    await page.getByTestId('notice-count').getByText('1', { exact: true }).waitFor();
    assert.equal(await bell.getAttribute('aria-label'), 'Notices, 1 unread');
    await bell.click();
    const item = page.getByTestId('notice-item').first();
    await item.waitFor();
    const text = await item.innerText();
    assert.match(text, /Meeting room AV support ends on \d{1,2} \w{3} \d{4}/);
    assert.match(text, /The contract ends in 21 days\./);
    assert.match(text, /Unread/);
    await checkA11y(page, 'portal notices open');
    await screenshot(page, 'portal-notices-en-1280');
    await item.click();
    await page.waitForURL(/\/portal\/contracts$/);
    await page.locator('article', { hasText: 'Meeting room AV support' }).waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="notice-bell"]')?.getAttribute('aria-label') === 'Notices',
    );
    // Read now: the bell lists it without the unread mark.
    await bell.click();
    assert.doesNotMatch(await page.getByTestId('notice-item').first().innerText(), /Unread/);
    await page.keyboard.press('Escape');
    assert.deepEqual(realProblems(problems), []);

    // In Arabic, right to left: the same notice in the reader's language (never stored English).
    const put = await page.request.put(`${demo.url}/api/v1/profile/locale`, {
      data: { language: 'ar' },
      headers: { 'x-csrf-token': await csrfOf(contact) },
    });
    assert.equal(put.status(), 200, await put.text());
    await page.goto(`${demo.url}/portal/`);
    await page.getByTestId('app-header').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    await page.getByTestId('notice-bell').click();
    const arabic = await page.getByTestId('notice-item').first().innerText();
    assert.match(arabic, /ينتهي Meeting room AV support في/);
    assert.match(arabic, /ينتهي العقد بعد (21|٢١) يومًا\./);
    await checkA11y(page, 'portal notices open (ar)');
    await screenshot(page, 'portal-notices-ar-1280');
    await contact.close();

    // 360 px: the bell fits the header and its menu the screen.
    const { context: narrow, page: small } = await demo.portalAs('technical@acme.example', {
      width: 360,
      height: 800,
    });
    await small.getByTestId('notice-bell').click();
    await small.getByTestId('notice-item').first().waitFor();
    await noSidewaysScroll(small, 'portal notices at 360 px');
    await screenshot(small, 'portal-notices-en-360');
    await narrow.close();
  });

  test('staff have a bell too (empty until an alert names them)', async () => {
    const page = await demo.staff.newPage();
    await page.goto(`${demo.url}/staff/`);
    await page.getByTestId('app-header').waitFor();
    await page.getByTestId('notice-bell').click();
    await page.getByText('No notices yet.').waitFor();
    await checkA11y(page, 'staff notices open');
    await screenshot(page, 'staff-notices-en-1280');
    await page.close();
  });
});
