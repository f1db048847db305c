import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { artifacts, launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { csrfOf, DEMO_PASSWORD, realProblemsIgnoring, setUpWithDemo, signIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

/** 4xx answers the page expects (signed out, refused) are logged by the browser itself. */
const realProblems = realProblemsIgnoring(401, 403, 404);

async function navLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Portal navigation' });
  return nav.getByRole('link').allInnerTexts();
}

async function staffGet<T>(api: APIRequestContext, url: string, path: string): Promise<T> {
  const res = await api.get(`${url}${path}`);
  assert.equal(res.status(), 200, `${path}: ${await res.text()}`);
  return (await res.json()) as T;
}

describe('who may see what, in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: BrowserContext;
  let acmeId = 0;
  let birchwoodContactId = 0;
  let acmeBillingId = 0;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // Set up with the demo data through the API; this context stays signed in as the owner.
    staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await setUpWithDemo(staff, server.url);
    const clients = await staffGet<{ items: { id: number; name: string }[] }>(
      staff.request,
      server.url,
      '/api/v1/clients?status=all&limit=100',
    );
    acmeId = clients.items.find((c) => c.name === 'Acme Manufacturing')!.id;
    const birchwoodId = clients.items.find((c) => c.name === 'Birchwood Dental')!.id;
    const birchwood = await staffGet<{ items: { id: number; email: string | null }[] }>(
      staff.request,
      server.url,
      `/api/v1/clients/${birchwoodId}/contacts?limit=100`,
    );
    birchwoodContactId = birchwood.items.find((c) => c.email === 'primary@birchwood.example')!.id;
    const acme = await staffGet<{ items: { id: number; email: string | null }[] }>(
      staff.request,
      server.url,
      `/api/v1/clients/${acmeId}/contacts?limit=100`,
    );
    acmeBillingId = acme.items.find((c) => c.email === 'billing@acme.example')!.id;
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  test('a Billing contact does not see Technical pages: no Colleagues in the menu, and the address shows no data', async () => {
    const technical = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const techPage = await technical.newPage();
    await techPage.goto(`${server.url}/portal/`);
    await signIn(techPage, 'technical@acme.example');
    const techLinks = await navLinks(techPage);
    await technical.close();

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/`);
    await signIn(page, 'billing@acme.example');
    const links = await navLinks(page);
    assert.ok(!links.includes('Colleagues'), `billing sees: ${links.join(', ')}`);
    assert.ok(techLinks.includes('Colleagues'), `technical sees: ${techLinks.join(', ')}`);
    await screenshot(page, 'access-billing-nav');

    await page.goto(`${server.url}/portal/colleagues`);
    await page.getByTestId('app-header').waitFor();
    const main = page.locator('#main-content');
    await main
      .getByText(/not available|permission|not found|no access|does not include/i)
      .first()
      .waitFor();
    const text = await main.innerText();
    for (const colleague of ['Chen Wei', 'Dana Kowalski', 'Evan Brooks', 'technical@acme.example']) {
      assert.ok(!text.includes(colleague), `the page shows ${colleague}`);
    }
    await screenshot(page, 'access-billing-colleagues');
    const api = await context.request.get(`${server.url}/api/v1/colleagues`);
    assert.equal(api.status(), 403);
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test("a contact cannot open another client's contact page by its address", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/`);
    await signIn(page, 'technical@acme.example');
    await page.goto(`${server.url}/portal/colleagues/${birchwoodContactId}`);
    await page.getByTestId('app-header').waitFor();
    const main = page.locator('#main-content');
    await main
      .getByText(/not found|not available|no access/i)
      .first()
      .waitFor();
    const text = await main.innerText();
    assert.ok(!/Fatima|Rahman|birchwood/i.test(text), 'nothing of Birchwood shows');
    await screenshot(page, 'access-foreign-contact');
    // The API gives the same answer as for a contact that does not exist.
    const foreign = await context.request.get(`${server.url}/api/v1/colleagues/${birchwoodContactId}`);
    const missing = await context.request.get(`${server.url}/api/v1/colleagues/999999`);
    assert.equal(foreign.status(), 404);
    assert.equal(missing.status(), 404);
    assert.ok(!(await foreign.text()).includes('Fatima'));
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('staff preview: the portal as a contact, with a banner, read-only, until the preview ends', async () => {
    const page = await staff.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/`);
    await page.getByTestId('app-header').waitFor();

    // The client's page offers "Preview portal" next to each contact (the Portal tab); it opens a tab.
    await page.goto(`${server.url}/staff/clients/${acmeId}`);
    await page.getByTestId('tab-portal').click();
    // The Portal tab lays contacts out as rows or cards by screen width; use whichever shows.
    const button = page.locator(`[data-testid="preview-portal-${acmeBillingId}"]:visible`);
    await button.waitFor();
    await screenshot(page, 'preview-button');
    const [portal] = await Promise.all([staff.waitForEvent('page'), button.click()]);
    const portalProblems = watchConsole(portal);
    await portal.waitForURL(/\/portal\/\?preview=1$/);
    const banner = portal.getByTestId('preview-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Previewing the portal as Ben Carter \(read-only\)/);
    assert.match(await portal.getByTestId('signed-in-person').innerText(), /Ben Carter/);
    const links = await navLinks(portal);
    assert.ok(!links.includes('Colleagues'), 'the preview shows what Ben (Billing) sees');
    await screenshot(portal, 'preview-portal-1280');

    // Navigating inside the preview keeps it (the flag lives in this tab's sessionStorage).
    await portal.goto(`${server.url}/portal/`);
    await banner.waitFor();

    // A change is refused: the same call the portal makes, with the preview header.
    const refused = await portal.evaluate(async () => {
      const csrf = document.cookie.match(/portico_csrf=([^;]+)/)?.[1] ?? '';
      const res = await fetch('/api/v1/profile', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, 'x-portico-preview': '1' },
        body: JSON.stringify({ name: 'Changed in preview' }),
      });
      return { status: res.status, body: await res.text() };
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body, /read-only preview/);

    // The staff tab is still the staff app: it never sends the preview header.
    await page.reload();
    await page.getByTestId('app-header').waitFor();
    assert.match(await page.getByTestId('signed-in-person').innerText(), /Maya Harbour/);

    await portal.setViewportSize({ width: 360, height: 740 });
    await screenshot(portal, 'preview-portal-360');
    const overflow = await portal.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);

    await portal.getByTestId('preview-end').click();
    await portal.waitForURL(/\/staff\/$/);
    await portal.getByTestId('app-header').waitFor();
    assert.match(await portal.getByTestId('signed-in-person').innerText(), /Maya Harbour/);
    const me = await staff.request.get(`${server.url}/api/v1/me`, { headers: { 'x-portico-preview': '1' } });
    assert.equal((await me.json()).kind, 'staff', 'the preview session is gone');

    // The audit log recorded it.
    const audit = await staffGet<{ items: { action: string; client: { id: number } | null }[] }>(
      staff.request,
      server.url,
      '/api/v1/audit?action=portal.preview_started',
    );
    assert.equal(audit.items[0]?.client?.id, acmeId);
    assert.deepEqual(realProblems([...problems, ...portalProblems]), []);
    await portal.close();
    await page.close();
  });

  test('the audit log page: filters, load more and the CSV export', async () => {
    // Some entries to look at: a few sign-ins, one of them failed.
    for (const email of ['primary@acme.example', 'standard@acme.example', 'office@birchwood.example']) {
      const c = await browser.newContext();
      await c.request.get(`${server.url}/api/v1/auth/csrf`);
      await c.request.post(`${server.url}/api/v1/auth/login`, {
        data: { email, password: email.startsWith('standard') ? 'wrong-password-1' : DEMO_PASSWORD },
        headers: { 'x-csrf-token': await csrfOf(c) },
      });
      await c.close();
    }
    // And more than one page of them: each settings change is an entry.
    for (let i = 0; i < 55; i++) {
      const res = await staff.request.patch(`${server.url}/api/v1/settings`, {
        data: { loginTitle: `Welcome back (${i})` },
        headers: { 'x-csrf-token': await csrfOf(staff) },
      });
      assert.equal(res.status(), 200);
    }
    const page = await staff.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/`);
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    await page.getByTestId('audit-table').waitFor();
    const rows = page.getByTestId('audit-row');
    assert.equal(await rows.count(), 50, 'one page');
    await screenshot(page, 'audit-log-1280');
    await page.getByTestId('audit-load-more').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"]').length > 50);
    const total = await staffGet<{ items: unknown[] }>(staff.request, server.url, '/api/v1/audit?limit=100');
    assert.equal(await rows.count(), total.items.length, 'the second page brings the rest, nothing twice');
    assert.equal(await page.getByTestId('audit-load-more').count(), 0, 'nothing more to load');

    // Several actions at once.
    await page.getByTestId('audit-filter-actions').click();
    await page.getByRole('option', { name: 'Sign-in failed' }).click();
    await page.getByRole('option', { name: 'Signed in', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid="audit-row"] td:nth-child(4)')];
      return cells.length > 0 && cells.every((c) => /Sign-in failed|Signed in/.test(c.textContent ?? ''));
    });
    const actions = await page.locator('[data-testid="audit-row"] td:nth-child(4)').allInnerTexts();
    assert.ok(actions.some((a) => a.includes('Sign-in failed')));
    assert.ok(actions.some((a) => a.includes('Signed in')));

    // A client, by searching for it.
    await page.getByTestId('audit-filter-client').click();
    await page.getByTestId('audit-filter-client').fill('Birch');
    await page.getByRole('option', { name: 'Birchwood Dental' }).click();
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-testid="audit-row"] td:nth-child(3)')];
      return cells.length > 0 && cells.every((c) => c.textContent === 'Birchwood Dental');
    });
    await screenshot(page, 'audit-log-filtered');
    // Days after the last entry: nothing, and the page says so.
    await page.getByTestId('audit-filter-from').fill('2099-01-01');
    await page.getByTestId('audit-empty').waitFor();
    await screenshot(page, 'audit-log-empty');
    await page.getByTestId('audit-clear').click();
    await page.getByTestId('audit-table').waitFor();

    // A range that ends before it starts is caught on the page.
    await page.getByTestId('audit-filter-from').fill('2030-01-02');
    await page.getByTestId('audit-filter-to').fill('2030-01-01');
    await page.getByText('The last day must be on or after the first day.').waitFor();
    await page.getByTestId('audit-clear').click();

    // The export link carries the filters and downloads a CSV with the same rows.
    const href = await page.getByTestId('audit-export').getAttribute('href');
    assert.equal(href, '/api/v1/audit/export.csv');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('audit-export').click(),
    ]);
    assert.match(download.suggestedFilename(), /^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);

    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    // Narrow screens get one card per entry instead of a seven-column table.
    await page.getByTestId('audit-card').first().waitFor();
    assert.equal(await page.getByTestId('audit-table').count(), 0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await screenshot(page, 'audit-log-360');
    await page.locator('[data-testid="audit-card"]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifacts, 'audit-log-360-cards.png') });
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });

  test('the audit log is not in the menu of staff without audit:view', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/staff/`);
    await signIn(page, 'tech@portico.example');
    const links = await page
      .getByRole('navigation', { name: 'Staff navigation' })
      .getByRole('link')
      .allInnerTexts();
    assert.ok(!links.includes('Audit log'));
    assert.ok(!links.includes('Email outbox'));
    await page.goto(`${server.url}/staff/audit`);
    await page.getByTestId('audit-forbidden').waitFor();
    await context.close();
  });

  test('the email outbox: what was written, and the HTML shown safely', async () => {
    // Staff sending a contact a password-reset link puts an email in the outbox (no SMTP server here).
    const page = await staff.newPage();
    const problems = watchConsole(page);
    const reset = await staff.request.post(
      `${server.url}/api/v1/clients/${acmeId}/contacts/${acmeBillingId}/password-reset`,
      { headers: { 'x-csrf-token': await csrfOf(staff) } },
    );
    assert.ok(reset.status() < 300, await reset.text());
    await page.goto(`${server.url}/staff/`);
    await page.getByRole('link', { name: 'Email outbox', exact: true }).click();
    await page.getByTestId('outbox-table').waitFor();
    await page.getByTestId('outbox-filter-to').fill('billing@acme');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="outbox-row"]').length === 1);
    await screenshot(page, 'outbox-1280');
    await page.getByTestId('outbox-open').first().click();
    await page.getByTestId('outbox-subject').waitFor();
    // Delivery runs in the background; the status settles on "kept in the outbox".
    await page.waitForTimeout(1500);
    await page.reload();
    assert.match(await page.getByTestId('outbox-status').innerText(), /Kept in the outbox|Queued/);
    const frame = page.getByTestId('outbox-html');
    assert.equal(await frame.getAttribute('sandbox'), '');
    const inner = page.frameLocator('[data-testid="outbox-html"]');
    await inner.locator('body').waitFor();
    assert.match(await inner.locator('body').innerText(), /password/i);
    await screenshot(page, 'outbox-email-1280');
    await page.getByRole('tab', { name: 'Plain text' }).click();
    assert.match(await page.getByTestId('outbox-text').innerText(), /\/portal\/reset-password\?token=/);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('tab', { name: 'As the recipient sees it' }).click();
    await screenshot(page, 'outbox-email-360');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    assert.deepEqual(
      realProblems(problems).filter((p) => !/Blocked script execution in 'about:srcdoc'/.test(p)),
      [],
    );
    await page.close();
  });
});
