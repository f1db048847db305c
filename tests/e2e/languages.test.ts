/**
 * Languages in the browser (issue 13): the portal and the staff app in the pseudo-locale (en-XA) and in
 * Arabic, at 1280 and 360 px. On every page: `<html lang dir>` says the language and its direction; the
 * page is no wider than the screen; axe finds no serious or critical violation; and in the pseudo-locale
 * every visible text outside people's own data carries the pseudo-locale's markers (⟦ ⟧), so a string
 * left in English shows. People's data is what sits in an element with `dir="auto"` (names, subjects,
 * messages), in a `<bdi>` or in a `<time>` (dates and durations come from Intl, not the catalogues).
 * The walk also opens what a page keeps closed until asked: the navigation drawer at 360 px, the
 * language picker and other selects' option lists (the profile's, the new-ticket forms', the time zones of
 * the settings and the client form), and a confirm
 * dialog, and checks the page again with each open. Screenshots of portal pages in Arabic land in
 * test-artifacts/. The tab's title follows a change of language without a reload, and the page shown.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describeViolations, settledReport } from '../support/a11y.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { csrfOf, DEMO_PASSWORD, OWNER, setUpWithDemo, signIn } from '../support/e2e.ts';
import { type RunningServer, startServer } from '../support/server.ts';

/** The staff app's tab title in German, from the catalogue (its wording may be reviewed). */
const germanStaffTitle = (
  JSON.parse(
    readFileSync(new URL('../../src/shared/i18n/locales/de/staffApp.json', import.meta.url), 'utf8'),
  ) as { documentTitle: string }
).documentTitle.replace('{organisation}', 'Harbour IT');

const languages = [
  { code: 'en-XA', dir: 'ltr' },
  { code: 'ar', dir: 'rtl' },
] as const;
const widths = [1280, 360] as const;

interface Problem {
  page: string;
  what: string;
}

/**
 * Visible text nodes with a letter outside the pseudo-locale's markers, outside people's data. A letter is
 * covered when, in the text of the node's element or of one of its ancestors (a sentence may hold a linked
 * name or another translated word, so its markers open and close in other nodes), more ⟦ than ⟧ precede it.
 * People's data: inside `dir="auto"`, `<bdi>` (the browser isolates it: a name), `<time>`. Hidden text
 * (an unopened option list, a closed menu: the element or an ancestor is not rendered) is not read.
 */
async function untranslated(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const covered = (node: Text, ancestor: Element): boolean => {
      const range = document.createRange();
      range.setStart(ancestor, 0);
      range.setEnd(node, 0);
      let depth = 0;
      for (const char of range.toString()) depth += char === '⟦' ? 1 : char === '⟧' ? -1 : 0;
      for (const char of node.data) {
        if (char === '⟦') depth += 1;
        else if (char === '⟧') depth -= 1;
        else if (depth <= 0 && /\p{L}/u.test(char)) return false;
      }
      return true;
    };
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const text = node.data;
      if (!/\p{L}/u.test(text)) continue;
      const element = node.parentElement;
      if (!element) continue;
      if (element.closest('[dir="auto"], bdi, time, script, style, noscript')) continue;
      if (element.closest('[aria-hidden="true"]') && !element.closest('[role="timer"]')) continue;
      if (!element.checkVisibility({ visibilityProperty: true })) continue;
      let ok = false;
      for (
        let up: Element | null = element;
        up && up !== document.documentElement && !ok;
        up = up.parentElement
      )
        ok = covered(node, up);
      if (ok) continue;
      const rect = element.getBoundingClientRect();
      const visuallyHidden = rect.width <= 1 && rect.height <= 1;
      found.push(`${visuallyHidden ? '(hidden) ' : ''}${text.trim().slice(0, 80)}`);
    }
    return [...new Set(found)];
  });
}

async function check(page: Page, path: string, language: (typeof languages)[number], found: Problem[]) {
  const report = await settledReport(page);
  if (report.violations.length > 0)
    found.push({ page: path, what: `axe:\n${describeViolations([{ ...report, url: path }])}` });
  const html = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  }));
  if (html.lang !== language.code) found.push({ page: path, what: `<html lang="${html.lang}">` });
  if (html.dir !== language.dir) found.push({ page: path, what: `<html dir="${html.dir}">` });
  if (html.overflow > 0) found.push({ page: path, what: `${html.overflow}px wider than the screen` });
  if (language.code === 'en-XA') {
    for (const text of await untranslated(page)) found.push({ page: path, what: `untranslated: “${text}”` });
  }
}

function summary(found: Problem[]): string {
  const lines = found.map((p) => `${p.page}: ${p.what}`);
  return `${found.length} problem(s):\n${lines.slice(0, 60).join('\n')}${lines.length > 60 ? '\n…' : ''}`;
}

