/**
 * Accessibility checks with axe-core (WCAG 2.2 AA) for the browser tests.
 *
 * `checkA11y(page)` runs axe on the page as it is and fails on any serious or critical violation, with a
 * message naming the rule, the elements and, for colour contrast, the colours and the ratio.
 *
 * `watchA11y(context)` makes the check automatic: every page of the context is checked after each
 * navigation (a full load or a client-side route change) once the page has settled (no DOM changes and no
 * running transitions for a moment), and closing the context fails when any check found a violation.
 * `launchBrowser()` (browser.ts) installs it on every context, so every browser test checks every page it
 * visits without asking.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.0, 2.1 and 2.2 A and AA rules. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;
/** Impacts that fail a test. */
const FAILING = new Set(['serious', 'critical']);

export interface A11yViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string; summary: string; contrast?: string }[];
}

export interface A11yReport {
  url: string;
  violations: A11yViolation[];
}

/** Paths of the app; other pages (the third-party API docs) are not ours to check. */
const APP_PATH = /^\/(staff|portal|setup)(\/|$)/;

function isAppUrl(url: string): boolean {
  try {
    return APP_PATH.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/**
 * tsx compiles the functions below with esbuild's keepNames, which wraps named inner functions in a
 * `__name(...)` call; the page has no such helper, so it gets one that does nothing.
 */
const nameShim = 'globalThis.__name ??= (fn) => fn;';

/** Runs axe in the page and returns the serious and critical violations (none: an empty list). */
export async function runAxe(page: Page): Promise<A11yReport> {
  // page.evaluate is not subject to the page's Content-Security-Policy, unlike a script tag.
  const hasAxe = await page.evaluate(`${nameShim} 'axe' in window`);
  if (!hasAxe) await page.evaluate(axeSource);
  const violations = await page.evaluate(
    async ({ tags }) => {
      interface AxeNode {
        target: unknown[];
        failureSummary?: string;
        any: { id: string; data?: Record<string, unknown> | null }[];
      }
      interface AxeResult {
        id: string;
        impact?: string | null;
        help: string;
        nodes: AxeNode[];
      }
      const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<unknown> } }).axe;
      // Another check may still be running in this page (a watch started on navigation, under load):
      // axe refuses a second run at once, so wait for the first to end (checked and started in one tick).
      const running = () => (axe as unknown as { _running?: boolean })._running === true;
      for (let waited = 0; running() && waited < 60_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const result = (await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      })) as { violations: AxeResult[] };
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        nodes: v.nodes.map((n) => {
          const data = n.any.find((c) => c.id === 'color-contrast')?.data as
            | { fgColor?: string; bgColor?: string; contrastRatio?: number; expectedContrastRatio?: string }
            | undefined;
          return {
            target: n.target.map(String).join(' '),
            summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
            ...(data?.fgColor
              ? {
                  contrast: `${data.fgColor} on ${data.bgColor} is ${data.contrastRatio}:1, needs ${data.expectedContrastRatio}`,
                }
              : {}),
          };
        }),
      }));
    },
    { tags: [...AXE_TAGS] },
  );
  return { url: page.url(), violations: violations.filter((v) => FAILING.has(v.impact)) };
}

