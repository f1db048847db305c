/**
 * Time on tickets in the browser (issue 14, points 4 and 5): a technician starts the timer on a demo
 * ticket, reloads (the timer is the server's: it is still running and still ticking), stops it and
 * submits the draft; the owner approves it from the timesheet. axe checks the ticket's time card, the
 * timesheet at 1280 and 360 px, and the work types page (tests/support/a11y.ts). The owner then corrects an
 * approved entry from the ticket page (a reason is required; the reversal and the corrected draft are saved
 * together), and logs a start and end on a daylight-saving change day, read in their own zone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { a11yIdle, checkPage } from '../support/a11y.ts';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import {
  csrfOf,
  noSidewaysScroll,
  OWNER,
  realProblemsIgnoring,
  setUpWithDemo,
  signIn,
} from '../support/e2e.ts';
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
  test('the owner corrects an approved entry from the ticket page, and a span on a DST change day keeps its hour', async () => {
    const page = await owner.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/`);
    await page.locator('[data-testid="app-header"], [data-testid="sign-in-email"]').first().waitFor();
    if (await page.getByTestId('sign-in-email').isVisible()) await signIn(page, OWNER.email, OWNER.password);
    const headers = { 'x-csrf-token': await csrfOf(owner) };

    // An approved demo entry nobody has corrected yet.
    const sheet = await page.request.get(`${server.url}/api/v1/time-entries?status=approved&limit=100`);
    assert.equal(sheet.status(), 200);
    type Entry = {
      id: number;
      ticketId: number;
      actualMinutes: number;
      reversesId: number | null;
      reversedById: number | null;
      startedAt: string | null;
      status: string;
    };
    const target = ((await sheet.json()).items as Entry[]).find(
      (e) => e.reversesId === null && e.reversedById === null && e.actualMinutes > 0,
    );
    assert.ok(target, 'an approved demo entry');
    await page.goto(`${server.url}/staff/tickets/${target.ticketId}`);
    await page.getByTestId(`time-correct-${target.id}`).click();
    const dialog = page.getByTestId('time-reverse-dialog');
    await dialog.getByTestId('time-reverse-reason').waitFor();

    // No reason: refused in the dialog, nothing sent, the entry untouched.
    await dialog.getByTestId('time-reverse-save').click();
    await dialog.getByText('Give a reason for the correction.').waitFor();
    const untouched = await page.request.get(`${server.url}/api/v1/time-entries/${target.id}`);
    assert.equal((await untouched.json()).reversedById, null);

    await dialog.getByTestId('time-reverse-reason').fill('Logged on the wrong day');
    await dialog.getByTestId('time-reverse-correct').check();
    await dialog.getByTestId('time-reverse-minutes').fill('45');
    await a11yIdle(owner);
    await checkPage(page, 'time correction dialog');
    await screenshot(page, 'staff-time-correct-1280');
    await dialog.getByTestId('time-reverse-save').click();
    await dialog.waitFor({ state: 'detached' });

    const corrected = (await (
      await page.request.get(`${server.url}/api/v1/time-entries/${target.id}`)
    ).json()) as Entry;
    assert.ok(corrected.reversedById, 'reversed');
    const reversal = (await (
      await page.request.get(`${server.url}/api/v1/time-entries/${corrected.reversedById}`)
    ).json()) as Entry & { note: string };
    assert.deepEqual(
      [reversal.actualMinutes, reversal.status, reversal.note],
      [-target.actualMinutes, 'approved', 'Logged on the wrong day'],
    );
    const onTicket = (await (
      await page.request.get(`${server.url}/api/v1/tickets/${target.ticketId}/time-entries`)
    ).json()) as { items: Entry[] };
    assert.ok(
      onTicket.items.some((e) => e.status === 'draft' && e.actualMinutes === 45),
      'the corrected draft',
    );
    const reversalRow = page.getByTestId(`time-entry-${corrected.reversedById}`);
    await reversalRow.waitFor();
    assert.match(await reversalRow.innerText(), /reversal/i);
    assert.match(await page.getByTestId(`time-entry-${target.id}`).innerText(), /reversed/i);
    assert.equal(await page.getByTestId(`time-correct-${target.id}`).count(), 0, 'corrected once');

    // 09:00 to 10:00 on 29 March 2026 in Berlin (clocks went forward at 02:00) is 07:00 UTC, not 08:00.
    const zone = await page.request.put(`${server.url}/api/v1/profile/locale`, {
      data: { timeZone: 'Europe/Berlin' },
      headers,
    });
    assert.equal(zone.status(), 200, await zone.text());
    const open = await page.request.get(`${server.url}/api/v1/tickets?status=open,in-progress&limit=1`);
    const ticketId = ((await open.json()).items as { id: number }[])[0]?.id;
    assert.ok(ticketId, 'an open demo ticket');
    await page.goto(`${server.url}/staff/tickets/${ticketId}`);
    await page.getByTestId('time-log-open').click();
    await page.getByTestId('time-date').fill('2026-03-29');
    await page.getByText('Start and end', { exact: true }).click();
    await page.getByTestId('time-start').fill('09:00');
    await page.getByTestId('time-end').fill('10:00');
    await page.getByTestId('time-save').click();
    await page.getByTestId('time-form').waitFor({ state: 'detached' });
    const logged = (await (
      await page.request.get(`${server.url}/api/v1/tickets/${ticketId}/time-entries`)
    ).json()) as { items: (Entry & { entryDate: string })[] };
    const span = logged.items.find((e) => e.entryDate === '2026-03-29');
    assert.ok(span, 'the entry on 29 March');
    assert.deepEqual([span.startedAt, span.actualMinutes], ['2026-03-29T07:00:00.000Z', 60]);
    await page.request.put(`${server.url}/api/v1/profile/locale`, { data: { timeZone: null }, headers });
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });
});
