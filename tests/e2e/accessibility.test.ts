/**
 * Every page of both faces, signed out and signed in, at 1280 and 360 px, in the light and the dark
 * colour scheme (the system setting, emulated): axe finds no serious or critical WCAG 2.2 AA violation.
 * The other browser tests check the pages they visit as well (the hook in tests/support/a11y.ts); this
 * one makes sure no page is left out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type A11yReport, describeViolations, settledReport } from '../support/a11y.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { csrfOf, OWNER, setUpWithDemo, signIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const widths = [1280, 360] as const;
const schemes = ['light', 'dark'] as const;

interface Ids {
  ticketId: number;
  clientId: number;
  outboxId: string | null;
  inboundId: number | null;
  portalTicketId: number;
  colleagueId: number;
  contractId: number;
}

async function getJson<T>(context: BrowserContext, url: string): Promise<T> {
  const res = await context.request.get(url, { headers: { 'x-csrf-token': await csrfOf(context) } });
  assert.equal(res.status(), 200, `${url}: ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Opens each path and runs axe on it once it has settled; returns what was found. `screenshots` names
 * the paths to keep a picture of (test-artifacts/), taken there and then, the page settled.
 */
async function walk(
  page: Page,
  base: string,
  paths: string[],
  ready: (page: Page) => Promise<void>,
  screenshots: Record<string, string> = {},
): Promise<A11yReport[]> {
  const found: A11yReport[] = [];
  for (const path of paths) {
    await page.goto(`${base}${path}`);
    await ready(page);
    const report = await settledReport(page);
    if (report.violations.length > 0) found.push({ ...report, url: path });
    const name = screenshots[path];
    if (name) await screenshot(page, name);
  }
  return found;
}

/** Screenshot names for pages of a walk: `a11y-staff-settings-dark-360` (a record's id left out). */
function screenshotsOf(face: 'staff' | 'portal', paths: string[], scheme: string, width: number) {
  const name = (path: string) => path.replace(/^\/(staff|portal)\/?/, '').replace(/\/\d+$/, '') || 'home';
  return Object.fromEntries(paths.map((path) => [path, `a11y-${face}-${name(path)}-${scheme}-${width}`]));
}

const signedIn = (page: Page) => page.getByTestId('app-header').waitFor();
const signedOut = (page: Page) => page.locator('main, form').first().waitFor();

