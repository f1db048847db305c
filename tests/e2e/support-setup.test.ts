/**
 * Support setup and held inbound email, in the browser: an owner adds a category and a canned response,
 * switches the business hours to 24x7 (and the new ticket form then shows it), reviews an email from
 * an unknown sender that the inbound SMTP listener held, and sets how email from senders that are not
 * authenticated is treated (held, or accepted with a warning staff see on the ticket).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { noSidewaysScroll, realProblemsIgnoring, setUpWithDemo } from '../support/e2e.ts';
import { freePort, type RunningServer, startServer } from '../support/server.ts';

const realProblems = realProblemsIgnoring(401, 403, 404);

describe('support setup and held email in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: BrowserContext;
  let smtpPort = 0;

  before(async () => {
    smtpPort = await freePort();
    server = await startServer({
      env: {
        INBOUND_SMTP_PORT: String(smtpPort),
        INBOUND_SMTP_HOST: '127.0.0.1',
        INBOUND_SMTP_DOMAINS: 'support.harbour.example',
      },
    });
    browser = await launchBrowser();
    staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await setUpWithDemo(staff, server.url);
  });
  after(async () => {
    await staff?.close();
    await browser?.close();
    await server?.dispose();
  });

  test('an owner adds a category and a canned response, and makes the business hours 24x7', async () => {
    const page = await staff.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/support`);
    await page.getByTestId('support-tab-categories').waitFor();

    // A new category appears at once and is offered on the new ticket form.
    await page.getByTestId('category-new-name').fill('Printing');
    await page.getByTestId('category-add').click();
    await page.getByTestId('categories-table').getByText('Printing').waitFor();
    await screenshot(page, 'support-categories');

    // A canned response, written in Markdown with a preview.
    await page.getByTestId('support-tab-canned').click();
    await page.getByTestId('canned-new').click();
    await page.getByTestId('canned-title').fill('Restart first');
    await page.getByTestId('canned-body').fill('Please **restart** the device and tell us if it helps.');
    await page.getByTestId('canned-preview-tab').click();
    await page.getByTestId('canned-preview').locator('strong', { hasText: 'restart' }).waitFor();
    await page.getByTestId('canned-save').click();
    await page.getByTestId('canned-table').getByText('Restart first').waitFor();

    // The demo calendar becomes 24x7.
    await page.getByTestId('support-tab-calendars').click();
    await page
      .getByRole('button', { name: /^Edit / })
      .first()
      .click();
    await page.getByTestId('calendar-always-open').check();
    await page.getByTestId('calendar-save').click();
    await page
      .getByText(/24x7|around the clock/i)
      .first()
      .waitFor();
    await screenshot(page, 'support-calendars');

    // What staff see when raising a ticket follows: the category, and 24x7 wording for the targets.
    await page.goto(`${server.url}/staff/tickets/new`);
    const options = await staff.request.get(`${server.url}/api/v1/ticket-options`);
    assert.equal(options.status(), 200, await options.text());
    const body = (await options.json()) as {
      categories: { name: string }[];
      priorities: { expectation: string | null }[];
    };
    assert.ok(body.categories.some((c) => c.name === 'Printing'));
    assert.ok(
      body.priorities.every((p) => p.expectation && !/business/.test(p.expectation)),
      JSON.stringify(body.priorities),
    );

    // At 360 px the setup page does not scroll sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${server.url}/staff/support/policies`);
    await page.getByTestId('support-tab-policies').waitFor();
    await noSidewaysScroll(page, 'support setup at 360 px');
    await screenshot(page, 'support-policies-360');
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });

  test('an email from an unknown sender is held, shown as text, and can be discarded', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({
      from: 'Stranger <stranger@elsewhere.example>',
      to: 'help@support.harbour.example',
      subject: 'Please call me back about <b>pricing</b>',
      text: 'Hello, who looks after your sales? <script>alert(1)</script>',
    });
    transport.close();

    const page = await staff.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/inbound`);
    await page.getByTestId('inbound-table').waitFor({ timeout: 10_000 });
    const row = page
      .locator('[data-testid^="inbound-row-"]')
      .filter({ hasText: 'stranger@elsewhere.example' });
    await row.waitFor();
    assert.match(await row.getByTestId('inbound-status').innerText(), /held/i);
    await row.getByTestId('inbound-open').click();
    await page.getByTestId('inbound-subject').waitFor();
    assert.match(await page.getByTestId('inbound-reason').innerText(), /not a contact|unknown|not known/i);
    // The body is shown as text: the script tag is visible characters, never an element.
    assert.match(await page.getByTestId('inbound-text').innerText(), /<script>alert\(1\)<\/script>/);
    assert.equal(await page.locator('[data-testid="inbound-text"] script').count(), 0);
    await screenshot(page, 'inbound-held');

    await page.getByTestId('inbound-discard').click();
    // A confirmation says what discarding means before anything happens.
    await page.getByTestId('inbound-discard-confirm').click();
    await page.getByTestId('inbound-done').waitFor();

    // No ticket came of it.
    const tickets = await staff.request.get(`${server.url}/api/v1/tickets?q=pricing`);
    assert.equal(tickets.status(), 200);
    assert.equal(((await tickets.json()) as { items: unknown[] }).items.length, 0);
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });

  test('an owner sets how unauthenticated email is treated: a forged sender is accepted with a warning, or held', async () => {
    const page = await staff.newPage();
    const problems = watchConsole(page);
    const forge = async (subject: string) => {
      // A demo contact's address, sent from this machine without any DKIM signature: nothing
      // authenticates it (the demo domains publish nothing in DNS).
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        ignoreTLS: true,
      });
      await transport.sendMail({
        from: 'Alice Moreau <primary@acme.example>',
        to: 'help@support.harbour.example',
        subject,
        text: 'Please send the invoice payment to our new bank account.',
      });
      transport.close();
    };

    await page.goto(`${server.url}/staff/settings`);
    const hold = page.getByTestId('settings-inbound-hold');
    await hold.waitFor();
    assert.equal(await hold.isChecked(), true, 'holding is the default');
    const servers = page.getByTestId('settings-inbound-trusted-servers');
    // A name that is not one is refused before anything is sent, and said why.
    await servers.fill('mx harbour example');
    await servers.press('Enter');
    await page.getByTestId('settings-save').click();
    assert.match(
      await page.getByTestId('settings-error').innerText(),
      /Trusted receiving servers \(IMAP\): .*is not a server name/,
    );
    await servers.press('Backspace');
    await servers.fill('mx.harbour.example');
    await servers.press('Enter');
    await page.getByTestId('settings-inbound-accept-with-warning').check();
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    await screenshot(page, 'settings-inbound');
    const saved = (await (await staff.request.get(`${server.url}/api/v1/settings`)).json()) as {
      inboundUnauthenticated: string;
      inboundTrustedServers: string[];
    };
    assert.equal(saved.inboundUnauthenticated, 'accept-with-warning');
    assert.deepEqual(saved.inboundTrustedServers, ['mx.harbour.example']);

    // Accepted with a warning: the ticket opens, and staff see the warning on it and on the email.
    await forge('Forged: new bank details');
    const found = await staff.request.get(
      `${server.url}/api/v1/tickets?q=${encodeURIComponent('new bank details')}`,
    );
    const ticket = ((await found.json()) as { items: { id: number }[] }).items[0];
    assert.ok(ticket, 'the ticket was opened');
    await page.goto(`${server.url}/staff/tickets/${ticket.id}`);
    const warning = page.getByTestId('ticket-description').getByTestId('unauthenticated-email-warning');
    await warning.waitFor();
    assert.match(await warning.innerText(), /Sender not authenticated/);
    await screenshot(page, 'ticket-unauthenticated-warning');
    await warning.getByRole('link', { name: 'See the received email' }).click();
    const check = page.getByTestId('inbound-sender-check');
    await check.waitFor();
    assert.match(await check.innerText(), /Sender not authenticated[\s\S]*accepted with a warning/);
    assert.match(await check.innerText(), /DMARC for acme\.example: no record/);

    // Back to holding: the next forged email waits for review, marked, with the reason.
    await page.goto(`${server.url}/staff/settings`);
    await page.getByTestId('settings-inbound-hold').check();
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    await forge('Forged again: bank details');
    await page.goto(`${server.url}/staff/inbound`);
    const row = page.locator('[data-testid^="inbound-row-"]').filter({ hasText: 'Forged again' });
    await row.waitFor();
    await row.getByTestId('inbound-unauthenticated').waitFor();
    await row.getByTestId('inbound-open').click();
    assert.match(await page.getByTestId('inbound-reason').innerText(), /could not be authenticated/);
    await page.getByTestId('inbound-sender-check').waitFor();
    await screenshot(page, 'inbound-unauthenticated-held');
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });
});
