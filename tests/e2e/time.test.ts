/**
 * Time on tickets in the browser (issue 14, points 4 and 5): a technician starts the timer on a demo
 * ticket, reloads (the timer is the server's: it is still running and still ticking), stops it and
 * submits the draft; the owner approves it from the timesheet. axe checks the ticket's time card, the
 * timesheet at 1280 and 360 px, and the work types page (tests/support/a11y.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { a11yIdle, checkPage } from '../support/a11y.ts';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { noSidewaysScroll, OWNER, realProblemsIgnoring, setUpWithDemo, signIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const realProblems = realProblemsIgnoring(401);

describe('time on tickets in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: BrowserContext;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    owner = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await setUpWithDemo(owner, server.url);
  });
  after(async () => {
    await owner?.close();
    await browser?.close();
    await server?.dispose();
  });

  test('a technician times work across a reload and submits it; the owner approves it from the timesheet', async () => {
    const techContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tech = await techContext.newPage();
    const seen = watchConsole(tech);
    await tech.goto(`${server.url}/staff/`);
    await signIn(tech, 'tech@portico.example');
    const list = await tech.request.get(`${server.url}/api/v1/tickets?status=open,in-progress&limit=5`);
    assert.equal(list.status(), 200);
    const ticket = ((await list.json()).items as { id: number; subject: string }[])[0];
    assert.ok(ticket, 'an open demo ticket');

    await tech.goto(`${server.url}/staff/tickets/${ticket.id}`);
    const card = tech.getByTestId('ticket-time');
    await card.waitFor();
    await tech.getByTestId('timer-start').click();
    const elapsed = tech.getByTestId('timer-elapsed');
    await elapsed.waitFor();

    // A reload: the timer is still running, started when it was, and ticks.
    await tech.reload();
    await tech.getByTestId('timer-elapsed').waitFor();
    await tech.bringToFront();
    const first = await tech.getByTestId('timer-elapsed').innerText();
    await tech.waitForTimeout(2_500);
    const later = await tech.getByTestId('timer-elapsed').innerText();
    assert.match(first, /^\d+:\d\d:\d\d$/);
    assert.notEqual(first, later, 'the clock ticks');
    assert.ok(later >= '0:00:01');
    await a11yIdle(techContext);
    await checkPage(tech, 'staff ticket with a running timer');
    await screenshot(tech, 'staff-ticket-timer-1280');

    await tech.getByTestId('timer-stop').click();
    await tech.getByTestId('timer-start').waitFor();
    const row = tech.locator('[data-testid^="time-entry-"]').first();
    await row.waitFor();
    assert.match(await row.innerText(), /Tariq Haddad/);
    assert.match(await row.innerText(), /Draft/);
    const entryId = Number((await row.getAttribute('data-testid'))?.replace('time-entry-', ''));
    await tech.getByTestId(`time-submit-${entryId}`).click();
    await tech.getByTestId(`time-entry-${entryId}`).getByText('Submitted').waitFor();
    assert.deepEqual(realProblems(seen), []);
    await techContext.close();

    // The owner approves it from the timesheet (submitted entries are shown first to approvers).
    const page = await owner.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/time`);
    await page.locator('[data-testid="app-header"], [data-testid="sign-in-email"]').first().waitFor();
    if (await page.getByTestId('sign-in-email').isVisible()) await signIn(page, OWNER.email, OWNER.password);
    await page.getByTestId(`sheet-entry-${entryId}`).waitFor();
    await a11yIdle(owner);
    await checkPage(page, 'timesheet with a submitted entry');
    await screenshot(page, 'staff-timesheet-1280');
    await page.getByTestId(`sheet-select-${entryId}`).check();
    await page.getByTestId('sheet-approve').click();
    await page.getByTestId(`sheet-entry-${entryId}`).waitFor({ state: 'detached' });

    await page.getByTestId('sheet-status').click();
    await page.getByRole('option', { name: 'Approved', exact: true }).click();
    const approved = page.getByTestId(`sheet-entry-${entryId}`);
    await approved.waitFor();
    assert.match(await approved.innerText(), /Approved/);
    const entry = await page.request.get(`${server.url}/api/v1/time-entries/${entryId}`);
    assert.equal((await entry.json()).status, 'approved');
    await page.setViewportSize({ width: 360, height: 800 });
    await a11yIdle(owner);
    await checkPage(page, 'timesheet at 360 px');
    await noSidewaysScroll(page, 'timesheet at 360 px');
    await screenshot(page, 'staff-timesheet-360');

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/staff/settings/work-types`);
    await page.getByTestId('work-types').waitFor();
    await a11yIdle(owner);
    await checkPage(page, 'work types');
    await screenshot(page, 'staff-work-types-1280');
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });
});
