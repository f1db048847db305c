/**
 * Consent before overage in the browser (issue 14, point 8): on Birchwood's demo X-ray ticket, whose
 * block of project hours is used up, George (a Technical contact) reads "Approve up to 3.25 hours more
 * at £120.00 per hour?" and approves it with a comment; the staff ticket page shows who approved and
 * when above the conversation. The pages are checked by axe and photographed in English and Arabic at
 * 1280 and 360 px (test-artifacts/).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { a11yIdle, checkPage } from '../support/a11y.ts';
import { screenshot } from '../support/browser.ts';
import { demoWorld } from '../support/demo.ts';
import { csrfOf, noSidewaysScroll, realProblemsIgnoring } from '../support/e2e.ts';

const realProblems = realProblemsIgnoring(401);
// The refusal sent without a comment is answered 400 on purpose.
const portalProblems = realProblemsIgnoring(401, 400);
const SUBJECT = 'X-ray workstation cannot reach the imaging server';
const GEORGE = 'office@birchwood.example';

async function setLanguage(context: BrowserContext, page: Page, url: string, language: string) {
  const res = await page.request.put(`${url}/api/v1/profile/locale`, {
    data: { language },
    headers: { 'x-csrf-token': await csrfOf(context) },
  });
  assert.equal(res.status(), 200, await res.text());
}

async function photograph(context: BrowserContext, page: Page, what: string, name: string) {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 800 : 900 });
    await a11yIdle(context);
    await checkPage(page, `${what} at ${width} px`);
    await noSidewaysScroll(page, `${what} at ${width} px`);
    await screenshot(page, `${name}-${width}`);
  }
}

describe('consent before overage in the browser', () => {
  const demo = demoWorld();

  test('a Technical contact approves the extra hours; staff see who approved before working on', async () => {
    const { context: contact, page: portal, seen } = await demo.portalAs(GEORGE);
    const list = await portal.request.get(`${demo.url}/api/v1/tickets?limit=100`);
    assert.equal(list.status(), 200);
    const ticket = ((await list.json()).items as { id: number; subject: string }[]).find(
      (i) => i.subject === SUBJECT,
    );
    assert.ok(ticket, 'the demo’s X-ray ticket');

    await portal.goto(`${demo.url}/portal/tickets/${ticket.id}`);
    const question = portal.getByTestId('ticket-overage-question');
    await question.waitFor();
    assert.match(await question.innerText(), /^Approve up to 3\.25 hours more at .120\.00 per hour\?$/);
    await photograph(contact, portal, 'portal overage request', 'portal-overage-en');

    await setLanguage(contact, portal, demo.url, 'ar');
    await portal.reload();
    await portal.getByTestId('ticket-overage-question').waitFor();
    assert.equal(await portal.locator('html').getAttribute('dir'), 'rtl');
    assert.match(await portal.getByTestId('ticket-overage-question').innerText(), /هل توافق/);
    await photograph(contact, portal, 'portal overage request in Arabic', 'portal-overage-ar');
    await setLanguage(contact, portal, demo.url, 'en');
    await portal.reload();
    await portal.setViewportSize({ width: 1280, height: 900 });

    // Refusing without a comment is refused on the field; approving needs none, but George gives one.
    await portal.getByTestId('ticket-overage-refuse').click();
    await portal.getByText('Say why you refuse, so the team knows what to do instead').waitFor();
    await portal.getByTestId('ticket-overage-comment').fill('Go ahead: surgery 2 must work by Monday.');
    await portal.getByTestId('ticket-overage-approve').click();
    const answer = portal.getByTestId('ticket-overage-answer');
    await answer.waitFor();
    const answered = await answer.innerText();
    assert.match(answered, /Approved by George Lindqvist on .+: up to 3\.25 hours more\./);
    assert.match(answered, /Go ahead: surgery 2 must work by Monday\./);
    assert.equal(await portal.getByTestId('ticket-overage-decide').count(), 0, 'answered once');
    await portal
      .getByText(
        'George Lindqvist approved up to 3.25 h beyond the hour bank. Comment: Go ahead: surgery 2 must work by Monday.',
      )
      .waitFor();
    await photograph(contact, portal, 'portal overage approved', 'portal-overage-approved-en');
    assert.deepEqual(portalProblems(seen), []);
    await contact.close();

    const { page, problems } = await demo.staffPage(`/staff/tickets/${ticket.id}`);
    const current = page.getByTestId('overage-current');
    await current.waitFor();
    assert.equal(await current.getAttribute('data-status'), 'approved');
    assert.match(await current.innerText(), /Approved by George Lindqvist on .+: up to 3\.25 hours more/);
    assert.match(await page.getByTestId('overage-balance').innerText(), /45 minutes|0\.75 hours over/);
    assert.equal(await page.getByTestId('overage-estimate').inputValue(), '10');
    await page.getByTestId('overage-history').waitFor();
    await photograph(demo.staff, page, 'staff ticket with an approved overage request', 'staff-overage-en');
    await setLanguage(demo.staff, page, demo.url, 'ar');
    await page.reload();
    await page.getByTestId('overage-current').waitFor();
    await photograph(demo.staff, page, 'staff ticket overage in Arabic', 'staff-overage-ar');
    await setLanguage(demo.staff, page, demo.url, 'en');
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });
});