/** A readable list of violations, one rule then one element a line. */
export function describeViolations(reports: A11yReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    for (const v of report.violations) {
      lines.push(`${report.url}: ${v.impact} ${v.id} (${v.help}), ${v.nodes.length} element(s)`);
      for (const node of v.nodes.slice(0, 8)) {
        lines.push(`    ${node.target}${node.contrast ? `: ${node.contrast}` : ''}`);
        if (!node.contrast && node.summary) lines.push(`      ${node.summary.slice(0, 300)}`);
      }
      if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more`);
    }
  }
  return lines.join('\n');
}

/** Fails when axe finds a serious or critical WCAG 2.2 AA violation on the page as it is now. */
export async function checkA11y(page: Page, what?: string): Promise<void> {
  const report = await runAxe(page);
  if (report.violations.length > 0) {
    assert.fail(`Accessibility violations${what ? ` (${what})` : ''}:\n${describeViolations([report])}`);
  }
}

/**
 * Waits in the page until nothing has changed for `quietMs` (no DOM mutation, no finite animation or
 * transition running), at most `maxMs`. Returns whether the page settled.
 */
async function settle(page: Page, quietMs = 400, maxMs = 8000): Promise<boolean> {
  await page.evaluate(nameShim);
  return page.evaluate(
    ({ quietMs, maxMs }) =>
      new Promise<boolean>((resolve) => {
        let last = performance.now();
        const start = last;
        const observer = new MutationObserver(() => {
          last = performance.now();
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        const running = () =>
          document.getAnimations().some((a) => {
            const end = a.effect?.getComputedTiming().endTime;
            return a.playState === 'running' && typeof end === 'number' && Number.isFinite(end);
          });
        const tick = () => {
          const now = performance.now();
          if (running()) last = now;
          if (now - last >= quietMs && document.readyState === 'complete') {
            observer.disconnect();
            resolve(true);
          } else if (now - start > maxMs) {
            observer.disconnect();
            resolve(false);
          } else setTimeout(tick, 50);
        };
        setTimeout(tick, 50);
      }),
    { quietMs, maxMs },
  );
}

/** Marks that the DOM changed while axe ran (the result may describe a page in between two states). */
async function changedDuring(page: Page, run: () => Promise<A11yReport>): Promise<A11yReport | null> {
  await page.evaluate(() => {
    const w = window as unknown as {
      __porticoA11yChanged?: boolean;
      __porticoA11yObserver?: MutationObserver;
    };
    w.__porticoA11yObserver?.disconnect();
    w.__porticoA11yChanged = false;
    w.__porticoA11yObserver = new MutationObserver(() => {
      w.__porticoA11yChanged = true;
    });
    w.__porticoA11yObserver.observe(document, { subtree: true, childList: true, attributes: true });
  });
  const report = await run();
  const changed = await page.evaluate(() => {
    const w = window as unknown as {
      __porticoA11yChanged?: boolean;
      __porticoA11yObserver?: MutationObserver;
    };
    w.__porticoA11yObserver?.disconnect();
    return w.__porticoA11yChanged === true;
  });
  return changed ? null : report;
}

/** Waits for the page to settle and runs axe (again when the DOM changed under it). */
export async function settledReport(page: Page): Promise<A11yReport> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await settle(page);
    const report = await changedDuring(page, () => runAxe(page));
    if (report) return report;
  }
  throw new Error(`${page.url()}: the page kept changing, so axe could not check it`);
}

/** Waits for the page to settle, then fails on any serious or critical violation. */
export async function checkPage(page: Page, what: string): Promise<void> {
  const report = await settledReport(page);
  if (report.violations.length > 0) {
    assert.fail(`Accessibility violations (${what}):\n${describeViolations([report])}`);
  }
}

interface Watch {
  reports: A11yReport[];
  checked: number;
  pending: Set<Promise<void>>;
}

const watches = new WeakMap<BrowserContext, Watch>();
/** Contexts open now, so the hook after each test can report what their checks found. */
const open = new Set<BrowserContext>();

/** The violations the automatic checks found in a context so far, and how many pages they checked. */
export function a11yFindings(context: BrowserContext): { reports: A11yReport[]; checked: number } {
  const watch = watches.get(context);
  return { reports: watch?.reports ?? [], checked: watch?.checked ?? 0 };
}

/** Waits (at most `maxMs`) for the automatic checks still running. */
async function idle(pending: Set<Promise<void>>, maxMs = 45_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (pending.size > 0 && Date.now() < deadline) {
    await Promise.race([Promise.allSettled([...pending]), new Promise((r) => setTimeout(r, 1000))]);
  }
}

/** Waits for the automatic checks still running in a context. */
export function a11yIdle(context: BrowserContext): Promise<void> {
  const watch = watches.get(context);
  return watch ? idle(watch.pending) : Promise.resolve();
}

function watchPage(page: Page, watch: Watch) {
  let generation = 0;
  const mine = new Set<Promise<void>>();
  const check = async (gen: number, url: string) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (gen !== generation || page.isClosed()) return;
      try {
        if (!(await settle(page))) continue;
        if (gen !== generation) return;
        const report = await changedDuring(page, () => runAxe(page));
        if (gen !== generation) return;
        if (report) {
          watch.checked++;
          if (report.violations.length > 0) watch.reports.push({ ...report, url });
          return;
        }
      } catch {
        // The document was replaced while it was being checked; try again on the page as it is now.
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame() || !isAppUrl(frame.url())) return;
    const gen = ++generation;
    const task = check(gen, frame.url());
    for (const set of [mine, watch.pending]) {
      set.add(task);
      void task.finally(() => set.delete(task));
    }
  });
  // A test that closes its page right after the last step still has that page checked.
  const close = page.close.bind(page);
  page.close = async (options) => {
    await idle(mine);
    await close(options);
  };
}

function takeFindings(): string | null {
  const found: A11yReport[] = [];
  for (const context of open) found.push(...(watches.get(context)?.reports.splice(0) ?? []));
  return found.length > 0 ? describeViolations(found) : null;
}

/**
 * Checks every page the context opens after each navigation. What the checks find fails the test that
 * was running (the hook below), or `context.close()` when the context outlives its tests. Safe to call
 * more than once.
 */
export function watchA11y(context: BrowserContext): BrowserContext {
  if (watches.has(context)) return context;
  const watch: Watch = { reports: [], checked: 0, pending: new Set() };
  watches.set(context, watch);
  open.add(context);
  for (const page of context.pages()) watchPage(page, watch);
  context.on('page', (page) => watchPage(page, watch));
  const close = context.close.bind(context);
  context.close = async (options) => {
    await idle(watch.pending);
    open.delete(context);
    await close(options);
    const found = watch.reports.splice(0);
    if (found.length > 0) {
      assert.fail(`Accessibility violations on pages this test visited:\n${describeViolations(found)}`);
    }
  };
  return context;
}

// After each test in a file that uses the browser helpers: wait for the checks of the pages still open,
// and fail the test with what they found.
afterEach(async () => {
  await Promise.all([...open].map((context) => a11yIdle(context)));
  const found = takeFindings();
  if (found) assert.fail(`Accessibility violations on pages this test visited:\n${found}`);
});
