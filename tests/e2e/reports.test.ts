/**
 * Reports in the browser (issue 14, point 11): Acme's primary contact opens the monthly service summary
 * in the portal, picks the current month, sees the figures and the charts, and downloads the PDF (a
 * real PDF); in English and Arabic at 1280 and 360 px, without sideways scrolling, axe clean (every page
 * visited, tests/support/a11y.ts). Staff see the same summary on the client's Reports tab.
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
