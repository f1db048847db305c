import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
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

/** The browser logs every 4xx itself; a 401 before sign-in and the 404 of a foreign record are expected. */
const realProblems = realProblemsIgnoring(401, 404);

async function apiPost(context: BrowserContext, url: string, data: unknown) {
  const res = await context.request.post(url, { data, headers: { 'x-csrf-token': await csrfOf(context) } });
  return res;
}

async function json<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  assert.equal(res.status(), 200, `${url}: ${await res.text()}`);
  return (await res.json()) as T;
}

describe('client directory in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: BrowserContext;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await setUpWithDemo(staff, server.url);
  });
  after(async () => {
    await staff?.close();
    await browser?.close();
    await server?.dispose();
  });

  test('staff create a client, add a contact and see it on the Portal tab', async () => {
    const page = await staff.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/`);
    // Setup signs the owner in; should that session not be there, sign in through the form.
    await page.locator('[data-testid="app-header"], [data-testid="sign-in-email"]').first().waitFor();
    if (await page.getByTestId('sign-in-email').isVisible()) await signIn(page, OWNER.email, OWNER.password);
    await page.getByTestId('app-header').waitFor();

    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByTestId('clients-table').waitFor();
    assert.match(await page.getByTestId('clients-table').innerText(), /Acme Manufacturing/);
    await screenshot(page, 'staff-clients-list');

    await page.getByTestId('clients-search').fill('zzz no such client');
    await page.getByTestId('clients-empty').waitFor();
    await page.getByTestId('clients-search').fill('');
    await page.getByTestId('clients-table').waitFor();

    await page.getByTestId('new-client').click();
    await page.getByTestId('client-name').fill('Harbour Bakery');
    await page.getByTestId('client-phone').fill('+44 161 496 0999');
    await page.getByTestId('add-site').click();
    await page.getByTestId('site-0-label').fill('Bakehouse');
    await page.getByTestId('site-0-address').fill('7 Mill Lane, Salford');
    await page.getByTestId('client-ip-allowlist').fill('203.0.113.0/24\n10.1.2.3/8');
    await page.getByTestId('client-notes').fill('Prefers calls before 10am.');
    await page.getByTestId('client-create').click();
    // The bad range is caught before anything is sent, with the range it probably means.
    await page.getByText(/the range is 10\.0\.0\.0\/8/).waitFor();
    await page.getByTestId('client-ip-allowlist').fill('203.0.113.0/24\n10.0.0.0/8');
    await screenshot(page, 'staff-client-new');
    await page.getByTestId('client-create').click();
    await page.getByTestId('client-title').waitFor();
    assert.equal(await page.getByTestId('client-title').innerText(), 'Harbour Bakery');
    const clientId = Number(/\/staff\/clients\/(\d+)/.exec(page.url())?.[1]);
    assert.ok(clientId > 0);
    assert.ok(await page.getByTestId('internal-badge').isVisible(), 'notes are marked Internal');
    await screenshot(page, 'staff-client-overview');

    await page.getByTestId('tab-contacts').click();
    await page.getByTestId('contacts-empty').waitFor();
    await page.getByTestId('add-contact').click();
    await page.getByTestId('contact-name').fill('Nora Quinn');
    await page.getByTestId('contact-title').fill('Owner');
    await page.getByTestId('contact-email').fill('nora@harbour-bakery.example');
    await page.getByTestId('preset-standard').uncheck();
    await page.getByTestId('preset-primary').check();
    await page
      .getByTestId('access-summary')
      .getByText(/Manage your colleagues/)
      .waitFor();
    await screenshot(page, 'staff-contact-dialog');
    await page.getByTestId('contact-save').click();
    await page.getByTestId('contacts-table').getByText('Nora Quinn').waitFor();
    await page.getByTestId('contact-save').waitFor({ state: 'detached' });

    // Import from CSV: a bad line is reported by number and blocks the import; a clean file goes in.
    await page.getByTestId('import-contacts').click();
    await page
      .getByTestId('import-text')
      .fill('name,email,preset\nOli Baker,oli@harbour-bakery.example,Standard\nBad Row,not-an-email,gold');
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-problems').waitFor();
    assert.match(
      await page.getByTestId('import-problems').innerText(),
      /Line 3 \(email\)[\s\S]*Line 3 \(preset\)/,
    );
    assert.ok(await page.getByTestId('import-run').isDisabled(), 'a file with problems cannot be imported');
    await screenshot(page, 'staff-contacts-import-preview');
    await page
      .getByTestId('import-text')
      .fill('name,email,preset\nOli Baker,oli@harbour-bakery.example,Standard');
    await page.getByTestId('import-check').click();
    await page.getByRole('button', { name: 'Import 1 contact' }).click();
    await page.getByTestId('import-done').waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByTestId('contacts-table').getByText('Oli Baker').waitFor();
    await page.getByTestId('import-done').waitFor({ state: 'detached' });
    await screenshot(page, 'staff-client-contacts');

    // Before an invitation Nora has no login: the Portal tab says so.
    await page.getByTestId('tab-portal').click();
    await page.getByTestId('portal-nobody').waitFor();
    assert.match(await page.getByText(/no login yet/).innerText(), /Nora Quinn/);

    // Give Nora a login through the invitations API (another area's), then the tab lists her.
    const contacts = await json<{ items: { id: number; email: string }[] }>(
      staff.request,
      `${server.url}/api/v1/clients/${clientId}/contacts`,
    );
    const nora = contacts.items.find((c) => c.email === 'nora@harbour-bakery.example');
    assert.ok(nora);
    const invited = await apiPost(staff, `${server.url}/api/v1/clients/${clientId}/invitations`, {
      contactIds: [nora.id],
      method: 'password',
      password: 'nora-bakes-bread-daily',
    });
    assert.equal(invited.status(), 200, await invited.text());
    await page.reload();
    const row = page.getByTestId(`portal-row-${nora.id}`);
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /Nora Quinn/);
    assert.match(text, /Primary/);
    assert.match(text, /Never/, 'no sign-in yet');
    assert.match(text, /active/i);
    await screenshot(page, 'staff-client-portal');

    // The permissions dialog changes access, and the row says so in words.
    await row.getByTestId(`change-access-${nora.id}`).click();
    await page.getByTestId('preset-primary').uncheck();
    await page.getByTestId('preset-billing').check();
    await page.getByTestId('save-access').click();
    await row.getByText(/^Billing$/).waitFor();
    await page.getByTestId('save-access').waitFor({ state: 'detached' });

    // At 360 px the client page and the list fit the screen (a fresh page, as a phone would open it).
    const phone = await staff.newPage();
    const phoneProblems = watchConsole(phone);
    await phone.setViewportSize({ width: 360, height: 800 });
    await phone.goto(`${server.url}/staff/clients/${clientId}/portal`);
    await phone.getByTestId(`portal-card-${nora.id}`).waitFor();
    assert.match(await phone.getByTestId(`portal-card-${nora.id}`).innerText(), /Billing/);
    await noSidewaysScroll(phone, 'portal tab');
    await screenshot(phone, 'staff-client-portal-360');
    await phone.getByTestId('tab-overview').click();
    await phone.getByTestId('client-name').waitFor();
    await noSidewaysScroll(phone, 'overview tab');
    await screenshot(phone, 'staff-client-overview-360');
    await phone.goto(`${server.url}/staff/clients`);
    await phone.getByTestId('clients-table').waitFor();
    await noSidewaysScroll(phone, 'client list');
    await screenshot(phone, 'staff-clients-list-360');
    assert.deepEqual(realProblems(phoneProblems), []);
    await phone.close();
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });

  test('a client takes its own language, time zone and currency, or the organisation’s', async () => {
    const page = await staff.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/clients/new`);
    await page.getByTestId('client-name').fill('Rheinland Werkstatt');
    // Left alone, each field says it follows the organisation, naming the organisation's value.
    for (const id of ['client-language', 'client-time-zone', 'client-currency']) {
      assert.match(await page.getByTestId(id).inputValue(), /^Organisation default \(.+\)$/, id);
    }
    await page.getByTestId('client-language').click();
    await page.getByRole('option', { name: 'Deutsch' }).click();
    await page.getByTestId('client-time-zone').click();
    await page.getByTestId('client-time-zone').fill('Berlin');
    await page.getByRole('option', { name: 'Europe/Berlin' }).click();
    await page.getByTestId('client-currency').click();
    await page.getByTestId('client-currency').fill('CHF');
    await page.getByRole('option', { name: /^CHF – / }).click();
    await screenshot(page, 'staff-client-new-locale');
    await page.getByTestId('client-create').click();
    await page.getByTestId('client-title').waitFor();
    const clientId = Number(/\/staff\/clients\/(\d+)/.exec(page.url())?.[1]);
    type Client = { language: string | null; timeZone: string | null; currency: string };
    const created = await json<Client>(staff.request, `${server.url}/api/v1/clients/${clientId}`);
    assert.deepEqual([created.language, created.timeZone, created.currency], ['de', 'Europe/Berlin', 'CHF']);

    // Back to the organisation's time zone: null on the client, the language and currency untouched.
    assert.equal(await page.getByTestId('client-time-zone').inputValue(), 'Europe/Berlin');
    await page.getByTestId('client-time-zone').click();
    await page.getByTestId('client-time-zone').fill('Organisation');
    await page.getByRole('option', { name: /^Organisation default/ }).click();
    await page.getByTestId('client-save').click();
    await page.getByTestId('client-save-state').getByText('Saved.').waitFor();
    const saved = await json<Client>(staff.request, `${server.url}/api/v1/clients/${clientId}`);
    assert.deepEqual([saved.language, saved.timeZone, saved.currency], ['de', null, 'CHF']);
    // An existing client always has a currency of its own: no "organisation default" to pick.
    await page.getByTestId('client-currency').click();
    assert.equal(await page.getByRole('option', { name: /^Organisation default/ }).count(), 0);
    await page.keyboard.press('Escape');
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });

  test('a contact who manages contacts adds a colleague in the portal', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/`);
    await signIn(page, 'technical@acme.example', 'portico-demo');
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('link', { name: 'Colleagues', exact: true }).click();
    await page.getByTestId('colleagues-list').waitFor();
    assert.match(await page.getByTestId('colleagues-list').innerText(), /Alice Moreau/);
    assert.doesNotMatch(await page.getByTestId('colleagues-list').innerText(), /Fatima/);
    await noSidewaysScroll(page, 'colleagues');
    await screenshot(page, 'portal-colleagues-360');

    await page.getByTestId('add-colleague').click();
    await page.getByTestId('contact-name').fill('Pia Lund');
    await page.getByTestId('contact-email').fill('pia@acme.example');
    await page.getByTestId('contact-title').fill('Apprentice');
    // Billing is not this person's to give: the choice is disabled.
    assert.ok(await page.getByTestId('preset-billing').isDisabled());
    assert.ok(await page.getByTestId('preset-standard').isChecked());
    await screenshot(page, 'portal-colleague-add-360');
    await page.getByTestId('contact-save').click();
    await page.getByTestId('colleague-name').waitFor();
    assert.equal(await page.getByTestId('colleague-name').innerText(), 'Pia Lund');
    assert.match(page.url(), /\/portal\/colleagues\/\d+$/);
    await noSidewaysScroll(page, 'colleague');
    await screenshot(page, 'portal-colleague-360');

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Colleagues', exact: true }).click();
    await page.getByTestId('colleagues-list').getByText('Pia Lund').waitFor();
    await screenshot(page, 'portal-colleagues');
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('a contact opening another client’s contact by URL sees a not-found page', async () => {
    const clients = await json<{ items: { id: number; name: string }[] }>(
      staff.request,
      `${server.url}/api/v1/clients?q=Birchwood`,
    );
    const birchwood = clients.items[0]!;
    const contacts = await json<{ items: { id: number; name: string }[] }>(
      staff.request,
      `${server.url}/api/v1/clients/${birchwood.id}/contacts`,
    );
    const foreign = contacts.items[0]!;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/portal/`);
    await signIn(page, 'primary@acme.example', 'portico-demo');
    await page.goto(`${server.url}/portal/colleagues/${foreign.id}`);
    await page.getByTestId('not-found').waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(foreign.name));
    await screenshot(page, 'portal-colleague-foreign');
    await context.close();
  });
});
