/**
 * Reports in the browser (issue 14, point 11): Acme's primary contact opens the monthly service summary
 * in the portal, picks the current month, sees the figures and the charts, and downloads the PDF (a
 * real PDF); in English and Arabic at 1280 and 360 px, without sideways scrolling, axe clean (every page
 * visited, tests/support/a11y.ts). Staff see the same summary on the client's Reports tab.
 *
 * The activity history (point 10): the contact reads it, loads more, filters by dates and follows a
 * request's link; a contact without company-wide tickets has no entry for it. Scheduled reports (point
 * 12): a contact schedules one through the form (each field checked), pauses and resumes it; staff
 * see it on the client's tab and delete it.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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
/** The schedule form's test sends an address outside the company on purpose: the server's 400. */
const problemsBesidesRefusal = realProblemsIgnoring(401, 400);

async function pickCurrentMonth(page: Page) {
  await page.getByTestId('report-month').click();
  await page.getByRole('option').first().click();
}

describe('reports in the browser', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const staff = await browser.newContext();
    await setUpWithDemo(staff, server.url);
    await staff.close();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  test('a Primary contact opens the monthly summary, sees the charts and downloads the PDF', async () => {
    for (const language of ['en', 'ar'] as const) {
      for (const width of [1280, 360]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
        const page = await context.newPage();
        const seen = watchConsole(page);
        await page.goto(`${server.url}/portal/`);
        await signIn(page, 'primary@acme.example');
        await page.getByTestId('app-header').waitFor();
        const set = await context.request.put(`${server.url}/api/v1/profile/locale`, {
          data: { language },
          headers: { 'x-csrf-token': await csrfOf(context) },
        });
        assert.equal(set.status(), 200, await set.text());
        await page.goto(`${server.url}/portal/reports`);
        await page.getByTestId('report-month').waitFor();
        assert.equal(
          await page.evaluate(() => document.documentElement.dir),
          language === 'ar' ? 'rtl' : 'ltr',
        );
        await pickCurrentMonth(page);
        await page.getByTestId('report-submitted').waitFor();
        // The demo's tickets of this month: at least one submitted, drawn as bars.
        await page.getByTestId('chart-priority').locator('svg').first().waitFor();
        assert.ok((await page.getByTestId('chart-priority').locator('.recharts-bar-rectangle').count()) > 0);
        await noSidewaysScroll(page, `portal reports ${language} at ${width} px`);
        await screenshot(page, `portal-reports-${language}-${width}`);

        if (width === 1280) {
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.getByTestId('report-pdf').click(),
          ]);
          assert.match(download.suggestedFilename(), /^summary-\d+-\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.pdf$/);
          const file = await readFile((await download.path()) as string);
          assert.equal(file.subarray(0, 5).toString('latin1'), '%PDF-');
        }
        assert.deepEqual(realProblems(seen), []);
        await context.close();
      }
    }
  });

  test('a Primary contact reads the activity history, loads more, filters by dates and opens a request', async () => {
    for (const language of ['en', 'ar'] as const) {
      for (const width of [1280, 360]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        const seen = watchConsole(page);
        await page.goto(`${server.url}/portal/`);
        await signIn(page, 'primary@acme.example');
        await page.getByTestId('app-header').waitFor();
        const set = await context.request.put(`${server.url}/api/v1/profile/locale`, {
          data: { language },
          headers: { 'x-csrf-token': await csrfOf(context) },
        });
        assert.equal(set.status(), 200, await set.text());
        if (width === 1280) {
          // The home's hours card shows each of Acme's hour banks, each with its own link.
          await page.reload();
          await page.getByTestId('home-hours').waitFor();
          assert.ok((await page.getByTestId('home-hours-bank').count()) >= 2);
          const links = await page
            .getByTestId('home-hours-link')
            .evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
          assert.ok(links.length >= 2 && links.every((l) => /^\/portal\/hours\?contract=\d+$/.test(l)));
          await screenshot(page, `portal-home-${language}-${width}`);
          // The navigation offers it (and the scheduled reports) to this contact.
          await page.locator('a.portico-nav-link[href="/portal/activity"]').click();
          await page.locator('a.portico-nav-link[href="/portal/report-schedules"]').waitFor();
        } else {
          await page.goto(`${server.url}/portal/activity`);
        }
        await page.getByTestId('activity-item').first().waitFor();
        const first = await page.getByTestId('activity-item').count();
        assert.ok(first > 0 && first <= 25, `first page: ${first}`);
        // Newest first, each with who and when (a <time> with its instant).
        const times = await page
          .getByTestId('activity-item')
          .locator('time')
          .evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
        assert.deepEqual(times, [...times].sort().reverse());
        if (await page.getByTestId('activity-more').isVisible()) {
          await page.getByTestId('activity-more').click();
          await page.waitForFunction(
            (n) => document.querySelectorAll('[data-testid="activity-item"]').length > n,
            first,
          );
        } else {
          await page.getByTestId('activity-end').waitFor();
        }
        await noSidewaysScroll(page, `portal activity ${language} at ${width} px`);
        await screenshot(page, `portal-activity-${language}-${width}`);

        // A range with nothing in it: the empty state; clearing it brings the history back.
        await page.getByTestId('activity-from').fill('2001-01-01');
        await page.getByTestId('activity-to').fill('2001-01-31');
        await page.getByTestId('activity-empty').waitFor();
        await page.getByTestId('activity-clear').click();
        await page.getByTestId('activity-item').first().waitFor();

        if (width === 1280 && language === 'en') {
          const link = page.getByTestId('activity-ticket').first();
          const href = (await link.getAttribute('href')) ?? '';
          assert.match(href, /^\/portal\/tickets\/\d+$/);
          await link.click();
          await page.waitForURL(`${server.url}${href}`);
        }
        assert.deepEqual(realProblems(seen), []);
        await context.close();
      }
    }

    // A Standard contact (own requests only) is offered neither page.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/portal/`);
    await signIn(page, 'standard@acme.example');
    await page.getByTestId('app-header').waitFor();
    await page.locator('a.portico-nav-link[href="/portal/"]').waitFor();
    assert.equal(await page.locator('a.portico-nav-link[href="/portal/activity"]').count(), 0);
    assert.equal(await page.locator('a.portico-nav-link[href="/portal/report-schedules"]').count(), 0);
    await context.close();
  });

  test('a contact schedules a report through the form, pauses and resumes it; staff delete it', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 900 } });
    const page = await context.newPage();
    const seen = watchConsole(page);
    await page.goto(`${server.url}/portal/`);
    await signIn(page, 'primary@acme.example');
    await page.getByTestId('app-header').waitFor();
    // In English (the test before left this contact in Arabic).
    const set = await context.request.put(`${server.url}/api/v1/profile/locale`, {
      data: { language: 'en' },
      headers: { 'x-csrf-token': await csrfOf(context) },
    });
    assert.equal(set.status(), 200, await set.text());
    await page.goto(`${server.url}/portal/report-schedules`);
    await page.getByTestId('schedule-form').waitFor();
    // The demo's schedule (Acme's monthly summary) is listed once the list has loaded.
    await page.getByTestId('schedule-card').first().waitFor();
    const before = await page.getByTestId('schedule-card').count();

    // Each field is checked where it was typed: no recipient, then an address that is not one.
    await page.getByTestId('schedule-create').click();
    await page.getByText('Add at least one recipient.').waitFor();
    const recipients = page.getByTestId('schedule-recipients');
    await recipients.fill('not-an-address');
    await recipients.press('Enter');
    await page.getByTestId('schedule-create').click();
    await page.getByText('not-an-address: Enter a valid email address').waitFor();
    // An address outside the company: the server names it.
    await recipients.press('Backspace');
    await recipients.fill('someone@elsewhere.example');
    await recipients.press('Enter');
    await page.getByTestId('schedule-create').click();
    await page.getByText(/someone@elsewhere\.example: Reports can only be sent/).waitFor();
    await recipients.press('Backspace');

    // A weekly CSV of the activity history to two colleagues.
    await page.getByTestId('schedule-report').click();
    await page.getByRole('option', { name: 'Activity history' }).click();
    await page.getByTestId('schedule-frequency').click();
    await page.getByRole('option', { name: 'Weekly' }).click();
    await page.getByTestId('schedule-format').click();
    await page.getByRole('option', { name: 'CSV (spreadsheet)' }).click();
    for (const address of ['primary@acme.example', 'technical@acme.example']) {
      await recipients.fill(address);
      await recipients.press('Enter');
    }
    await page.getByTestId('schedule-create').click();
    await page.getByTestId('schedule-saved').waitFor();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="schedule-card"]').length === n + 1,
      before,
    );
    const card = page.getByTestId('schedule-card').last();
    assert.equal(
      await card.getByTestId('schedule-title').textContent(),
      'Activity history, Weekly, CSV (spreadsheet)',
    );
    assert.match(
      (await card.getByTestId('schedule-recipient-list').textContent()) ?? '',
      /primary@acme\.example, technical@acme\.example/,
    );
    await card.getByTestId('schedule-pause').click();
    await card.getByTestId('schedule-resume').waitFor();
    assert.equal(await card.getByTestId('schedule-state').textContent(), 'Paused');
    await noSidewaysScroll(page, 'portal schedules at 360 px');
    await screenshot(page, 'portal-schedules-en-360');
    await card.getByTestId('schedule-resume').click();
    await card.getByTestId('schedule-pause').waitFor();
    const listed = (await (
      await context.request.get(`${server.url}/api/v1/portal/report-schedules`)
    ).json()) as {
      items: {
        id: number;
        report: string;
        frequency: string;
        format: string;
        paused: boolean;
        recipients: string[];
      }[];
    };
    const made = listed.items.at(-1)!;
    assert.deepEqual(
      { report: made.report, frequency: made.frequency, format: made.format, paused: made.paused },
      { report: 'activity', frequency: 'weekly', format: 'csv', paused: false },
    );
    assert.deepEqual(made.recipients, ['primary@acme.example', 'technical@acme.example']);
    assert.deepEqual(problemsBesidesRefusal(seen), []);
    await context.close();

    // Staff see it on the client's Scheduled reports tab and delete it.
    const staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const staffPage = await staff.newPage();
    const staffSeen = watchConsole(staffPage);
    await staffPage.goto(`${server.url}/staff/`);
    await signIn(staffPage, OWNER.email, OWNER.password);
    await staffPage.getByTestId('app-header').waitFor();
    const clients = await staff.request.get(`${server.url}/api/v1/clients?limit=100`);
    const acme = ((await clients.json()) as { items: { id: number; name: string }[] }).items.find(
      (c) => c.name === 'Acme Manufacturing',
    )!;
    await staffPage.goto(`${server.url}/staff/clients/${acme.id}/activity`);
    await staffPage.getByTestId('activity-item').first().waitFor();
    await screenshot(staffPage, 'staff-client-activity-1280');
    await staffPage.getByTestId('tab-schedules').click();
    await staffPage.getByTestId('schedule-card').first().waitFor();
    const count = await staffPage.getByTestId('schedule-card').count();
    await screenshot(staffPage, 'staff-client-schedules-1280');
    await staffPage.getByTestId('schedule-card').last().getByTestId('schedule-delete').click();
    await staffPage.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await staffPage.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="schedule-card"]').length === n - 1,
      count,
    );
    assert.deepEqual(realProblems(staffSeen), []);
    await staff.close();
  });

  test("staff see a client's summary on its Reports tab", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const seen = watchConsole(page);
    await page.goto(`${server.url}/staff/`);
    await signIn(page, OWNER.email, OWNER.password);
    await page.getByTestId('app-header').waitFor();
    const clients = await context.request.get(`${server.url}/api/v1/clients?limit=100`);
    const acme = ((await clients.json()) as { items: { id: number; name: string }[] }).items.find(
      (c) => c.name === 'Acme Manufacturing',
    )!;
    await page.goto(`${server.url}/staff/clients/${acme.id}/reports`);
    await pickCurrentMonth(page);
    await page.getByTestId('chart-category').locator('svg').first().waitFor();
    await screenshot(page, 'staff-client-reports-1280');
    assert.deepEqual(realProblems(seen), []);
    await context.close();
  });
});
