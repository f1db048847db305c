/**
 * The set-up the demo-data browser tests share: a server of their own, a browser, the organisation set
 * up with the demo data (`staff` is a context signed in as the owner), and the two ways in that they
 * repeat: a contact signing in to the portal, and a staff page opened as the owner.
 */
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchConsole } from './browser.ts';
import { OWNER, setUpWithDemo, signIn } from './e2e.ts';
import { type RunningServer, startServer } from './server.ts';

export interface DemoWorld {
  /** Set once the describe's `before` has run. */
  readonly server: RunningServer;
  readonly browser: Browser;
  /** Signed in as the owner, 1280 × 900. */
  readonly staff: BrowserContext;
  /** The server's address. */
  readonly url: string;
  /**
   * A new context signed in to the portal as a demo contact, on the portal's home page (`seen`: the
   * console's problems). Close the context when done.
   */
  portalAs(
    email: string,
    viewport?: { width: number; height: number },
  ): Promise<{ context: BrowserContext; page: Page; seen: string[] }>;
  /** A page of the staff app in the owner's context, signed in when the session asks for it. */
  staffPage(path: string): Promise<{ page: Page; problems: string[] }>;
}

/** Registers the before and after hooks of the describe it is called in, and returns the world they build. */
export function demoWorld(): DemoWorld {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let staff: BrowserContext | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The demo world's ${what} is used before its before() ran`);
    return value;
  };

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

  const world: DemoWorld = {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get staff() {
      return ready(staff, 'staff context');
    },
    get url() {
      return world.server.url;
    },
    async portalAs(email, viewport = { width: 1280, height: 900 }) {
      const context = await world.browser.newContext({ viewport });
      const page = await context.newPage();
      const seen = watchConsole(page);
      await page.goto(`${world.url}/portal/`);
      await signIn(page, email);
      return { context, page, seen };
    },
    async staffPage(path) {
      const page = await world.staff.newPage();
      const problems = watchConsole(page);
      await page.goto(`${world.url}${path}`);
      await page.locator('[data-testid="app-header"], [data-testid="sign-in-email"]').first().waitFor();
      if (await page.getByTestId('sign-in-email').isVisible())
        await signIn(page, OWNER.email, OWNER.password);
      return { page, problems };
    },
  };
  return world;
}
