/**
 * Issue 12 point 5, the web part: limited fields count and name their limit; network failures say so
 * and offer Retry with the typed text kept; the app's frame paints before the scripts load; the layout
 * follows the window as it changes size.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchConsole } from '../support/browser.ts';
import { csrfOf, noSidewaysScroll, realProblemsIgnoring, setUpWithDemo, signIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

/** Signed-out 401s are expected; so are the failed requests while the test takes the network away. */
const realProblems = (problems: string[]) =>
  realProblemsIgnoring(401)(problems).filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p));

const PORTAL_CONTACT = 'standard@acme.example';

/**
 * Every visible text field with a maxlength (addresses and one-time codes aside) names a counter in its
 * aria-describedby, and the counter says "length / max".
 */
async function limitedFieldsAreCounted(page: Page, where: string): Promise<number> {
  const report = await page.evaluate(() => {
    const fields = [
      ...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[maxlength]'),
    ].filter(
      (el) =>
        el.offsetParent !== null &&
        !['email', 'password'].includes(el.getAttribute('type') ?? '') &&
        el.getAttribute('autocomplete') !== 'one-time-code' &&
        !el.hasAttribute('data-fixed-format') &&
        el.maxLength <= 1000,
    );
    return fields.map((el) => {
      const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      const counter = ids
        .map((id) => document.getElementById(id))
        .find((n) => n?.hasAttribute('data-char-count'));
      return {
        name: el.getAttribute('data-testid') ?? el.id,
        expected: `${el.value.length.toLocaleString('en-GB')} / ${el.maxLength.toLocaleString('en-GB')}`,
        counter: counter?.textContent ?? null,
      };
    });
  });
  for (const field of report) {
    assert.ok(field.counter, `${where}: ${field.name} has a limit but no counter in its aria-describedby`);
    assert.ok(field.counter.includes(field.expected), `${where}: ${field.name} says "${field.counter}"`);
  }
  return report.length;
}

/** The navigation is shut: off the screen or hidden, so it covers nothing. */
async function navigationClosed(page: Page, where: string): Promise<void> {
  const state = await page.evaluate(() => {
    const nav = document.getElementById('app-navigation');
    if (!nav) return { exists: false, right: 0, visible: false };
    const box = nav.getBoundingClientRect();
    const style = getComputedStyle(nav);
    return {
      exists: true,
      right: box.right,
      visible: style.display !== 'none' && style.visibility !== 'hidden' && box.width > 0,
    };
  });
  assert.ok(state.exists, `${where}: the page has its navigation`);
  assert.ok(
    !state.visible || state.right <= 0,
    `${where}: the navigation covers the page up to ${state.right}px`,
  );
}

