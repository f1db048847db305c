import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { csrfOf, noSidewaysScroll, OWNER, realProblemsIgnoring, setUpWithDemo } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

/** The browser logs every 4xx itself; a 401 before sign-in and the 404 of a missing ticket are expected. */
const realProblems = realProblemsIgnoring(401, 404);

async function api<T>(context: BrowserContext, method: string, url: string, data?: unknown): Promise<T> {
  const res = await context.request.fetch(url, {
    method,
    data,
    headers: { 'x-csrf-token': await csrfOf(context) },
  });
  assert.ok(res.status() < 300, `${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('staff ticket queue and ticket page in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: BrowserContext;
  let clientId: number;
  const ids: number[] = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await setUpWithDemo(staff, server.url);
    const clients = await api<{ items: { id: number; name: string }[] }>(
      staff,
      'GET',
      `${server.url}/api/v1/clients?q=Acme`,
    );
    clientId = clients.items[0]!.id;
    for (const [subject, priority] of [
      ['E2E printer jams every morning', 'high'],
      ['E2E new starter needs a laptop', 'medium'],
      ['E2E backup failed last night', 'critical'],
    ] as const) {
      const ticket = await api<{ id: number }>(staff, 'POST', `${server.url}/api/v1/tickets`, {
        clientId,
        subject,
        priority,
        description: `**${subject}**, raised by the browser test.`,
      });
      ids.push(ticket.id);
    }
  });
  after(async () => {
    await staff?.close();
    await browser?.close();
    await server?.dispose();
  });

  test('staff filter the queue, bulk-assign, and open a ticket', async () => {
    const page = await staff.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/tickets`);
    await page.getByTestId('tickets-table').waitFor();
    for (const id of ids) await page.getByTestId(`ticket-row-${id}`).waitFor();

    // Filters live in the address: searching narrows the list and the Back button undoes it.
    await page.getByTestId('tickets-search').fill('backup failed');
    await page.waitForURL(/q=backup\+failed/);
    await page.getByTestId(`ticket-row-${ids[0]}`).waitFor({ state: 'detached' });
    await page.getByTestId(`ticket-row-${ids[2]}`).waitFor();
    await page.goBack();
    await page.getByTestId(`ticket-row-${ids[0]}`).waitFor();
    assert.equal(new URL(page.url()).search, '');

    // Bulk assign the first two to the owner; the result is said in words.
    await page.getByTestId(`select-${ids[0]}`).check();
    await page.getByTestId(`select-${ids[1]}`).check();
    assert.match(await page.getByTestId('bulk-count').innerText(), /2 tickets selected/);
    await screenshot(page, 'staff-tickets-queue');
    await page.getByTestId('bulk-assign').click();
    await page.getByRole('menuitem', { name: OWNER.name }).click();
    await page.getByTestId('queue-message').waitFor();
    assert.match(await page.getByTestId('queue-message').innerText(), /2 tickets updated/);
    for (const id of ids.slice(0, 2)) {
      const ticket = await api<{ assigneeName: string | null }>(
        staff,
        'GET',
        `${server.url}/api/v1/tickets/${id}`,
      );
      assert.equal(ticket.assigneeName, OWNER.name);
    }

    // The Mine queue now holds them; the third is still unassigned.
    await page.getByTestId('view-mine').click();
    await page.waitForURL(/view=mine/);
    await page.getByTestId(`ticket-row-${ids[0]}`).waitFor();
    await page.getByTestId(`ticket-row-${ids[2]}`).waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'E2E printer jams every morning' }).click();
    await page.getByTestId('ticket-title').waitFor();
    assert.match(await page.getByTestId('ticket-title').innerText(), /E2E printer jams every morning/);
    assert.equal(realProblems(problems).length, 0, realProblems(problems).join('\n'));
    await page.close();
  });

  test('staff post an internal note and a public reply that sets the status', async () => {
    const page = await staff.newPage();
    const problems = watchConsole(page);
    const id = ids[0]!;
    await page.goto(`${server.url}/staff/tickets/${id}`);
    await page.getByTestId('composer').waitFor();

    // Internal note: said plainly who sees it, and shown with a label (not colour alone).
    await page.getByTestId('composer-mode').getByText('Internal note').click();
    assert.match(await page.getByTestId('composer-audience').innerText(), /Only staff see this/);
    await page
      .getByTestId('composer-body')
      .fill('Driver issue on the print server; **do not** tell the client yet.');
    await page.getByTestId('composer-minutes').fill('15');
    await page.getByTestId('composer-send').click();
    await page.getByTestId('message-internal').waitFor();
    assert.match(await page.getByTestId('internal-label').innerText(), /Internal note/);
    assert.equal(await page.getByTestId('time-logged').innerText(), '15 min');

    // Public reply with "reply and set Waiting on Client", sent with Ctrl+Enter.
    await page.getByTestId('composer-mode').getByText('Public reply').click();
    assert.match(await page.getByTestId('composer-audience').innerText(), /Visible to the client/);
    await page.getByTestId('composer-body').fill('Please restart the printer and tell us if it helps.');
    await page.getByTestId('composer-status').click();
    await page.getByRole('option', { name: 'Waiting on Client' }).click();
    assert.match(await page.getByTestId('composer-send').innerText(), /Send reply and set Waiting on Client/);
    await page.getByTestId('composer-body').press('Control+Enter');
    await page.getByTestId('message-public').getByText('Please restart the printer').waitFor();
    await page.getByTestId('composer-sent').waitFor();
    assert.equal(await page.getByTestId('composer-body').inputValue(), '');
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid="field-status"]') as HTMLInputElement | null)?.value ===
        'Waiting on Client',
    );

    // What the API holds: the note is internal, the reply public.
    const messages = await api<{ items: { body: string; internal: boolean }[] }>(
      staff,
      'GET',
      `${server.url}/api/v1/tickets/${id}/messages`,
    );
    assert.deepEqual(
      messages.items
        .filter((m) => m.body.startsWith('Driver') || m.body.startsWith('Please'))
        .map((m) => m.internal),
      [true, false],
    );

    // A reply posted elsewhere arrives without reload, and the draft being written stays.
    await page.getByTestId('composer-body').fill('A draft in progress');
    await api(staff, 'POST', `${server.url}/api/v1/tickets/${id}/messages`, {
      body: 'Posted from another tab',
      internal: true,
    });
    await page.getByText('Posted from another tab').waitFor({ timeout: 5000 });
    assert.equal(await page.getByTestId('composer-body').inputValue(), 'A draft in progress');

    await screenshot(page, 'staff-ticket-1280');
    await noSidewaysScroll(page, 'ticket page at 1280 px');
    await page.setViewportSize({ width: 360, height: 800 });
    await page.getByTestId('composer').waitFor();
    await noSidewaysScroll(page, 'ticket page at 360 px');
    await screenshot(page, 'staff-ticket-360');

    await page.goto(`${server.url}/staff/tickets`);
    await page.getByTestId('tickets-cards').waitFor();
    await noSidewaysScroll(page, 'queue at 360 px');
    await screenshot(page, 'staff-tickets-queue-360');

    await page.goto(`${server.url}/staff/tickets/999999`);
    await page.getByTestId('ticket-not-found').waitFor();
    assert.equal(realProblems(problems).length, 0, realProblems(problems).join('\n'));
    await page.close();
  });
});
