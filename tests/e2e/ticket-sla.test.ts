/**
 * Contracts on tickets in the browser (issue 14, point 3): Acme gets a second site with a contract of
 * its own; the primary contact raises a ticket at that site, reads the contract and its commitment on
 * the ticket, and once staff wait on her, the paused clock reads "Waiting on you since …" and the SLA
 * history says who paused it. Checked with axe; screenshots in English and Arabic at 1280 and 360 px.
 * Then staff move another ticket to that site from the staff ticket page: the covering contract changes,
 * and the SLA card says which contract and policy it runs under, why its clock waits, and its history.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { a11yIdle, checkPage } from '../support/a11y.ts';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { csrfOf, noSidewaysScroll, realProblemsIgnoring, setUpWithDemo, signIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const realProblems = realProblemsIgnoring(401);

describe('the contract and SLA on a portal ticket', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: BrowserContext;
  let acmeId = 0;
  let warehouseContractId = 0;

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

  const staffApi = async (method: 'post' | 'patch', path: string, data: unknown) => {
    const res = await staff.request[method](`${server.url}/api/v1${path}`, {
      data,
      headers: { 'x-csrf-token': await csrfOf(staff) },
    });
    assert.ok(res.status() < 300, `${method} ${path}: ${res.status()} ${await res.text()}`);
    return res.json();
  };

  test('a contact raises a ticket at a site, sees its contract and commitment, and why its clock waits', async () => {
    const clients = (await (await staff.request.get(`${server.url}/api/v1/clients?q=Acme`)).json()) as {
      items: { id: number; name: string }[];
    };
    acmeId = clients.items.find((c) => c.name === 'Acme Manufacturing')!.id;
    const acme = (await (await staff.request.get(`${server.url}/api/v1/clients/${acmeId}`)).json()) as {
      sites: { label: string; address: string }[];
    };
    const updated = (await staffApi('patch', `/clients/${acmeId}`, {
      sites: [...acme.sites, { label: 'Warehouse', address: '9 Dock Road, Salford M50 2AA' }],
    })) as { sites: { id: number; label: string }[] };
    const warehouse = updated.sites.find((s) => s.label === 'Warehouse')!;
    warehouseContractId = (
      (await staffApi('post', '/contracts', {
        clientId: acmeId,
        name: 'Warehouse cover',
        type: 'maintenance',
        startDate: '2020-01-01',
        allSites: false,
        siteIds: [warehouse.id],
        status: 'active',
      })) as { id: number }
    ).id;

    const contact = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const portal = await contact.newPage();
    const seen = watchConsole(portal);
    await portal.goto(`${server.url}/portal/tickets/new`);
    await signIn(portal, 'primary@acme.example');
    await portal.getByTestId('ticket-site').waitFor();
    await portal.getByLabel('Subject').fill('Dock scanner offline');
    await portal.getByTestId('ticket-site').click();
    await portal.getByRole('option', { name: 'Warehouse' }).click();
    await portal
      .getByRole('textbox', { name: /Description/ })
      .fill('The scanner at dock 2 does not connect.');
    await portal.getByTestId('ticket-submit').click();
    await portal.getByTestId('ticket-title').waitFor();
    const ticketId = Number(new URL(portal.url()).pathname.split('/').pop());
    assert.equal(await portal.getByTestId('ticket-site').innerText(), 'Warehouse');
    const commitment = await portal.getByTestId('sla-commitment').innerText();
    assert.match(commitment, /Warehouse cover/);
    assert.match(commitment, /First response within/);

    await staffApi('post', `/tickets/${ticketId}/messages`, {
      body: 'Could you power-cycle the scanner?',
      status: 'waiting-on-client',
    });
    await portal.reload();
    const words = portal.getByTestId('sla-resolution-words');
    await words.waitFor();
    assert.match(await words.innerText(), /^Waiting on you since \d{1,2}:\d{2}/);
    const history = await portal.getByTestId('sla-history').innerText();
    assert.match(history, /Clock paused: Waiting on you/);
    assert.match(history, /First response within the target/);
    await a11yIdle(contact);
    await checkPage(portal, 'portal ticket with contract and paused clock at 1280 px');
    await screenshot(portal, 'portal-ticket-sla-en-1280');
    await portal.setViewportSize({ width: 360, height: 800 });
    await noSidewaysScroll(portal, 'portal ticket with contract at 360 px');
    await screenshot(portal, 'portal-ticket-sla-en-360');

    const ar = await contact.request.put(`${server.url}/api/v1/profile/locale`, {
      data: { language: 'ar' },
      headers: { 'x-csrf-token': await csrfOf(contact) },
    });
    assert.equal(ar.status(), 200, await ar.text());
    await portal.reload();
    await portal.getByTestId('sla-history').waitFor();
    assert.equal(await portal.evaluate(() => document.documentElement.dir), 'rtl');
    assert.match(await portal.getByTestId('sla-resolution-words').innerText(), /بانتظار ردك منذ/);
    await a11yIdle(contact);
    await checkPage(portal, 'portal ticket in Arabic at 360 px');
    await noSidewaysScroll(portal, 'portal ticket in Arabic at 360 px');
    await screenshot(portal, 'portal-ticket-sla-ar-360');
    await portal.setViewportSize({ width: 1280, height: 900 });
    await screenshot(portal, 'portal-ticket-sla-ar-1280');

    await portal.goto(`${server.url}/portal/`);
    await portal.getByTestId('home-metrics').waitFor();
    await portal.getByTestId('metric-open').waitFor();
    await a11yIdle(contact);
    await checkPage(portal, 'portal home with metrics in Arabic');
    await screenshot(portal, 'portal-home-metrics-ar-1280');
    assert.deepEqual(realProblems(seen), []);
    await contact.close();
  });
  test('staff move a ticket to a site: its contract changes, and the SLA card says what it runs under and why it waits', async () => {
    assert.ok(warehouseContractId, 'the first test made the warehouse contract');
    const ticket = (await staffApi('post', '/tickets', {
      clientId: acmeId,
      subject: 'Label printer jams',
      description: 'The label printer at dock 1 jams on every roll.',
    })) as { id: number; contract: { id: number } | null; site: unknown };
    assert.equal(ticket.site, null);
    assert.notEqual(ticket.contract?.id, warehouseContractId);

    const page = await staff.newPage();
    const seen = watchConsole(page);
    await page.goto(`${server.url}/staff/tickets/${ticket.id}`);
    const siteField = page.getByTestId('field-site');
    await siteField.waitFor();
    await siteField.click();
    await page.getByRole('option', { name: 'Warehouse' }).click();
    await page.getByTestId('field-site-feedback').getByText('Saved').waitFor();
    await page.getByText('Warehouse cover').first().waitFor();
    const moved = (await (await staff.request.get(`${server.url}/api/v1/tickets/${ticket.id}`)).json()) as {
      contract: { id: number } | null;
      site: { label: string } | null;
    };
    assert.deepEqual([moved.site?.label, moved.contract?.id], ['Warehouse', warehouseContractId]);

    await staffApi('post', `/tickets/${ticket.id}/messages`, {
      body: 'Which roll size do you use?',
      status: 'waiting-on-client',
    });
    await page.reload();
    const details = page.getByTestId('sla-details');
    await details.waitFor();
    assert.match(await page.getByTestId('sla-policy').innerText(), /^Policy: \S/);
    assert.match(await page.getByTestId('sla-targets').innerText(), /First response within/);
    assert.match(
      await page.getByTestId('sla-paused-reason').innerText(),
      /^Paused: waiting on the client since .*\d{1,2}:\d{2}/,
    );
    const history = await details.getByTestId('sla-history').innerText();
    assert.match(history, /Clock paused: Waiting on client/i);
    await a11yIdle(staff);
    await checkPage(page, 'staff ticket with its site, contract and SLA history at 1280 px');
    await screenshot(page, 'staff-ticket-sla-1280');
    await page.setViewportSize({ width: 360, height: 800 });
    await noSidewaysScroll(page, 'staff ticket with SLA history at 360 px');
    await screenshot(page, 'staff-ticket-sla-360');
    await page.setViewportSize({ width: 1280, height: 900 });

    // The new-ticket form offers the site once a client is chosen.
    await page.goto(`${server.url}/staff/tickets/new`);
    const newSite = page.getByTestId('new-ticket-site');
    await newSite.waitFor();
    assert.equal(await newSite.isDisabled(), true, 'no client yet');
    assert.deepEqual(realProblems(seen), []);
    await page.close();
  });
});