describe('accessibility of every page (axe, WCAG 2.2 AA)', () => {
  let server: RunningServer;
  let browser: Browser;
  let ids: Ids;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser({ a11y: false });
    const owner = await browser.newContext();
    await setUpWithDemo(owner, server.url);
    const tickets = await getJson<{ items: { id: number }[] }>(owner, `${server.url}/api/v1/tickets?limit=5`);
    const clients = await getJson<{ items: { id: number }[] }>(owner, `${server.url}/api/v1/clients?q=Acme`);
    // An invitation puts an email in the outbox, so its page has something to show.
    const outbox = await getJson<{ items: { id: string }[] }>(owner, `${server.url}/api/v1/outbox`);
    const inbound = await getJson<{ items: { id: number }[] }>(owner, `${server.url}/api/v1/inbound-emails`);
    const contracts = await getJson<{ items: { id: number }[] }>(
      owner,
      `${server.url}/api/v1/contracts?limit=1`,
    );
    await owner.close();

    const contact = await browser.newContext();
    await contact.request.get(`${server.url}/api/v1/auth/csrf`);
    const login = await contact.request.post(`${server.url}/api/v1/auth/login`, {
      data: { email: 'primary@acme.example', password: 'portico-demo' },
      headers: { 'x-csrf-token': await csrfOf(contact) },
    });
    assert.equal(login.status(), 200, await login.text());
    const mine = await getJson<{ items: { id: number }[] }>(contact, `${server.url}/api/v1/tickets?limit=5`);
    const colleagues = await getJson<{ items: { id: number }[] }>(contact, `${server.url}/api/v1/colleagues`);
    await contact.close();

    ids = {
      ticketId: tickets.items[0]!.id,
      clientId: clients.items[0]!.id,
      outboxId: outbox.items[0]?.id ?? null,
      inboundId: inbound.items[0]?.id ?? null,
      portalTicketId: mine.items[0]!.id,
      colleagueId: colleagues.items[0]!.id,
      contractId: contracts.items[0]!.id,
    };
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  for (const scheme of schemes) {
    for (const width of widths) {
      test(`staff pages, ${scheme}, ${width} px`, async () => {
        const context = await browser.newContext({
          viewport: { width, height: 900 },
          colorScheme: scheme,
        });
        const page = await context.newPage();
        const found = await walk(
          page,
          server.url,
          ['/staff/', '/staff/forgot-password', '/staff/reset-password?token=not-a-real-token-at-all-000'],
          signedOut,
        );
        await page.goto(`${server.url}/staff/`);
        await signIn(page, OWNER.email, OWNER.password);
        assert.equal(
          await page.evaluate(() => document.documentElement.dataset.mantineColorScheme),
          scheme,
          'the app follows the system colour scheme',
        );
        const c = ids.clientId;
        found.push(
          ...(await walk(
            page,
            server.url,
            [
              '/staff/',
              '/staff/tickets',
              '/staff/tickets/new',
              `/staff/tickets/${ids.ticketId}`,
              '/staff/clients',
              '/staff/clients/new',
              `/staff/clients/${c}/overview`,
              `/staff/clients/${c}/contacts`,
              `/staff/clients/${c}/contracts`,
              '/staff/contracts',
              '/staff/contracts/new',
              `/staff/contracts/${ids.contractId}`,
              `/staff/clients/${c}/portal`,
              '/staff/support/categories',
              '/staff/support/policies',
              '/staff/support/calendars',
              '/staff/support/teams',
              '/staff/support/rules',
              '/staff/support/canned',
              '/staff/inbound',
              ...(ids.inboundId ? [`/staff/inbound/${ids.inboundId}`] : []),
              '/staff/outbox',
              ...(ids.outboxId ? [`/staff/outbox/${ids.outboxId}`] : []),
              '/staff/audit',
              '/staff/settings',
              '/staff/profile',
              '/staff/no-such-page',
            ],
            signedIn,
            screenshotsOf(
              'staff',
              ['/staff/', `/staff/tickets/${ids.ticketId}`, '/staff/settings', '/staff/profile'],
              scheme,
              width,
            ),
          )),
        );
        // The colour picker's swatches, open.
        await page.goto(`${server.url}/staff/settings`);
        await page.getByTestId('settings-primary-color').click();
        await page.getByTestId('settings-primary-color-picker').waitFor();
        const picker = await settledReport(page);
        if (picker.violations.length > 0) found.push({ ...picker, url: '/staff/settings (colour picker)' });

        // A dialog, open (its close button, its fields).
        await page.goto(`${server.url}/staff/clients/${c}/contacts`);
        await page.getByTestId('add-contact').click();
        await page.getByTestId('contact-name').waitFor();
        const dialog = await settledReport(page);
        if (dialog.violations.length > 0)
          found.push({ ...dialog, url: `/staff/clients/${c}/contacts (dialog)` });

        await context.close();
        assert.equal(found.length, 0, `Accessibility violations:\n${describeViolations(found)}`);
      });

      test(`portal pages, ${scheme}, ${width} px`, async () => {
        const context = await browser.newContext({
          viewport: { width, height: 900 },
          colorScheme: scheme,
        });
        const page = await context.newPage();
        const found = await walk(
          page,
          server.url,
          [
            '/portal/',
            '/portal/forgot-password',
            '/portal/reset-password?token=not-a-real-token-at-all-000',
            '/portal/invite?token=not-a-real-token-at-all-000',
            '/portal/join?token=not-a-real-token-at-all-000',
          ],
          signedOut,
        );
        await page.goto(`${server.url}/portal/`);
        await signIn(page, 'primary@acme.example');
        found.push(
          ...(await walk(
            page,
            server.url,
            [
              '/portal/',
              '/portal/tickets',
              '/portal/tickets/new',
              `/portal/tickets/${ids.portalTicketId}`,
              '/portal/colleagues',
              `/portal/colleagues/${ids.colleagueId}`,
              '/portal/contracts',
              '/portal/profile',
              '/portal/no-such-page',
            ],
            signedIn,
            screenshotsOf(
              'portal',
              ['/portal/', `/portal/tickets/${ids.portalTicketId}`, '/portal/profile'],
              scheme,
              width,
            ),
          )),
        );
        await context.close();
        assert.equal(found.length, 0, `Accessibility violations:\n${describeViolations(found)}`);
      });
    }
  }
});
