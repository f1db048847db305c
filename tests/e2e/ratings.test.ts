/**
 * Ticket ratings in the browser (issue 14, satisfaction): Acme's primary contact opens her resolved demo
 * ticket from the email's "Bad" link (`?rate=bad` preselects, nothing is sent yet) at 360 px, changes her
 * mind, rates it good with a comment, and then reads her rating; the staff ticket page shows it. axe checks
 * the page with the form and with the rating (tests/support/a11y.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { a11yIdle, checkPage } from '../support/a11y.ts';
import { screenshot } from '../support/browser.ts';
import { demoWorld } from '../support/demo.ts';
import { noSidewaysScroll, realProblemsIgnoring } from '../support/e2e.ts';

const realProblems = realProblemsIgnoring(401);
const SUBJECT = 'Give Ben access to the accounts shared mailbox';

describe('ticket ratings in the browser', () => {
  const demo = demoWorld();

  test('the requester rates her resolved ticket once at 360 px; staff see the rating', async () => {
    const {
      context: contact,
      page: portal,
      seen,
    } = await demo.portalAs('primary@acme.example', { width: 360, height: 800 });
    const list = await portal.request.get(`${demo.url}/api/v1/tickets?scope=mine&status=resolved`);
    assert.equal(list.status(), 200);
    const ticket = ((await list.json()).items as { id: number; subject: string }[]).find(
      (i) => i.subject === SUBJECT,
    );
    assert.ok(ticket, 'the demo’s resolved mailbox ticket');

    await portal.goto(`${demo.url}/portal/tickets/${ticket.id}?rate=bad`);
    await portal.getByTestId('ticket-rate').waitFor();
    assert.equal(await portal.getByTestId('ticket-rate-bad').getAttribute('aria-pressed'), 'true');
    assert.equal(await portal.getByTestId('ticket-rate-good').getAttribute('aria-pressed'), 'false');
    await portal.getByRole('heading', { name: 'How did we do?' }).waitFor();
    await a11yIdle(contact);
    await checkPage(portal, 'portal rating form at 360 px');
    await noSidewaysScroll(portal, 'portal rating form at 360 px');
    await screenshot(portal, 'portal-rating-form-360');

    await portal.getByRole('button', { name: 'Good', exact: true }).click();
    assert.equal(await portal.getByTestId('ticket-rate-good').getAttribute('aria-pressed'), 'true');
    await portal.getByLabel('Comment (optional)').fill('Ben could send from the mailbox the same morning.');
    await portal.getByRole('button', { name: 'Send rating' }).click();
    const given = portal.getByTestId('ticket-rating');
    await given.waitFor();
    const text = await given.innerText();
    assert.match(text, /Good/);
    assert.match(text, /Ben could send from the mailbox the same morning\./);
    assert.equal(await portal.getByTestId('ticket-rate').count(), 0, 'rated once: the form is gone');
    await a11yIdle(contact);
    await checkPage(portal, 'portal rating given at 360 px');
    await noSidewaysScroll(portal, 'portal rating given at 360 px');
    await screenshot(portal, 'portal-rating-given-360');
    assert.deepEqual(realProblems(seen), []);
    await contact.close();

    const { page, problems } = await demo.staffPage(`/staff/tickets/${ticket.id}`);
    const card = page.getByTestId('ticket-rating');
    await card.waitFor();
    const staffText = await card.innerText();
    assert.match(staffText, /Good/);
    assert.match(staffText, /Alice Moreau/);
    assert.match(staffText, /Ben could send from the mailbox the same morning\./);
    await a11yIdle(demo.staff);
    await checkPage(page, 'staff ticket with a rating');
    await screenshot(page, 'staff-ticket-rating');

    // The client's Ratings tab: the figures and the latest ratings (the demo's Wi-Fi ticket and this one).
    const clients = await page.request.get(`${demo.url}/api/v1/clients?status=all&limit=100`);
    const acme = ((await clients.json()).items as { id: number; name: string }[]).find(
      (c) => c.name === 'Acme Manufacturing',
    );
    assert.ok(acme);
    await page.goto(`${demo.url}/staff/clients/${acme.id}/ratings`);
    await page.getByTestId('ratings-summary').waitFor();
    assert.equal(await page.getByTestId('ratings-total').innerText(), 'Good: 2 · Bad: 0 · 100% good');
    assert.match(await page.getByTestId('ratings-technicians').innerText(), /Tariq Haddad\s+2\s+0\s+100%/);
    await page.getByTestId('rating-item').nth(1).waitFor();
    assert.match(
      await page.getByTestId('rating-item').first().innerText(),
      /Ben could send from the mailbox the same morning\./,
    );
    await a11yIdle(demo.staff);
    await checkPage(page, 'staff client ratings tab');
    await screenshot(page, 'staff-client-ratings');
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });
});
