import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { ticketDetail } from '../../src/shared/schemas/tickets.ts';
import { isOpen, nextOpening } from '../../src/shared/sla-time.ts';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { noSidewaysScroll, realProblemsIgnoring, setUpWithDemo, signIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

/** 4xx answers the page expects (signed out, a foreign ticket) are logged by the browser itself. */
const realProblems = realProblemsIgnoring(401, 403, 404);

/** A tiny valid PNG (1x1, red). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

describe('portal tickets in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: BrowserContext;
  let contact: BrowserContext;
  let files: string;
  let ticketId = 0;
  const subject = `Printer on the second floor is offline ${Date.now() % 100_000}`;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await setUpWithDemo(staff, server.url);
    contact = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    files = mkdtempSync(path.join(tmpdir(), 'portico-upload-'));
    writeFileSync(path.join(files, 'error-screen.png'), PNG);
    writeFileSync(path.join(files, 'printer-log.txt'), 'Paper jam in tray 2\nOffline since 09:12\n');
  });
  after(async () => {
    await contact?.close();
    await staff?.close();
    await browser?.close();
    await server?.dispose();
  });

  test('a contact raises a ticket with an attachment and sees it, with live SLA timers', async () => {
    const page = await contact.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/`);
    await signIn(page, 'standard@acme.example');

    // The home page has a tickets card with a New ticket button.
    await page.getByTestId('home-tickets').waitFor();
    await page.getByTestId('home-new-ticket').click();

    await page.getByTestId('new-ticket-form').waitFor();
    // Each priority states what the provider promises.
    const priorities = await page.getByTestId('ticket-priority').innerText();
    assert.match(priorities, /Critical/);
    await page.getByTestId('ticket-subject').fill(subject);
    await page.getByTestId('priority-high').check();
    await page.getByTestId('ticket-description').fill('Nobody can print.\n\n- tried **restarting** it');
    await page.getByTestId('ticket-description-preview').click();
    await page
      .getByTestId('ticket-description-rendered')
      .locator('strong', { hasText: 'restarting' })
      .waitFor();
    await page.getByTestId('ticket-description-write').click();
    await page.getByTestId('ticket-affected').fill('PRN-2F-01');
    await page.getByTestId('ticket-affected').press('Enter');

    await page
      .locator('input[type="file"]')
      .first()
      .setInputFiles([path.join(files, 'error-screen.png'), path.join(files, 'printer-log.txt')]);
    await page.getByText('printer-log.txt').first().waitFor();
    // The submit button waits for the uploads.
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid="ticket-submit"]') as HTMLButtonElement | null)?.disabled,
    );
    await screenshot(page, 'portal-ticket-new');
    await page.getByTestId('ticket-submit').click();

    await page.getByTestId('ticket-title').waitFor();
    ticketId = Number(/\/portal\/tickets\/(\d+)/.exec(page.url())?.[1]);
    assert.ok(ticketId > 0, page.url());
    assert.match(await page.getByTestId('ticket-title').innerText(), new RegExp(subject));
    assert.equal(await page.getByTestId('ticket-assignee').count(), 1);
    assert.match(
      await page.getByTestId('ticket-description-html').innerHTML(),
      /<strong>restarting<\/strong>/,
    );
    await page.getByText('printer-log.txt').first().waitFor();

    // Both clocks, as timers in words.
    const timers = page.getByRole('timer');
    assert.equal(await timers.count(), 2);
    const label = (await timers.first().getAttribute('aria-label')) ?? '';
    assert.match(label, /^Response: (due in|at risk|.*overdue|paused|met)/i);
    const words = await page.getByTestId('sla-response-words').innerText();
    assert.match(words, /Due in|At risk|overdue|Paused|Met/);
    await screenshot(page, 'portal-ticket-detail');

    // The list shows it, with its SLA state in words.
    await page.getByRole('link', { name: 'All tickets' }).click();
    await page.getByTestId('tickets-table').waitFor();
    const row = page.getByTestId(`ticket-row-${ticketId}`);
    await row.waitFor();
    assert.match(await row.innerText(), /High/);
    assert.match(
      await row.getByTestId('sla-badge').innerText(),
      /on track|at risk|overdue|Paused|Met|No SLA/i,
    );
    await screenshot(page, 'portal-tickets-list');

    // Search and the "no match" state.
    await page.getByTestId('tickets-search').fill('zzz nothing like this');
    await page.getByTestId('tickets-no-match').waitFor();
    await page.getByTestId('tickets-clear-filters').click();
    await page.getByTestId(`ticket-row-${ticketId}`).waitFor();

    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });

  test('a staff reply reaches the open ticket page without a reload; an internal note never does', async () => {
    assert.ok(ticketId > 0);
    const page = await contact.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/tickets/${ticketId}`);
    await page.getByTestId('ticket-title').waitFor();
    // Give the event stream a moment to connect.
    await page.waitForTimeout(500);

    // Staff answer from the staff app: first an internal note, then a public reply.
    const desk = await staff.newPage();
    const deskProblems = watchConsole(desk);
    await desk.goto(`${server.url}/staff/tickets/${ticketId}`);
    await desk.getByTestId('composer').waitFor();
    await desk.getByTestId('composer-mode').getByText('Internal note').click();
    await desk.getByTestId('composer-body').fill('INTERNAL: check the toner order');
    await desk.getByTestId('composer-send').click();
    await desk.getByTestId('message-internal').getByText('check the toner order').waitFor();
    await desk.getByTestId('composer-mode').getByText('Public reply').click();
    await desk.getByTestId('composer-body').fill('We are on our way with a **new fuser**.');
    await desk.getByTestId('composer-send').click();
    await desk.getByTestId('message-public').getByText('new fuser').waitFor();
    assert.deepEqual(realProblems(deskProblems), []);
    await desk.close();

    await page.getByTestId('conversation').getByText('new fuser').waitFor({ timeout: 5000 });
    await page.getByTestId('message-new').first().waitFor();
    assert.match(await page.getByTestId('conversation-announcement').innerText(), /New reply from/);
    assert.doesNotMatch(await page.content(), /INTERNAL: check the toner order/);

    // The contact answers.
    await page.getByTestId('reply-body').fill('Thank you, the printer is in room 2.14.');
    await page.getByTestId('reply-submit').click();
    await page.getByTestId('conversation').getByText('room 2.14').waitFor();
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });

  test('the SLA timer counts business time without a reload', async () => {
    assert.ok(ticketId > 0);
    // Read the ticket's calendar, then run the page's clock at an instant when the calendar is open.
    const res = await contact.request.get(`${server.url}/api/v1/tickets/${ticketId}`);
    assert.equal(res.status(), 200, await res.text());
    const { sla } = ticketDetail.parse(await res.json());
    assert.ok(sla, 'the default SLA policy applies');
    const start = Date.parse(nextOpening(sla.calendar, Date.now() + 24 * 3_600_000)) + 60_000;
    assert.ok(isOpen(sla.calendar, start + 3 * 60_000), 'the calendar stays open for three minutes');

    const page = await contact.newPage();
    const problems = watchConsole(page);
    await page.clock.install({ time: start });
    await page.goto(`${server.url}/portal/tickets/${ticketId}`);
    await page.getByTestId('sla-timers').waitFor();
    const resolution = page.getByTestId('sla-resolution-words');
    const before = await resolution.innerText();
    await page.clock.runFor(2 * 60_000);
    const after = await resolution.innerText();
    assert.notEqual(after, before, `the resolution clock moved: ${before} → ${after}`);
    assert.match(after, /Due in|At risk|overdue/);
    assert.equal(await page.getByTestId('sla-resolution').getAttribute('role'), 'timer');
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });

  test('at 360 px the list is cards and nothing scrolls sideways', async () => {
    const small = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await small.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/tickets`);
    await signIn(page, 'standard@acme.example');
    await page.getByTestId('tickets-cards').waitFor();
    assert.equal(await page.getByTestId('tickets-table').isVisible(), false);
    await page.getByTestId(`ticket-card-${ticketId}`).waitFor();
    await noSidewaysScroll(page, 'ticket list');
    await screenshot(page, 'portal-tickets-list-360');

    await page.goto(`${server.url}/portal/tickets/${ticketId}`);
    await page.getByTestId('ticket-title').waitFor();
    await noSidewaysScroll(page, 'ticket page');
    await screenshot(page, 'portal-ticket-detail-360');

    await page.goto(`${server.url}/portal/tickets/new`);
    await page.getByTestId('new-ticket-form').waitFor();
    await noSidewaysScroll(page, 'new ticket');
    await screenshot(page, 'portal-ticket-new-360');
    assert.deepEqual(realProblems(problems), []);
    await small.close();
  });

  test("another client's ticket is not found, and read-only contacts cannot raise tickets", async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await other.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/tickets/${ticketId}`);
    await signIn(page, 'primary@birchwood.example');
    await page.getByTestId('ticket-not-found').waitFor();
    assert.doesNotMatch(await page.content(), new RegExp(subject));
    assert.deepEqual(realProblems(problems), []);
    await other.close();

    const readOnly = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const ro = await readOnly.newPage();
    await ro.goto(`${server.url}/portal/tickets/new`);
    await signIn(ro, 'readonly@acme.example');
    await ro.getByTestId('tickets-unavailable').waitFor();
    assert.match(await ro.getByTestId('tickets-unavailable').innerText(), /cannot raise tickets/);
    await ro.goto(`${server.url}/portal/tickets`);
    await ro.getByRole('heading', { name: 'Tickets' }).waitFor();
    assert.equal(await ro.getByTestId('new-ticket').count(), 0);
    await readOnly.close();
  });
});
