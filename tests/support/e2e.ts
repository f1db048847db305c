/** Helpers the browser tests share: the owner they set up with, signing in, CSRF, console and layout checks. */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';

/** The owner most browser tests set the organisation up with. */
export const OWNER = {
  name: 'Maya Harbour',
  email: 'maya@harbour.example',
  password: 'harbour-owner-passphrase',
};

/** The password of every demo account. */
export const DEMO_PASSWORD = 'portico-demo';

/**
 * The browser logs every 4xx response itself as a console error. Returns a filter that drops those with
 * the statuses a test expects (say 401 before sign-in) and keeps every other problem.
 */
export function realProblemsIgnoring(...statuses: number[]): (problems: string[]) => string[] {
  const expected = new RegExp(`status of (${statuses.join('|')})`);
  return (problems) => problems.filter((p) => !expected.test(p));
}

/** The CSRF token the context's cookie holds (send it as x-csrf-token on writes). */
export async function csrfOf(context: BrowserContext): Promise<string> {
  return (await context.cookies()).find((c) => c.name.endsWith('portico_csrf'))?.value ?? '';
}

/** Fills the sign-in form and submits it, waiting for nothing (a code may be asked for, or an error shown). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

/** Signs in through the form (a demo account unless a password is given) and waits for the app. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await submitSignIn(page, email, password);
  await page.getByTestId('app-header').waitFor();
}

/** Fails when the page is wider than the screen. */
export async function noSidewaysScroll(page: Page, what?: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${what ? `${what}: ` : ''}the page is ${overflow}px wider than the screen`);
}

/**
 * Sets the organisation up through the API with the demo data, as the setup page would; `context` stays
 * signed in as the owner.
 */
export async function setUpWithDemo(context: BrowserContext, url: string, owner = OWNER): Promise<void> {
  await context.request.get(`${url}/api/v1/auth/csrf`);
  const setup = await context.request.post(`${url}/api/v1/setup`, {
    data: {
      organisationName: 'Harbour IT',
      ownerName: owner.name,
      ownerEmail: owner.email,
      ownerPassword: owner.password,
      loadDemo: true,
    },
    headers: { 'x-csrf-token': await csrfOf(context) },
  });
  assert.equal(setup.status(), 201, await setup.text());
}
