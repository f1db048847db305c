import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { startSmtpSink } from '../../src/server/test/smtp.ts';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import {
  csrfOf,
  noSidewaysScroll,
  realProblemsIgnoring,
  setUpWithDemo,
  submitSignIn,
} from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const OWNER = { name: 'Ines Inviter', email: 'ines@harbour.example', password: 'harbour-owner-passphrase' };
const CONTACT_PASSWORD = 'my own portal passphrase';

type Sink = Awaited<ReturnType<typeof startSmtpSink>>;

/** Failing to load /me while signed out is expected: the browser logs every 4xx response itself. */
const realProblems = realProblemsIgnoring(401, 404, 409);

function linkFrom(text: string, path: string): string {
  const match = new RegExp(`https?://\\S+${path}\\?token=[A-Za-z0-9_-]+`).exec(text);
  assert.ok(match, `a ${path} link in:\n${text}`);
  return match[0];
}

async function apiPost(context: BrowserContext, url: string, data: unknown) {
  const request: APIRequestContext = context.request;
  const res = await request.post(url, { data, headers: { 'x-csrf-token': await csrfOf(context) } });
  assert.ok(res.ok(), `${url}: ${res.status()} ${await res.text()}`);
  return res.json();
}

describe('invitations and password reset in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let sink: Sink;
  let staff: BrowserContext;
  let acmeId: number;

  before(async () => {
    sink = await startSmtpSink();
    server = await startServer({ env: { SMTP_URL: sink.url } });
    browser = await launchBrowser();
    staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await setUpWithDemo(staff, server.url, OWNER);
    const clients = await (await staff.request.get(`${server.url}/api/v1/clients?q=Acme`)).json();
    acmeId = clients.items.find((c: { name: string }) => c.name === 'Acme Manufacturing').id;
  });
  after(async () => {
    await staff?.close();
    await browser?.close();
    await server?.dispose();
    await sink?.close();
  });

  test('a contact invited by email opens the link, sets a password, signs in, enrols TOTP and signs in with a code', async () => {
    const contact = await apiPost(staff, `${server.url}/api/v1/clients/${acmeId}/contacts`, {
      name: 'Wanda Welcome',
      email: 'wanda@acme.example',
      presets: ['technical'],
    });
    // Staff invite from the client's Portal tab.
    const staffPage = await staff.newPage();
    const staffProblems = watchConsole(staffPage);
    await staffPage.goto(`${server.url}/staff/clients/${acmeId}/portal`);
    await staffPage.getByTestId('invite-contacts-open').click();
    const dialog = staffPage.getByTestId('invite-dialog');
    await dialog.getByLabel('Wanda Welcome (wanda@acme.example)').check();
    assert.ok(await dialog.getByLabel('Email them a link to set their own password').isChecked());
    await screenshot(staffPage, 'invite-dialog');
    await staffPage.getByTestId('invite-submit').click();
    await staffPage.getByTestId(`invite-result-${contact.id}`).waitFor();
    assert.match(await staffPage.getByTestId(`invite-result-${contact.id}`).innerText(), /invitation sent/i);
    await staffPage.getByTestId('invite-done').click();
    assert.deepEqual(realProblems(staffProblems), []);

    // The server's own job worker delivers the email over SMTP to the sink in this process.
    const mails = await sink.waitFor(1, 15_000);
    const mail = mails.find((m) => m.to.includes('wanda@acme.example'));
    assert.ok(mail);
    const link = linkFrom(mail.text, '/portal/invite');

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(link);
    await page.getByTestId('invite-title').waitFor();
    assert.match(await page.getByTestId('invite-title').innerText(), /Welcome, Wanda Welcome/);
    assert.equal(await page.getByTestId('invite-email').inputValue(), 'wanda@acme.example');
    await screenshot(page, 'invite-accept');

    // A mismatch is caught before anything is sent.
    await page.getByTestId('new-password').fill(CONTACT_PASSWORD);
    await page.getByTestId('confirm-password').fill('something else entirely');
    await page.getByTestId('invite-accept').click();
    await page.getByText('The two passwords are not the same').waitFor();

    await page.getByTestId('confirm-password').fill(CONTACT_PASSWORD);
    await page.getByTestId('invite-accept').click();
    await page.getByTestId('app-header').waitFor();
    assert.match(page.url(), /\/portal\/$/);
    assert.match(await page.getByTestId('signed-in-person').innerText(), /Acme Manufacturing/);
    await screenshot(page, 'invite-accepted-portal');

    // Sign out and in again with the chosen password.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-email').waitFor();
    await submitSignIn(page, 'wanda@acme.example', CONTACT_PASSWORD);
    await page.getByTestId('app-header').waitFor();
    assert.match(await page.getByTestId('signed-in-person').innerText(), /Wanda Welcome/);

    // The link is spent: opening it again says so plainly.
    await page.goto(link);
    await page.getByTestId('link-problem').waitFor();
    assert.match(await page.getByTestId('link-problem').innerText(), /already been used/);

    // The same person sets up two-factor authentication, signs out, and signs in with a code.
    await page.goto(`${server.url}/portal/profile`);
    await page.getByTestId('mfa-setup').click();
    await page.getByTestId('mfa-setup-password').fill(CONTACT_PASSWORD);
    await page.getByTestId('mfa-setup-start').click();
    const secret = (await page.getByTestId('mfa-secret').getAttribute('data-secret')) ?? '';
    assert.match(secret, /^[A-Z2-7]{32}$/);
    const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    await page.getByTestId('mfa-setup-code').fill(totp.generate());
    await page.getByTestId('mfa-confirm').click();
    await page.getByTestId('backup-codes').waitFor();
    await page.getByTestId('mfa-finish').click();
    await page.getByTestId('mfa-state').filter({ hasText: 'On' }).waitFor();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-email').waitFor();
    await submitSignIn(page, 'wanda@acme.example', CONTACT_PASSWORD);
    await page.getByTestId('mfa-step').waitFor();
    // The next time step's code: inside the accepted window and newer than the one used to set up.
    await page.getByTestId('mfa-code').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('app-header').waitFor();
    assert.match(await page.getByTestId('signed-in-person').innerText(), /Wanda Welcome/);
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('a shareable invite link lets a newcomer join; a revoked one says so', async () => {
    // Staff make the link on the client's Portal tab; its address is shown once.
    const staffPage = await staff.newPage();
    const staffProblems = watchConsole(staffPage);
    await staffPage.goto(`${server.url}/staff/clients/${acmeId}/portal`);
    await staffPage.getByTestId('invite-link-days').fill('14');
    await staffPage.getByTestId('invite-link-max-uses').fill('5');
    await staffPage.getByTestId('invite-link-create').click();
    await staffPage.getByTestId('invite-link-created').waitFor();
    const url = await staffPage.getByTestId('invite-link-url').inputValue();
    assert.match(url, /\/portal\/join\?token=/);
    await staffPage.getByText('0 of 5 used').waitFor();
    await screenshot(staffPage, 'invite-links-panel');

    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(url);
    await page.getByTestId('join-title').waitFor();
    assert.match(await page.getByTestId('join-title').innerText(), /Join Acme Manufacturing/);
    await noSidewaysScroll(page);
    await screenshot(page, 'join-360');

    // An email that already has a login is refused with a plain message under the field.
    await page.getByTestId('join-name').fill('Nils Newcomer');
    await page.getByTestId('join-email').fill('primary@acme.example');
    await page.getByTestId('new-password').fill(CONTACT_PASSWORD);
    await page.getByTestId('confirm-password').fill(CONTACT_PASSWORD);
    await page.getByTestId('join-submit').click();
    await page.getByText('An account with this email already exists').first().waitFor();

    await page.getByTestId('join-email').fill('nils@newcomer.example');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('app-header').waitFor();
    await page.getByRole('button', { name: 'Open navigation' }).waitFor();
    assert.deepEqual(realProblems(problems), []);
    await context.close();

    // Staff see the use counted, then revoke the link.
    await staffPage.reload();
    await staffPage.getByText('1 of 5 used').waitFor();
    await staffPage.getByRole('button', { name: 'Revoke', exact: true }).first().click();
    await staffPage.getByTestId('invite-link-revoke-confirm').click();
    await staffPage.getByText('Revoked', { exact: true }).first().waitFor();
    assert.deepEqual(realProblems(staffProblems), []);
    await staffPage.close();

    const late = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const latePage = await late.newPage();
    await latePage.goto(url);
    await latePage.getByTestId('link-problem').waitFor();
    assert.match(await latePage.getByTestId('link-problem').innerText(), /withdrawn/);
    await screenshot(latePage, 'join-revoked');
    await late.close();
  });

  test('staff generate a password shown once, and send a contact a reset link, on a phone', async () => {
    const contact = await apiPost(staff, `${server.url}/api/v1/clients/${acmeId}/contacts`, {
      name: 'Gus Generated',
      email: 'gus@acme.example',
      presets: ['standard'],
    });
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await phone.addCookies(await staff.cookies());
    const page = await phone.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/clients/${acmeId}/portal`);
    await page.getByTestId('invite-contacts-open').click();
    const dialog = page.getByTestId('invite-dialog');
    await dialog.getByLabel('Gus Generated (gus@acme.example)').check();
    await dialog.getByLabel('Generate a password and show it once').check();
    await page.getByTestId('invite-submit').click();
    const shown = page.getByTestId(`generated-password-${contact.id}`);
    await shown.waitFor();
    const password = (await shown.innerText()).trim();
    assert.match(password, /^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    await noSidewaysScroll(page);
    await screenshot(page, 'invite-generated-360');
    await page.getByTestId('invite-done').click();

    // The generated password signs in (and the person must choose a new one first).
    const check = await browser.newContext();
    await check.request.get(`${server.url}/api/v1/auth/csrf`);
    const login = await check.request.post(`${server.url}/api/v1/auth/login`, {
      data: { email: 'gus@acme.example', password },
      headers: { 'x-csrf-token': await csrfOf(check) },
    });
    assert.equal(login.status(), 200);
    assert.equal((await login.json()).mustChangePassword, true);
    await check.close();

    // Reset password from the same tab: the contact gets a link by email.
    const before = sink.received.length;
    // The tab shows a table on wide screens and cards on narrow ones: use the one on screen.
    await page.locator(`[data-testid="reset-password-${contact.id}"]:visible`).click();
    await page.getByTestId('reset-password-confirm').click();
    await page.getByTestId('reset-password-sent').waitFor();
    await screenshot(page, 'reset-password-sent-360');
    const mails = await sink.waitFor(before + 1, 15_000);
    assert.ok(
      mails
        .slice(before)
        .some((m) => m.to.includes('gus@acme.example') && /reset-password\?token=/.test(m.text)),
    );
    assert.deepEqual(realProblems(problems), []);
    await phone.close();
  });

  test('forgot password: the emailed link sets a new password, then the person signs in', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    // From the sign-in page's "Forgot password?" link.
    await page.goto(`${server.url}/portal/`);
    await page.getByTestId('forgot-password').click();
    await page.waitForURL(/\/portal\/forgot-password$/);
    await page.getByTestId('forgot-email').fill('standard@acme.example');
    await noSidewaysScroll(page);
    await screenshot(page, 'forgot-password-360');
    const before = sink.received.length;
    await page.getByTestId('forgot-submit').click();
    await page.getByTestId('forgot-password-sent').waitFor();
    assert.match(await page.getByTestId('forgot-password-sent').innerText(), /If an account uses this email/);

    const mails = await sink.waitFor(before + 1, 15_000);
    const mail = mails.slice(before).find((m) => m.to.includes('standard@acme.example'));
    assert.ok(mail);
    await page.goto(linkFrom(mail.text, '/portal/reset-password'));
    await page.getByTestId('reset-submit').waitFor();
    await screenshot(page, 'reset-password-360');
    await page.getByTestId('new-password').fill('a fresh standard passphrase');
    await page.getByTestId('confirm-password').fill('a fresh standard passphrase');
    await page.getByTestId('reset-submit').click();
    await page.getByTestId('reset-done').waitFor();
    await page.getByTestId('reset-sign-in').click();
    await page.getByTestId('sign-in-email').waitFor();
    await submitSignIn(page, 'standard@acme.example', 'a fresh standard passphrase');
    await page.getByTestId('app-header').waitFor();
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('the staff reset pages are shown signed out, in the staff branding', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/forgot-password`);
    await page.getByTestId('forgot-email').waitFor();
    await page.goto(`${server.url}/staff/reset-password?token=${'x'.repeat(43)}`);
    await page.getByTestId('link-problem').waitFor();
    assert.match(await page.getByTestId('link-problem').innerText(), /does not work/);
    await screenshot(page, 'staff-reset-invalid');
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });
});