const signedIn = (page: Page) => page.getByTestId('app-header').waitFor();

const navigationToggle = (page: Page) => page.locator('button[aria-controls="app-navigation"]');
/** The drawer, once it has slid in: a closed one stays in the page, moved off the screen. */
const openNavigation = (page: Page) => {
  const opened = page.locator('button[aria-controls="app-navigation"][aria-expanded="true"]');
  return {
    locator: opened,
    ready: () =>
      page.waitForFunction(() => {
        const nav = document.getElementById('app-navigation')?.getBoundingClientRect();
        return nav !== undefined && nav.left >= 0 && nav.right <= window.innerWidth;
      }),
  };
};
/** The option list of the Select that is open (Mantine renders it in a portal at the end of the body). */
const openListbox = (page: Page) => page.locator('[role="listbox"]:visible').first();

/**
 * Opens something a page keeps closed (a drawer, an option list, a dialog), checks the page with it open
 * as check() does, and closes it again (Escape unless told how). Returns false when `trigger` is not on
 * the page, so a caller can try another.
 */
async function checkOpened(
  page: Page,
  what: string,
  trigger: Locator,
  shown: () => Locator,
  language: (typeof languages)[number],
  found: Problem[],
  close?: () => Promise<void>,
  ready?: () => Promise<unknown>,
  whileOpen?: () => Promise<unknown>,
): Promise<boolean> {
  if ((await trigger.count()) === 0) return false;
  await trigger.first().click();
  const opened = shown();
  await opened.waitFor({ state: 'visible' });
  await ready?.();
  await whileOpen?.();
  // The options of an open list are visible text too: check that they are really there first.
  await check(page, what, language, found);
  if (close) await close();
  else await page.keyboard.press('Escape');
  await opened.waitFor({ state: 'hidden' });
  return true;
}

/**
 * Goes to a page (`url` + `path`) and opens each of its selects in turn (the section may show a moment
 * later), checking the page with the option list open; `whileOpen` runs with each list open.
 */
async function checkSelects(
  page: Page,
  url: string,
  path: string,
  selects: readonly string[],
  language: (typeof languages)[number],
  found: Problem[],
  whileOpen?: (select: string) => Promise<unknown>,
): Promise<void> {
  await page.goto(`${url}${path}`);
  await signedIn(page);
  for (const select of selects) {
    await page.getByTestId(select).waitFor();
    const opened = await checkOpened(
      page,
      `${path} (${select} open)`,
      page.getByTestId(select),
      () => openListbox(page),
      language,
      found,
      undefined,
      undefined,
      () => whileOpen?.(select) ?? Promise.resolve(),
    );
    assert.ok(opened, `${path} has ${select}`);
  }
}

/** The profile's language picker and its other selects (time zone, date format), each opened. */
function checkProfileSelects(
  page: Page,
  path: string,
  language: (typeof languages)[number],
  found: Problem[],
): Promise<void> {
  const selects = ['profile-language', 'profile-time-zone', 'profile-date-format'];
  return checkSelects(page, '', path, selects, language, found, async (select) => {
    if (language.code !== 'ar' || select !== 'profile-language') return;
    const face = path.includes('/staff/') ? 'staff' : 'portal';
    await screenshot(page, `lang-ar-${face}-language-picker-${page.viewportSize()?.width ?? 0}`);
  });
}

async function setLanguage(context: BrowserContext, url: string, language: string | null): Promise<void> {
  const res = await context.request.put(`${url}/api/v1/profile/locale`, {
    data: { language },
    headers: { 'x-csrf-token': await csrfOf(context) },
  });
  assert.equal(res.status(), 200, await res.text());
}

