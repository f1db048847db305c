/**
 * Duplicate submissions (issue 12, point 4): Enter pressed three times quickly in the new-ticket
 * Subject field, or the submit button clicked three times, makes one ticket; the one request carries
 * an Idempotency-Key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { csrfOf, realProblemsIgnoring, setUpWithDemo, signIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const realProblems = realProblemsIgnoring(401);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('double submission in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: BrowserContext;
  let contact: BrowserContext;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await setUpWithDemo(staff, server.url);
    contact = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await contact?.close();
    await staff?.close();
    await browser?.close();
    await server?.dispose();
  });

  /** Tickets whose subject is exactly `subject`, as the staff queue finds them. */
  async function ticketsNamed(subject: string): Promise<number> {
    const res = await staff.request.get(`${server.url}/api/v1/tickets?q=${encodeURIComponent(subject)}`, {
      headers: { 'x-csrf-token': await csrfOf(staff) },
    });
    assert.equal(res.status(), 200, await res.text());
    const body = (await res.json()) as { items: { subject: string }[] };
    return body.items.filter((t) => t.subject === subject).length;
  }

  /** The POST /api/v1/tickets requests the page sends, with their Idempotency-Key. */
  function watchCreates(page: Page): string[] {
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/tickets') {
        keys.push(request.headers()['idempotency-key'] ?? '(none)');
      }
    });
    return keys;
  }

  async function openNewTicket(page: Page, subject: string): Promise<void> {
    await page.goto(`${server.url}/portal/tickets/new`);
    await page.getByTestId('new-ticket-form').waitFor();
    await page.getByTestId('ticket-description').fill('The screen stays black after the logo.');
    await page.getByTestId('ticket-subject').fill(subject);
  }

  /** Waits for the ticket page, then long enough for any further request to have been answered. */
  async function settled(page: Page): Promise<void> {
    await page.waitForURL(/\/portal\/tickets\/\d+$/, { timeout: 60_000 });
    await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
    await page.waitForTimeout(1500);
  }

  test('Enter pressed three times quickly in the Subject field makes one ticket', async () => {
    const page = await contact.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/`);
    await signIn(page, 'standard@acme.example');
    const subject = `Laptop will not start ${Date.now() % 100_000}`;
    await openNewTicket(page, subject);
    const keys = watchCreates(page);

    await page.getByTestId('ticket-subject').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await settled(page);
    await screenshot(page, 'double-submit-enter');

    assert.equal(await ticketsNamed(subject), 1, 'tickets created');
    assert.equal(keys.length, 1, `requests sent: ${keys.join(', ')}`);
    assert.match(keys[0] ?? '', UUID);
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });

  test('submits that reach the form before it can render (a busy page) send one request', async () => {
    // Key presses queued while the page is busy run one after another before React renders the
    // form as pending; three submits in one task are the same thing, without the timing.
    const page = await contact.newPage();
    const problems = watchConsole(page);
    const subject = `Keyboard types twice ${Date.now() % 100_000}`;
    await openNewTicket(page, subject);
    const keys = watchCreates(page);
    await page.getByTestId('new-ticket-form').evaluate((form: HTMLFormElement) => {
      form.requestSubmit();
      form.requestSubmit();
      form.requestSubmit();
    });
    await settled(page);
    assert.equal(keys.length, 1, `requests sent: ${keys.join(', ')}`);
    assert.equal(await ticketsNamed(subject), 1, 'tickets created');
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });

  test('three quick clicks on Submit make one ticket', async () => {
    const page = await contact.newPage();
    const problems = watchConsole(page);
    const subject = `Monitor flickers ${Date.now() % 100_000}`;
    await openNewTicket(page, subject);
    const keys = watchCreates(page);

    await page.getByTestId('ticket-submit').click({ clickCount: 3, delay: 0 });
    await settled(page);

    assert.equal(await ticketsNamed(subject), 1, 'tickets created');
    assert.equal(keys.length, 1, `requests sent: ${keys.join(', ')}`);
    assert.deepEqual(realProblems(problems), []);

    // The next ticket, even with the same words, is a new submission with a new key.
    await openNewTicket(page, subject);
    await page.getByTestId('ticket-submit').click();
    await settled(page);
    assert.equal(await ticketsNamed(subject), 2, 'a second, deliberate ticket');
    assert.equal(keys.length, 2);
    assert.notEqual(keys[0], keys[1]);
    await page.close();
  });
});