describe('the web app under strain: limits, lost connections, slow loads, resized windows', () => {
  let server: RunningServer;
  let browser: Browser;
  let staff: BrowserContext;
  let ticketId = 0;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await setUpWithDemo(staff, server.url);
    // One ticket of the portal contact's to open in both faces.
    const contact = await browser.newContext();
    await contact.request.get(`${server.url}/api/v1/auth/csrf`);
    const login = await contact.request.post(`${server.url}/api/v1/auth/login`, {
      data: { email: PORTAL_CONTACT, password: 'portico-demo' },
      headers: { 'x-csrf-token': await csrfOf(contact) },
    });
    assert.equal(login.status(), 200, await login.text());
    const created = await contact.request.post(`${server.url}/api/v1/tickets`, {
      data: { subject: 'Scanner in reception jams', description: 'Every morning.' },
      headers: { 'x-csrf-token': await csrfOf(contact) },
    });
    assert.equal(created.status(), 201, await created.text());
    ticketId = ((await created.json()) as { id: number }).id;
    await contact.close();
  });
  after(async () => {
    await staff?.close();
    await browser?.close();
    await server?.dispose();
  });

  test('the subject shows a live counter and says so, in words, when the limit is reached', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/tickets/new`);
    await signIn(page, PORTAL_CONTACT);
    const subject = page.getByTestId('ticket-subject');
    await subject.waitFor();
    const count = page.getByTestId('ticket-subject-count');
    const status = page.getByTestId('ticket-subject-limit-status');

    await subject.fill('x'.repeat(100));
    assert.match((await count.textContent()) ?? '', /100 \/ 200/);
    const describedBy = (await subject.getAttribute('aria-describedby')) ?? '';
    assert.ok(describedBy.split(' ').includes((await count.getAttribute('id')) ?? '-'), describedBy);
    // Far from the limit the live region keeps quiet.
    await page.waitForTimeout(1000);
    assert.equal(((await status.textContent()) ?? '').trim(), '');
    assert.equal(await status.getAttribute('aria-live'), 'polite');

    await subject.fill('x'.repeat(183));
    assert.match((await count.textContent()) ?? '', /183 \/ 200/);
    await page.waitForFunction(() =>
      /17 characters left/.test(
        document.querySelector('[data-testid="ticket-subject-limit-status"]')?.textContent ?? '',
      ),
    );

    // Typing past the limit: the field holds 200 and the page says the limit is reached.
    await subject.fill('y'.repeat(200));
    await subject.press('End');
    await subject.pressSequentially('zzz');
    assert.equal((await subject.inputValue()).length, 200);
    assert.match(await count.innerText(), /200 \/ 200/);
    assert.match(await count.innerText(), /limit reached/i);
    await page.waitForFunction(() =>
      /Limit reached: at most 200 characters/.test(
        document.querySelector('[data-testid="ticket-subject-limit-status"]')?.textContent ?? '',
      ),
    );
    await screenshot(page, 'limit-portal-subject');
    assert.ok((await limitedFieldsAreCounted(page, 'portal new ticket')) >= 1);

    await page.goto(`${server.url}/portal/profile`);
    await page.getByTestId('profile-name').waitFor();
    assert.ok((await limitedFieldsAreCounted(page, 'portal profile')) >= 3);
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('every limited field on the staff pages counts', async () => {
    const page = await staff.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/staff/tickets/new`);
    await page.getByTestId('new-ticket-subject').waitFor();
    assert.ok((await limitedFieldsAreCounted(page, 'staff new ticket')) >= 1);
    await page.getByTestId('new-ticket-subject').fill('Backup job');
    assert.match((await page.getByTestId('new-ticket-subject-count').textContent()) ?? '', /10 \/ 200/);

    await page.goto(`${server.url}/staff/settings`);
    await page.getByTestId('settings-name').waitFor();
    assert.ok((await limitedFieldsAreCounted(page, 'staff settings')) >= 4);
    await screenshot(page, 'limit-staff-settings');

    await page.goto(`${server.url}/staff/profile`);
    await page.getByTestId('profile-name').waitFor();
    assert.ok((await limitedFieldsAreCounted(page, 'staff profile')) >= 1);

    await page.goto(`${server.url}/staff/clients/new`);
    await page.getByTestId('client-name').waitFor();
    assert.ok((await limitedFieldsAreCounted(page, 'new client')) >= 3);
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });

  test('a reply sent offline says so with Retry, keeps the text, and goes once the network is back', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/tickets/${ticketId}`);
    await signIn(page, PORTAL_CONTACT);
    await page.getByTestId('reply-body').waitFor();

    const text = 'It jammed again at 08:40, with the red light on.';
    await page.getByTestId('reply-body').fill(text);
    await context.setOffline(true);
    await page.getByTestId('reply-submit').click();
    const error = page.getByTestId('reply-error');
    await error.waitFor({ timeout: 15_000 });
    assert.match(await error.innerText(), /Could not reach the server/);
    assert.match(await error.innerText(), /kept/);
    assert.equal(await page.getByTestId('reply-body').inputValue(), text);
    assert.equal(
      await page.getByTestId('reply-submit').getAttribute('data-loading'),
      null,
      'no endless spinner',
    );
    await page.getByTestId('offline-notice').waitFor();
    await screenshot(page, 'offline-reply');

    await context.setOffline(false);
    await page.getByTestId('offline-notice').waitFor({ state: 'detached' });
    await error.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('conversation').getByText('red light on').waitFor({ timeout: 15_000 });
    await page.getByTestId('reply-error').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('reply-body').inputValue(), '');
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('a new ticket raised offline keeps every field and is sent by Retry; a page loaded offline offers Retry', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/tickets/new`);
    await signIn(page, PORTAL_CONTACT);
    await page.getByTestId('ticket-subject').fill('Wi-Fi drops in the meeting room');
    await page.getByTestId('ticket-description').fill('Since Monday, every ten minutes.');
    await context.setOffline(true);
    await page.getByTestId('ticket-submit').click();
    const error = page.getByTestId('new-ticket-error');
    await error.waitFor({ timeout: 15_000 });
    assert.match(await error.innerText(), /Could not reach the server/);
    assert.equal(await page.getByTestId('ticket-subject').inputValue(), 'Wi-Fi drops in the meeting room');
    assert.equal(
      await page.getByTestId('ticket-description').inputValue(),
      'Since Monday, every ten minutes.',
    );

    // A page whose data is fetched while offline: an error with Retry, not an endless spinner.
    await page.getByRole('link', { name: 'Your profile' }).first().click();
    const failed = page.getByTestId('error-state').first();
    await failed.waitFor({ timeout: 30_000 });
    assert.match(await failed.innerText(), /Could not reach the server/);
    await screenshot(page, 'offline-page');
    await context.setOffline(false);
    await failed.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('profile-name').waitFor({ timeout: 15_000 });

    // Any form's save: the same message, and Retry sends the form again.
    await page.getByTestId('profile-phone').fill('+44 20 7946 0018');
    await context.setOffline(true);
    await page.getByTestId('profile-save').click();
    const notSaved = page.getByRole('alert').filter({ hasText: 'Could not reach the server' });
    await notSaved.waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('profile-phone').inputValue(), '+44 20 7946 0018');
    await context.setOffline(false);
    await notSaved.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('profile-saved').waitFor({ timeout: 15_000 });

    // Back to the form: it was left, so it starts again; the ticket is sent with Retry after a failure.
    await page.goBack();
    await page.getByTestId('ticket-subject').fill('Wi-Fi drops in the meeting room');
    await page.getByTestId('ticket-description').fill('Since Monday, every ten minutes.');
    await context.setOffline(true);
    await page.getByTestId('ticket-submit').click();
    await page.getByTestId('new-ticket-error').waitFor({ timeout: 15_000 });
    await context.setOffline(false);
    await page.getByTestId('new-ticket-error').getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('ticket-title').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('ticket-title').innerText(), /Wi-Fi drops/);
    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('the frame paints in the brand before the scripts load', async () => {
    const branding = (await (await staff.request.get(`${server.url}/api/v1/branding`)).json()) as {
      portalName: string;
      organisationName: string;
      primaryColor: string;
    };
    // Unset: the catalogue's default, in the organisation's language (English here).
    branding.portalName ||= `${branding.organisationName} client portal`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let scriptsAsked = 0;
    // The app's scripts are held. The colour-scheme script at the top of <head> is not: it is a few
    // hundred bytes that must run before the first paint (like a stylesheet), so holding it holds the paint.
    await page.route('**/assets/*.js', async (route) => {
      if (route.request().url().includes('/assets/colour-scheme-boot-')) return route.continue();
      scriptsAsked++;
      await held;
      await route.continue();
    });
    await page.goto(`${server.url}/portal/`, { waitUntil: 'commit' });
    const frame = page.getByTestId('boot-frame');
    await frame.waitFor({ timeout: 15_000 });
    // The request for the scripts may reach the route a moment after the frame shows.
    for (let i = 0; i < 100 && scriptsAsked === 0; i++) await page.waitForTimeout(100);
    assert.ok(scriptsAsked > 0, 'the page asked for its scripts');
    assert.equal(
      await page.evaluate(() =>
        document.querySelector('[data-testid="app-header"], [data-testid="sign-in-email"]'),
      ),
      null,
    );
    assert.equal(await page.getByTestId('boot-brand').innerText(), branding.portalName);
    const strip = await page
      .locator('.portico-boot-header')
      .evaluate((el) => getComputedStyle(el).borderTopColor);
    const hex = branding.primaryColor.replace('#', '');
    const rgb = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    assert.equal(strip, `rgb(${rgb.join(', ')})`);
    assert.equal(await page.title(), branding.portalName);
    await screenshot(page, 'boot-frame-1280');
    await page.setViewportSize({ width: 360, height: 740 });
    await noSidewaysScroll(page, 'the frame at 360 px');
    await screenshot(page, 'boot-frame-360');

    // The scripts run while who is signed in is still on its way: the frame stays, drawn by React now.
    let releaseMe: () => void = () => {};
    const meHeld = new Promise<void>((resolve) => {
      releaseMe = resolve;
    });
    await page.route('**/api/v1/me', async (route) => {
      await meHeld;
      await route.continue();
    });
    await page.setViewportSize({ width: 1280, height: 900 });
    release();
    await page.waitForFunction(() =>
      Object.keys(document.getElementById('root') ?? {}).some((k) => k.startsWith('__reactContainer')),
    );
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId('boot-frame').count(), 1);
    assert.equal(await page.getByTestId('boot-brand').innerText(), branding.portalName);
    assert.equal(
      await page.locator('.portico-boot-header').evaluate((el) => getComputedStyle(el).borderTopColor),
      `rgb(${rgb.join(', ')})`,
    );
    await screenshot(page, 'boot-frame-react-1280');
    releaseMe();
    await page.getByTestId('sign-in-email').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('boot-frame').count(), 0, 'React replaced the frame');
    await context.close();
  });

  /** Waits for the browser to lay out and paint the page once more. */
  const nextFrame = (page: Page) =>
    page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );

  /** Narrowed to 360 px: checked at once (nothing slides across) and again once everything has settled. */
  async function checkNarrowed(page: Page, where: string) {
    await page.setViewportSize({ width: 360, height: 740 });
    await nextFrame(page);
    await navigationClosed(page, `${where}, at once`);
    await noSidewaysScroll(page, `${where}, at once`);
    await page.waitForTimeout(400);
    await navigationClosed(page, where);
    await noSidewaysScroll(page, where);
  }

  /** Opens each page wide, narrows the window to 360 px and checks nothing is left open or too wide. */
  async function narrowEachPage(page: Page, pages: { path: string; ready: string }[], face: string) {
    for (const { path, ready } of pages) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${server.url}${path}`);
      await page.getByTestId(ready).first().waitFor();
      await checkNarrowed(page, `${face} ${path} narrowed to 360 px`);
      const slug = path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home';
      await screenshot(page, `narrowed-${face}-${slug}-360`);
    }
    // Open the drawer at 360, widen, narrow again: it is shut, not left (half) open over the page.
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.waitForTimeout(400);
    const open = await page.evaluate(
      () => document.getElementById('app-navigation')?.getBoundingClientRect().right,
    );
    assert.equal(open, 360, `${face}: the drawer opens over the page at 360 px`);
    await screenshot(page, `drawer-open-${face}-360`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForTimeout(400);
    await screenshot(page, `widened-${face}-1280`);
    await checkNarrowed(page, `${face}: the drawer was open, the window widened and narrowed again`);
  }

  test('narrowing a signed-in portal window to 360 px closes the navigation and nothing is wider than the screen', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}/portal/`);
    await signIn(page, PORTAL_CONTACT);
    await screenshot(page, 'portal-home-1280');
    await narrowEachPage(
      page,
      [
        { path: '/portal/', ready: 'home-tickets' },
        { path: '/portal/tickets', ready: 'tickets-table' },
        { path: `/portal/tickets/${ticketId}`, ready: 'ticket-title' },
        { path: '/portal/tickets/new', ready: 'new-ticket-form' },
        { path: '/portal/profile', ready: 'profile-name' },
      ],
      'portal',
    );

    assert.deepEqual(realProblems(problems), []);
    await context.close();
  });

  test('narrowing the staff app to 360 px: the same', async () => {
    const page = await staff.newPage();
    const problems = watchConsole(page);
    await narrowEachPage(
      page,
      [
        { path: '/staff/', ready: 'app-header' },
        { path: '/staff/tickets', ready: `ticket-row-${ticketId}` },
        { path: `/staff/tickets/${ticketId}`, ready: 'composer' },
        { path: '/staff/tickets/new', ready: 'new-ticket-subject' },
        { path: '/staff/profile', ready: 'profile-name' },
        { path: '/staff/clients', ready: 'app-header' },
        { path: '/staff/settings', ready: 'settings-name' },
      ],
      'staff',
    );
    assert.deepEqual(realProblems(problems), []);
    await page.close();
  });
});