describe('languages: pseudo-locale and Arabic', () => {
  let server: RunningServer;
  let browser: Browser;
  let ticketId: number;
  let staffTicketId: number;
  let clientId: number;
  let colleagueId: number;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser({ a11y: false });
    const owner = await browser.newContext();
    await setUpWithDemo(owner, server.url);
    const tickets = await owner.request.get(`${server.url}/api/v1/tickets?limit=1`);
    staffTicketId = ((await tickets.json()) as { items: { id: number }[] }).items[0]!.id;
    const clients = await owner.request.get(`${server.url}/api/v1/clients?limit=1`);
    clientId = ((await clients.json()) as { items: { id: number }[] }).items[0]!.id;
    await owner.close();
    const contact = await browser.newContext();
    await contact.request.get(`${server.url}/api/v1/auth/csrf`);
    const login = await contact.request.post(`${server.url}/api/v1/auth/login`, {
      data: { email: 'primary@acme.example', password: DEMO_PASSWORD },
      headers: { 'x-csrf-token': await csrfOf(contact) },
    });
    assert.equal(login.status(), 200, await login.text());
    const mine = await contact.request.get(`${server.url}/api/v1/tickets?limit=1`);
    ticketId = ((await mine.json()) as { items: { id: number }[] }).items[0]!.id;
    const colleagues = await contact.request.get(`${server.url}/api/v1/colleagues`);
    // Someone else (their page offers to deactivate them, behind a confirm dialog).
    const listed = ((await colleagues.json()) as { items: { id: number; isYou: boolean }[] }).items;
    colleagueId = (listed.find((c) => !c.isYou) ?? listed[0]!).id;
    await contact.close();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  test('the tab title follows a change of language at once, and the page shown', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en' });
    const page = await context.newPage();
    const title = () => page.evaluate(() => document.title);
    const titleIs = (expected: string) =>
      page
        .waitForFunction((want) => document.title === want, expected, { timeout: 15_000 })
        .catch(async () => {
          assert.fail(`the title is “${await title()}”, not “${expected}”`);
        });
    try {
      await page.goto(`${server.url}/staff/`);
      await page.locator('main, form').first().waitFor();
      await signIn(page, OWNER.email, OWNER.password);
      await titleIs('Harbour IT staff');

      // The profile's language picker, saved: the title changes with the page, without a reload.
      await page.goto(`${server.url}/staff/profile`);
      await signedIn(page);
      await page.evaluate(() => {
        (window as unknown as { stillThisPage: boolean }).stillThisPage = true;
      });
      await page.getByTestId('profile-language').click();
      await page.getByRole('option', { name: 'Deutsch', exact: true }).click();
      await page.getByTestId('profile-locale-save').click();
      await titleIs(germanStaffTitle);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
      assert.ok(
        await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage),
        'no reload',
      );

      // A ticket names itself in the title while it is shown; the next page does not keep its name.
      const ticket = (await (
        await context.request.get(`${server.url}/api/v1/tickets/${staffTicketId}`)
      ).json()) as {
        number: string;
        subject: string;
      };
      await page.goto(`${server.url}/staff/tickets/${staffTicketId}`);
      await signedIn(page);
      await titleIs(`${ticket.number} ${ticket.subject} · ${germanStaffTitle}`);
      await page.locator('main a[href="/staff/tickets"]').first().click();
      await page.waitForURL(/\/staff\/tickets$/);
      await titleIs(germanStaffTitle);

      // Back to English the same way: the title follows again.
      await page.goto(`${server.url}/staff/profile`);
      await signedIn(page);
      await page.getByTestId('profile-language').click();
      await page.getByRole('option', { name: 'English', exact: true }).click();
      await page.getByTestId('profile-locale-save').click();
      await titleIs('Harbour IT staff');
    } finally {
      await setLanguage(context, server.url, null);
      await context.close();
    }
  });

  for (const language of languages) {
    for (const width of widths) {
      test(`portal in ${language.code} at ${width} px`, async () => {
        // The browser asks for the language, so the sign-in page speaks it before anyone signs in.
        const context = await browser.newContext({ viewport: { width, height: 900 }, locale: language.code });
        const page = await context.newPage();
        const found: Problem[] = [];
        for (const path of ['/portal/', '/portal/forgot-password']) {
          await page.goto(`${server.url}${path}`);
          await page.locator('main, form').first().waitFor();
          await check(page, `${path} (signed out)`, language, found);
        }
        await page.goto(`${server.url}/portal/`);
        await signIn(page, 'primary@acme.example');
        await setLanguage(context, server.url, language.code);
        const paths = [
          '/portal/',
          '/portal/tickets',
          '/portal/tickets/new',
          `/portal/tickets/${ticketId}`,
          '/portal/colleagues',
          `/portal/colleagues/${colleagueId}`,
          '/portal/profile',
          '/portal/no-such-page',
        ];
        for (const path of paths) {
          await page.goto(`${server.url}${path}`);
          await signedIn(page);
          await check(page, path, language, found);
          if (
            language.code === 'ar' &&
            ['/portal/', `/portal/tickets/${ticketId}`, '/portal/profile', '/portal/tickets'].includes(path)
          ) {
            const name =
              path
                .replace(/^\/portal\/?/, '')
                .replace(/\/\d+$/, '/ticket')
                .replace('/', '-') || 'home';
            await screenshot(page, `lang-ar-portal-${name}-${width}`);
          }
        }

        // What opens: the navigation drawer (narrow screens), selects' option lists, a confirm dialog.
        if (width === 360) {
          await page.goto(`${server.url}/portal/`);
          await signedIn(page);
          await checkOpened(
            page,
            '/portal/ (navigation open)',
            navigationToggle(page),
            () => openNavigation(page).locator,
            language,
            found,
            () => navigationToggle(page).click(),
            openNavigation(page).ready,
            async () => language.code === 'ar' && screenshot(page, `lang-ar-portal-navigation-${width}`),
          );
        }
        await checkProfileSelects(page, `${server.url}/portal/profile`, language, found);
        await page.goto(`${server.url}/portal/tickets/new`);
        await signedIn(page);
        await page.getByTestId('ticket-category').waitFor(); // shown once the ticket options are in
        assert.ok(
          await checkOpened(
            page,
            '/portal/tickets/new (category open)',
            page.getByTestId('ticket-category'),
            () => openListbox(page),
            language,
            found,
          ),
          'the new-ticket form has a category select',
        );
        let dialogs = 0;
        for (const [path, trigger] of [
          [`/portal/tickets/${ticketId}`, '[data-testid="ticket-close"], [data-testid="ticket-reopen"]'],
          [`/portal/colleagues/${colleagueId}`, '[data-testid="colleague-status-action"]'],
        ] as const) {
          await page.goto(`${server.url}${path}`);
          await signedIn(page);
          await page.locator('main h1').first().waitFor();
          const opened = await checkOpened(
            page,
            `${path} (confirm dialog open)`,
            page.locator(trigger),
            () => page.getByRole('dialog'),
            language,
            found,
            undefined,
            undefined,
            async () =>
              language.code === 'ar' && screenshot(page, `lang-ar-portal-confirm-${dialogs}-${width}`),
          );
          if (opened) dialogs += 1;
        }
        assert.ok(dialogs > 0, 'a confirm dialog was opened');
        await setLanguage(context, server.url, null);
        await context.close();
        assert.equal(found.length, 0, summary(found));
      });

      test(`staff app in ${language.code} at ${width} px`, async () => {
        const context = await browser.newContext({ viewport: { width, height: 900 }, locale: language.code });
        const page = await context.newPage();
        const found: Problem[] = [];
        await page.goto(`${server.url}/staff/`);
        await page.locator('main, form').first().waitFor();
        await check(page, '/staff/ (signed out)', language, found);
        await signIn(page, OWNER.email, OWNER.password);
        await setLanguage(context, server.url, language.code);
        for (const path of [
          '/staff/',
          '/staff/tickets',
          `/staff/tickets/${staffTicketId}`,
          '/staff/tickets/new',
          '/staff/clients',
          `/staff/clients/${clientId}`,
          '/staff/clients/new',
          '/staff/support',
          '/staff/settings',
          '/staff/inbound',
          '/staff/outbox',
          '/staff/audit',
          '/staff/profile',
          '/staff/no-such-page',
        ]) {
          await page.goto(`${server.url}${path}`);
          await signedIn(page);
          await check(page, path, language, found);
        }

        // What opens: the navigation drawer (narrow screens), selects' option lists, a confirm dialog.
        if (width === 360) {
          await page.goto(`${server.url}/staff/`);
          await signedIn(page);
          await checkOpened(
            page,
            '/staff/ (navigation open)',
            navigationToggle(page),
            () => openNavigation(page).locator,
            language,
            found,
            () => navigationToggle(page).click(),
            openNavigation(page).ready,
          );
        }
        await checkProfileSelects(page, `${server.url}/staff/profile`, language, found);
        await checkSelects(
          page,
          server.url,
          '/staff/tickets/new',
          ['new-ticket-client', 'new-ticket-category', 'new-ticket-assignee'],
          language,
          found,
        );
        if (language.code === 'ar') {
          await page.getByTestId('new-ticket-category').click();
          await openListbox(page).waitFor();
          await screenshot(page, `lang-ar-staff-new-ticket-category-${width}`);
          await page.keyboard.press('Escape');
        }
        // The time-zone selects of the organisation's settings and of a client: IANA names are the same in
        // every language (people's data to the walk: dir="auto"), "as the organisation" is translated.
        await checkSelects(page, server.url, '/staff/settings', ['settings-time-zone'], language, found);
        await checkSelects(
          page,
          server.url,
          '/staff/clients/new',
          ['client-time-zone', 'client-language'],
          language,
          found,
        );
        const contactsPath = `/staff/clients/${clientId}/contacts`;
        await page.goto(`${server.url}${contactsPath}`);
        await signedIn(page);
        await page.locator('[data-testid^="deactivate-contact-"]').first().waitFor();
        await checkOpened(
          page,
          `${contactsPath} (confirm dialog open)`,
          page.locator('[data-testid^="deactivate-contact-"]'),
          () => page.getByRole('dialog'),
          language,
          found,
        );
        await context.close();
        assert.equal(found.length, 0, summary(found));
      });
    }
  }
});
