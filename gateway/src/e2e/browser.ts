import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Browser tests' harness: headless Chromium (Debian's `chromium` package, driven by playwright-core), pages that
 * may not reach past this machine, screenshots where the README says. Use:
 *
 *   const browser = await launchBrowser();
 *   const tab = await browser.open(`http://127.0.0.1:${port}/graphiql`);
 *   await expect(tab.page.getByText('Spanish for Beginners')).toBeVisible();   // or poll tab.page
 *   await tab.screenshot('graphiql-query');
 *   expect(tab.offsite).toEqual([]);
 *   await browser.close();                                                       // in afterAll
 */
export interface TestBrowser {
  /** A fresh page (its own cookies and storage) at `url`, once its `load` event has fired. */
  open(url: string): Promise<BrowserTab>;
  /** Closes every page and the browser; idempotent. */
  close(): Promise<void>;
}

export interface BrowserTab {
  page: Page;
  /** Every request the page made to a host other than this machine (WebSockets too), refused before it left. An offline page expects `[]`. */
  offsite: string[];
  /** Uncaught exceptions and `console.error` messages, for a test's failure message. */
  errors: string[];
  /** Saves the page as `<SCREENSHOTS_DIR>/<name>.png` and returns that path. */
  screenshot(name: string): Promise<string>;
}

export interface LaunchOptions {
  /** The Chromium binary. Default `CHROMIUM_PATH`, else `/usr/bin/chromium` (Debian's package; `.ci/run` installs it). */
  executablePath?: string;
  /** Default 1280 × 800. */
  viewport?: { width: number; height: number };
}

/** Where screenshots go (git-ignored): `SCREENSHOTS_DIR`, else `.artifacts/screenshots/` at the repository's root. */
export const SCREENSHOTS_DIR = process.env.SCREENSHOTS_DIR ?? path.resolve(__dirname, '../../../.artifacts/screenshots');

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether `url` stays on this machine (`data:` and `blob:` never leave it). */
export function isLocalUrl(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'about:') return true;
  return LOCAL_HOSTS.has(parsed.hostname);
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<TestBrowser> {
  const executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  const browser: Browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  const contexts: BrowserContext[] = [];
  let closing: Promise<void> | undefined;
  return {
    async open(url) {
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
      contexts.push(context);
      const offsite: string[] = [];
      const errors: string[] = [];
      await context.route('**/*', (route) => {
        const target = route.request().url();
        if (isLocalUrl(target)) return route.continue();
        offsite.push(target);
        return route.abort('blockedbyclient');
      });
      await context.routeWebSocket(
        (target) => !isLocalUrl(target.href),
        (socket) => {
          offsite.push(socket.url());
          return socket.close({ code: 1008, reason: 'offsite' });
        },
      );
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      // Chromium's console line for a failed load names no URL: record which one, and what it answered.
      page.on('response', (response) => {
        if (response.status() >= 500) void response.text().then((body) => errors.push(`${response.status()} ${response.url()}: ${body.slice(0, 500)}`), () => undefined);
      });
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(url);
      return {
        page,
        offsite,
        errors,
        async screenshot(name) {
          fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
          const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
          await page.screenshot({ path: file });
          return file;
        },
      };
    },
    close: () =>
      (closing ??= (async () => {
        await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
        await browser.close();
      })()),
  };
}
