import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import type { Browser } from 'playwright-core';
import Database from '../../src/server/platform/db/sqlite-native.ts';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { realProblemsIgnoring, setUpWithDemo, submitSignIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const CONTACT = { email: 'primary@acme.example', password: 'portico-demo' };

/** 4xx answers the page expects (signed out, a wrong code) are logged by the browser itself. */
const realProblems = realProblemsIgnoring(400, 401, 403);

/** The code the authenticator app shows `offsetMs` from now. */
function totpCode(secret: string, offsetMs = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetMs,
  });
}

describe('account security in the browser', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // Set up with the demo data through the API, as the setup page would.
    const context = await browser.newContext();
    await setUpWithDemo(context, server.url);
    await context.close();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  test('a contact sets up TOTP, signs out, and signs in with a code; a wrong code shows an error', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/`);
    await page.getByTestId('sign-in-email').waitFor();
    assert.equal(await page.getByTestId('forgot-password').getAttribute('href'), '/portal/forgot-password');
    await screenshot(page, 'security-sign-in');
    await submitSignIn(page, CONTACT.email, CONTACT.password);
    await page.getByTestId('app-header').waitFor();

    await page.getByRole('link', { name: 'Your profile' }).click();
    await page.getByTestId('profile-mfa').waitFor();
    await page.getByTestId('mfa-state').filter({ hasText: 'Off' }).waitFor();
    await page.getByTestId('profile-sessions').getByTestId('session-current').waitFor();
    await page.getByTestId('sign-in-history').waitFor();
    await screenshot(page, 'security-profile');

    await page.getByTestId('mfa-setup').click();
    await page.getByTestId('mfa-setup-password').fill(CONTACT.password);
    await page.getByTestId('mfa-setup-start').click();
    const secretBox = page.getByTestId('mfa-secret');
    await secretBox.waitFor();
    const secret = (await secretBox.getAttribute('data-secret')) ?? '';
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal((await secretBox.innerText()).replace(/\s+/g, ''), secret, 'the key shown is the secret');
    const qr = await page.getByTestId('mfa-qr').getAttribute('src');
    assert.match(qr ?? '', /^data:image\/png;base64,/);
    await screenshot(page, 'security-mfa-qr');
    await page.getByTestId('mfa-setup-code').fill(totpCode(secret));
    await page.getByTestId('mfa-confirm').click();
    await page.getByTestId('backup-codes').waitFor();
    assert.equal(await page.getByTestId('backup-code').count(), 10);
    await screenshot(page, 'security-backup-codes');
    await page.getByTestId('mfa-finish').click();
    await page.getByTestId('mfa-state').filter({ hasText: 'On' }).waitFor();

    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-email').waitFor();
    await submitSignIn(page, CONTACT.email, CONTACT.password);
    await page.getByTestId('mfa-step').waitFor();
    const code = page.getByTestId('mfa-code');
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await code.getAttribute('inputmode'), 'numeric');

    const near = new Set([-30_000, 0, 30_000, 60_000].map((offset) => totpCode(secret, offset)));
    let wrong = '000000';
    for (let i = 0; near.has(wrong); i++) wrong = String(111111 + i).padStart(6, '0');
    await code.fill(wrong);
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('mfa-error').waitFor();
    assert.match(await page.getByTestId('mfa-error').innerText(), /not right/);
    await screenshot(page, 'security-mfa-wrong-code');

    // The code of the next time step: inside the ±1 window and newer than the one used to set up.
    await code.fill(totpCode(secret, 30_000));
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('app-header').waitFor();
    assert.match(await page.getByTestId('signed-in-person').innerText(), /Acme Manufacturing/);
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('the profile and the code step work at 360 px wide, with no sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/profile`);
    await submitSignIn(page, 'billing@acme.example', 'portico-demo');
    await page.getByTestId('profile-sign-ins').waitFor();
    await page.getByTestId('sign-in-history').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await screenshot(page, 'security-profile-360');

    await page.getByTestId('profile-name').fill('Ben Carter-Jones');
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile-saved').waitFor();
    await page.getByTestId('profile-email-new').fill('not-an-email');
    await page.getByTestId('profile-email-submit').click();
    await page.getByText('Enter a valid email address').waitFor();
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('after a password set by staff, the person chooses their own before anything else', async () => {
    // What an invitation with a staff-set password leaves behind (set here directly in the database).
    const db = new Database(path.join(server.dataDir, 'portico.db'));
    try {
      db.prepare('update accounts set must_change_password = 1 where email = ?').run('standard@acme.example');
    } finally {
      db.close();
    }
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/`);
    await submitSignIn(page, 'standard@acme.example', 'portico-demo');
    await page.getByTestId('must-change-password').waitFor();
    await page.getByTestId('password-current').fill('portico-demo');
    await page.getByTestId('password-new').fill('qwerty123456');
    await page.getByTestId('password-repeat').fill('qwerty123456');
    await page.getByTestId('password-submit').click();
    await page.getByText(/commonly used passwords/).waitFor();
    await screenshot(page, 'security-must-change-360');
    await page.getByTestId('password-new').fill('dana picks her own passphrase');
    await page.getByTestId('password-repeat').fill('dana picks her own passphrase');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('app-header').waitFor();
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('staff see the Security settings and their own profile', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/`);
    assert.equal(await page.getByTestId('forgot-password').getAttribute('href'), '/staff/forgot-password');
    await submitSignIn(page, 'maya@harbour.example', 'harbour-owner-passphrase');
    await page.getByTestId('app-header').waitFor();
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const minLength = page.getByTestId('settings-password-min-length');
    await minLength.waitFor();
    assert.equal(await minLength.inputValue(), '12');
    await minLength.fill('14');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    await page.getByRole('heading', { name: 'Security' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'security-staff-settings');
    await page.getByRole('link', { name: 'Your profile' }).click();
    await page.getByTestId('profile-password').waitFor();
    assert.match(await page.getByTestId('profile-password').innerText(), /At least 14 characters/);
    await screenshot(page, 'security-staff-profile');

    // Requiring MFA for staff holds the owner too: the set-up comes before any other page.
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByTestId('settings-require-staff-mfa').check();
    await page.getByTestId('settings-save').click();
    await page.getByTestId('mfa-enrolment-required').waitFor();
    await page.getByTestId('mfa-setup-password').fill('harbour-owner-passphrase');
    await page.getByTestId('mfa-setup-start').click();
    const secret = (await page.getByTestId('mfa-secret').getAttribute('data-secret')) ?? '';
    await screenshot(page, 'security-staff-mfa-required');
    await page.getByTestId('mfa-setup-code').fill(totpCode(secret));
    await page.getByTestId('mfa-confirm').click();
    await page.getByTestId('mfa-finish').click();
    await page.getByTestId('app-header').waitFor();
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });
});
