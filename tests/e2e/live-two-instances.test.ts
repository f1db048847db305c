/**
 * Two app processes on one PostgreSQL database: a reply posted through one reaches a portal page that is
 * connected to the other, without a reload (events travel through LISTEN/NOTIFY). Needs PostgreSQL on
 * 127.0.0.1:5432 (TEST_DATABASE_URL or the default); without it the test says so and skips.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { csrfOf, setUpWithDemo, signIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const available = await postgresReachable();

describe('live updates across two app processes on PostgreSQL', {
  skip: !available && 'PostgreSQL is not reachable',
}, () => {
  const database = `portico_e2e_live_${randomBytes(4).toString('hex')}`;
  const shared = {
    SESSION_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  };
  let a: RunningServer;
  let b: RunningServer;
  let browser: Browser;

  before(async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    const env = { ...shared, DATABASE_URL: url.toString() };
    // One after the other, so the second finds the migrations done.
    a = await startServer({ env });
    b = await startServer({ env });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await a?.dispose();
    await b?.dispose();
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  test('a staff reply posted to process A appears on a contact page served by process B', async () => {
    // Set up through A (with the demo data); the owner stays signed in on A.
    const staff = await browser.newContext();
    await setUpWithDemo(staff, a.url);

    // The contact works on B.
    const contact = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await contact.newPage();
    const problems = watchConsole(page);
    await page.goto(`${b.url}/portal/tickets`);
    await signIn(page, 'primary@acme.example');
    const row = page.getByRole('link', { name: 'Laptop for our new starter on Monday' });
    await row.waitFor();
    await row.click();
    await page.getByTestId('ticket-title').waitFor();
    const ticketId = Number(/\/portal\/tickets\/(\d+)/.exec(page.url())?.[1]);
    assert.ok(ticketId > 0, page.url());
    // Let the event stream connect.
    await page.waitForTimeout(500);

    const reply = await staff.request.post(`${a.url}/api/v1/tickets/${ticketId}/messages`, {
      data: { body: 'Posted through process A: the laptop is ready for collection.' },
      headers: { 'x-csrf-token': await csrfOf(staff) },
    });
    assert.equal(reply.status(), 201, await reply.text());
    const note = await staff.request.post(`${a.url}/api/v1/tickets/${ticketId}/messages`, {
      data: { body: 'Internal through A: charge the laptop first.', internal: true },
      headers: { 'x-csrf-token': await csrfOf(staff) },
    });
    assert.equal(note.status(), 201, await note.text());

    await page
      .getByTestId('conversation')
      .getByText('the laptop is ready for collection')
      .waitFor({ timeout: 5000 });
    assert.doesNotMatch(await page.content(), /charge the laptop first/);
    await screenshot(page, 'live-two-instances');
    assert.deepEqual(
      problems.filter((p) => !/status of (401|403|404)/.test(p)),
      [],
    );
    await contact.close();
    await staff.close();
  });
});
